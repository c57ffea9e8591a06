import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { EXCEPTIONS, FLOORS } from '../src/core/floors';
import { REPO, checkLayering, fault, importsOf, repositoryImports, sourceFiles, specifiersOf } from './helpers/layering';

test('no import runs up a floor, sideways between rooms, from the framework into a plugin or between plugins', (t) => {
  const check = checkLayering(repositoryImports(), sourceFiles().length);
  t.log(`floors, bottom first: ${FLOORS.map((f) => f.name).join(' < ')}`);
  t.log(`${check.files} files, ${check.imports} relative imports; ${check.violations.length} violations; ${check.excused.length} imports excused by ${EXCEPTIONS.length} exceptions`);
  for (const line of check.excused) t.log(`excused: ${line}`);
  t.deepEqual(check.violations, []);
  t.deepEqual(check.stale, [], 'exceptions in src/core/floors.ts that no import needs any more: remove them');
});

test('the check reads every kind of import and finds each kind of fault', (t) => {
  const text = [
    "import { a } from '../runner/experiment';",
    "import type { B } from '../core/contracts';",
    "export { c } from './sibling';",
    "const d = require('../../plugins/mnist/models');",
    "const e = await import('../turing/page');",
    "import 'reflect-metadata';",
  ].join('\n');
  const imports = importsOf('src/eval/example.ts', text);
  t.deepEqual(imports.map((i) => i.to), ['src/runner/experiment', 'src/core/contracts', 'src/eval/sibling', 'plugins/mnist/models', 'src/turing/page']);
  t.deepEqual(imports.map((i) => fault(i) !== undefined), [true, false, false, true, true]);
  t.truthy(fault({ from: 'plugins/svhn/download', to: 'plugins/cifar10/download-file' }));
  t.truthy(fault({ from: 'plugins/mnist/models', to: 'src/store/files' }));
  t.is(fault({ from: 'plugins/mnist/models', to: 'src/nn/dense' }), undefined);
  t.truthy(fault({ from: 'src/engine/backend', to: 'src/core/registry' }));
  t.is(fault({ from: 'src/engine/backend', to: 'src/core/errors' }), undefined);
  t.truthy(fault({ from: 'src/newfolder/x', to: 'src/core/errors' }), 'a folder missing from the floors fails');
});

test("DESIGN.md's folder catalogue names every folder of src/ and plugins/, and every floor's rooms", (t) => {
  const design = fs.readFileSync(path.join(REPO, 'DESIGN.md'), 'utf8');
  const catalogue = design.slice(design.indexOf('## Folders'), design.indexOf('## Contracts'));
  const folders = ['src', 'plugins'].flatMap((root) =>
    fs.readdirSync(path.join(REPO, root), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name),
  );
  t.deepEqual(folders.filter((name) => !new RegExp(`\\b${name}/`).test(catalogue)), []);
  const rooms = FLOORS.flatMap((f) => f.rooms);
  t.deepEqual(rooms.filter((room) => !design.includes(room.replace(/^src\/core\//, 'core/'))), []);
});

test('every plugin has its tests under test/plugins/<name>/, and every such folder is a plugin', (t) => {
  const folders = (root: string) => fs.readdirSync(path.join(REPO, root), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  const plugins = folders('plugins');
  const tested = folders('test/plugins');
  t.deepEqual(plugins.filter((p) => !tested.includes(p)), [], 'plugins without a test folder');
  t.deepEqual(tested.filter((p) => !plugins.includes(p)), [], 'test folders of no plugin');
  for (const name of tested) t.true(fs.readdirSync(path.join(REPO, 'test/plugins', name)).some((f) => f.endsWith('.test.ts')), `test/plugins/${name} holds no test file`);
});

test('the examples import ssgan only as a user can: ssgan/plugin, besides Node built-ins', (t) => {
  const files = sourceFiles(REPO, ['examples']);
  t.true(files.length >= 2, `example files: ${files.join(', ')}`);
  const imports = files.flatMap((file) => specifiersOf(fs.readFileSync(path.join(REPO, file), 'utf8')).map((spec) => `${file}: ${spec}`));
  t.true(imports.some((line) => line.endsWith(': ssgan/plugin')));
  t.deepEqual(imports.filter((line) => !/: (ssgan\/plugin|node:[a-z/]+)$/.test(line)), []);
});
