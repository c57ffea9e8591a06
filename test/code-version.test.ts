/** The code version a checkpoint records: the package version and a hash that follows every code file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { codeHash, codeVersion } from '../src/store/code-version';
import { tempDir } from './helpers/own-data';

test('the code version is the package version plus 12 hex digits of the code hash', (t) => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  t.regex(codeVersion(), new RegExp(`^${version.replace(/\./g, '\\.')}\\+[0-9a-f]{12}$`));
});

test('the code hash changes when a code file is edited, added or renamed, and only then', (t) => {
  const dir = tempDir('code-hash');
  fs.mkdirSync(path.join(dir, 'gan'));
  fs.writeFileSync(path.join(dir, 'gan', 'trainer.js'), 'exports.step = 1;\n');
  fs.writeFileSync(path.join(dir, 'README.md'), 'not code\n');
  const first = codeHash([dir]);
  t.is(codeHash([dir]), first, 'deterministic');
  fs.writeFileSync(path.join(dir, 'README.md'), 'still not code\n');
  t.is(codeHash([dir]), first, 'documentation does not count');
  fs.writeFileSync(path.join(dir, 'gan', 'trainer.js'), 'exports.step = 2;\n');
  const edited = codeHash([dir]);
  t.not(edited, first);
  fs.writeFileSync(path.join(dir, 'noise.c'), 'int x;\n');
  const added = codeHash([dir]);
  t.not(added, edited);
  fs.renameSync(path.join(dir, 'noise.c'), path.join(dir, 'noise2.c'));
  t.not(codeHash([dir]), added);
  t.is(codeHash([dir, path.join(dir, 'missing')]), codeHash([dir]), 'a missing folder adds nothing');
});
