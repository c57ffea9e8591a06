/** The ablation runner: its variants, its refusals, `ssgan ablate` writing the table, and its resume. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { createRegistry } from '../src/core/container';
import { discoverPlugins } from '../src/core/plugins';
import { coreModule } from '../src/gan/module';
import { ablationVariants } from '../src/runner/ablation';
import { ssgan, ssganKilledWhen } from './helpers/cli';

const registry = createRegistry([coreModule, ...discoverPlugins().plugins.map((p) => p.module)]);

test('variants: the full preset, then each technique removed or added alone', (t) => {
  const base = registry.preset('cifar10-mbd').config;
  const variants = ablationVariants(registry, base, ['vbn', 'label-smoothing', 'mbd'], ['historical-averaging']);
  t.deepEqual(variants.map((v) => v.name), ['full', '-virtual-batch-norm', '-label-smoothing', '-minibatch-discrimination', '+historical-averaging']);
  t.is(variants[0].config, base);
  const on = (i: number, name: string) => variants[i].techniques[name].enabled;
  t.true(on(0, 'virtual-batch-norm') && on(0, 'label-smoothing') && on(0, 'minibatch-discrimination') && !on(0, 'historical-averaging'));
  t.false(on(1, 'virtual-batch-norm'));
  t.true(on(1, 'label-smoothing') && on(1, 'minibatch-discrimination'));
  t.false(on(2, 'label-smoothing'));
  t.false(on(3, 'minibatch-discrimination'));
  // "-MBF" keeps the generator loss that came with minibatch discrimination, as the paper's ablation.
  t.deepEqual(variants[3].config.generatorObjectives, base.generatorObjectives);
  t.true(on(4, 'historical-averaging'));
});

test('removing a technique the preset does not use, or adding one it does, is refused', (t) => {
  const base = registry.preset('mnist-fm').config;
  t.throws(() => ablationVariants(registry, base, ['mbd'], []), { message: /does not use minibatch-discrimination/ });
  t.throws(() => ablationVariants(registry, registry.preset('mnist-mbd').config, [], ['vbn']), { message: /already uses virtual-batch-norm/ });
  t.throws(() => ablationVariants(registry, base, ['no-such-thing'], []), { message: /unknown technique 'no-such-thing'/ });
});

test.serial('ssgan ablate writes one table with a row per variant and each variant\'s techniques in its config.json', (t) => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-ablate-'));
  const out = ssgan([
    'ablate', '--preset', 'mnist-fm', '--with', 'label-smoothing', '--without', 'gaussian-noise', '--seeds', '1', '--epochs', '1',
    '--iterations-per-epoch', '3', '--score-samples', '0', '--reports', reports, '--ablation-id', 'a', '--backend', 'wasm', '--jobs', '1',
  ]);
  t.is(out.status, 0, out.stderr);
  const table = fs.readFileSync(path.join(reports, 'a', 'ablation.md'), 'utf8');
  for (const row of ['| full |', '| -gaussian-noise |', '| +label-smoothing |']) t.true(table.includes(row), table);
  t.true(table.includes('No sample scores: --score-samples 0'), table);
  const saved = JSON.parse(fs.readFileSync(path.join(reports, 'a', 'with-label-smoothing', 'config.json'), 'utf8'));
  t.deepEqual(saved.techniques['label-smoothing'], { enabled: true, alpha: 0.9 });
  t.is(saved.config.discriminatorObjectives.find((o: { name: string }) => o.name === 'k-plus-one').options.realTarget, 0.9);
  fs.rmSync(reports, { recursive: true, force: true });
});

test.serial('an ablation killed in its second variant resumes: the finished variant is kept, the other continues, the table is as if never stopped', async (t) => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-ablate-resume-'));
  const args = (id: string) => [
    'ablate', '--preset', 'mnist-fm', '--with', 'label-smoothing', '--seeds', '1', '--epochs', '2', '--iterations-per-epoch', '5',
    '--score-samples', '0', '--reports', reports, '--ablation-id', id, '--backend', 'wasm', '--jobs', '1', '--threads', '1',
  ];
  const straight = ssgan(args('straight'));
  t.is(straight.status, 0, straight.stderr);

  const killedDir = path.join(reports, 'killed');
  await ssganKilledWhen(path.join(killedDir, 'with-label-smoothing', 'seed-1', 'checkpoint', 'checkpoint.json'), args('killed'));
  t.false(fs.existsSync(path.join(killedDir, 'with-label-smoothing', 'seed-1', 'result.json')), 'killed before the second variant ended');
  const fullResult = path.join(killedDir, 'full', 'seed-1', 'result.json');
  const finishedAt = fs.statSync(fullResult).mtimeMs;

  const resume = (...extra: string[]) => ssgan(['ablate', '--resume', 'killed', '--reports', reports, '--backend', 'wasm', '--jobs', '1', '--threads', '1', ...extra]);
  const refused = resume('--epochs', '5', '--with', 'ha');
  t.is(refused.status, 1);
  t.regex(refused.stderr, /--resume takes the ablation's saved config; drop --epochs, --with/);
  const missing = ssgan(['ablate', '--resume', 'nope', '--reports', reports]);
  t.is(missing.status, 1);
  t.regex(missing.stderr, /no ablation 'nope': .*nope\/ablation-config\.json does not exist/);

  const resumed = resume();
  t.is(resumed.status, 0, resumed.stderr);
  t.is(resumed.stderr.match(/resuming after epoch 1/g)?.length, 1, 'only the unfinished variant resumes');
  t.is(fs.statSync(fullResult).mtimeMs, finishedAt, 'the finished variant is not trained again');
  const rows = (id: string) => JSON.parse(fs.readFileSync(path.join(reports, id, 'ablation.json'), 'utf8')).rows;
  t.is(rows('killed').length, 2);
  t.deepEqual(rows('killed'), rows('straight'));
  fs.rmSync(reports, { recursive: true, force: true });
});
