/**
 * The guide's walk from a user's seat: ssgan packed with `npm pack`, installed into a scratch
 * project, the guide's plugins type-checked against `ssgan/plugin` and its dataset plugin trained
 * with `npx ssgan`.
 * No tsx there: the installed ssgan compiles the TypeScript plugin itself. One test, as npm
 * install takes a minute or two.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { tempDir } from './helpers/own-data';

const REPO = path.resolve(__dirname, '..');
const TSC = path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 480_000 });
}

function succeeded(result: SpawnSyncReturns<string>): boolean {
  return result.status === 0;
}

test('npm pack, npm install into a scratch project, tsc on the guide\'s plugins, npx ssgan run trains one', (t) => {
  const packs = tempDir('tarball');
  const project = tempDir('scratch-project');
  // The scratch project's node_modules is about 450 MB.
  t.teardown(() => [packs, project].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
  const pack = run('npm', ['pack', '--ignore-scripts', '--pack-destination', packs], REPO);
  t.true(succeeded(pack), pack.stderr);
  const tarball = path.join(packs, fs.readdirSync(packs).find((f) => f.endsWith('.tgz'))!);

  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-plugins', private: true }));
  // SSGAN_NATIVE=0 skips the native addon's compile: training runs on plain wasm, and the install is shorter.
  const install = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project, { ...process.env, SSGAN_NATIVE: '0' });
  t.true(succeeded(install), install.stderr);
  t.log(`npm install: ${install.stdout.trim().split('\n').pop()}`);

  // The guide's dataset plugin, and its model plugin, whose layers' types come from the installed declarations.
  for (const example of ['quadrants', 'narrow-mlp']) {
    fs.mkdirSync(path.join(project, 'plugins', example), { recursive: true });
    fs.copyFileSync(path.join(REPO, 'examples', example, 'index.ts'), path.join(project, 'plugins', example, 'index.ts'));
  }
  fs.writeFileSync(
    path.join(project, 'tsconfig.json'),
    '{ "compilerOptions": { "module": "nodenext", "strict": true, "noEmit": true, "skipLibCheck": true }, "include": ["plugins"] }\n',
  );
  const typecheck = run(process.execPath, [TSC, '-p', '.'], project);
  t.true(succeeded(typecheck), typecheck.stdout);
  // The types are real, not `any`: a loader returning a number, or a layer given a misspelt option, does not type-check.
  const wrongFile = path.join(project, 'plugins', 'wrong', 'index.ts');
  fs.mkdirSync(path.dirname(wrongFile));
  fs.writeFileSync(wrongFile, [
    "import { WeightNormDense, definePlugin } from 'ssgan/plugin';",
    "export default definePlugin({ datasets: [{ name: 'x', description: 'x', async load() { return 42; } }] });",
    "export const logits = new WeightNormDense('logits', { unit: 10 });",
    '',
  ].join('\n'));
  const wrong = run(process.execPath, [TSC, '-p', '.'], project);
  t.log(`tsc on a loader returning a number and a misspelt layer option: ${wrong.stdout.trim()}`);
  t.not(wrong.status, 0);
  t.regex(wrong.stdout, /plugins\/wrong\/index\.ts\(2,\d+\): error TS\d+: .*number.*Dataset/s);
  t.regex(wrong.stdout, /plugins\/wrong\/index\.ts\(3,\d+\): error TS\d+: .*'unit'/);
  fs.rmSync(path.dirname(wrongFile), { recursive: true });

  const train = run('npx', ['--no', 'ssgan', 'run', '--plugins', 'plugins', '--dataset', 'quadrants', '--epochs', '1', '--iterations-per-epoch', '2', '--reports', 'reports', '--run-id', 'walk'], project);
  t.log(`npx ssgan run:\n${train.stdout}${train.stderr}`);
  t.is(train.status, 0);
  const summary = JSON.parse(fs.readFileSync(path.join(project, 'reports', 'walk', 'summary.json'), 'utf8'));
  t.like(summary, { complete: true, preset: 'quadrants-fm', dataset: 'quadrants', epochs: 1 });
  t.true(fs.realpathSync(path.join(project, 'node_modules', 'ssgan')).startsWith(fs.realpathSync(project)), 'ssgan is installed, not linked to the repository');
});
