/**
 * Resume of a conv-model run: an SVHN-format run (the paper's SVHN model, narrowed, with its
 * dropout layers) killed after an epoch and resumed ends exactly as a run that was never stopped.
 * The data are small official-format files from bench/write-synthetic-data.ts; the preset comes
 * from a plugin written here, as a user's would be.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { Rng } from '../src/engine/random';
import { SVHN_FEATURE_MATCHING } from '../plugins/svhn/presets';
import { writeSvhn } from '../bench/write-synthetic-data';
import { ssgan, ssganKilledWhen } from './helpers/cli';
import { tempDir } from './helpers/own-data';

const root = tempDir('conv-resume');
const reports = path.join(root, 'reports');
const dataDir = path.join(root, 'svhn');
const pluginDir = path.join(root, 'tiny-svhn');

/** The svhn-fm recipe at a size that trains in seconds: narrow layers, 3 epochs of 4 batches, lr decay from epoch 2. */
const TINY_SVHN = {
  name: 'tiny-svhn',
  description: 'svhn-fm, narrowed for a test',
  config: {
    ...SVHN_FEATURE_MATCHING.config,
    preset: 'tiny-svhn',
    datasetOptions: { dataDir },
    modelOptions: { firstWidth: 8, width: 16, generatorChannels: [32, 16, 8] },
    labels: 20, epochs: 3, iterationsPerEpoch: 4, batchSize: 10, initExamples: 20, lrDecayStartEpoch: 1,
  },
};

test.before(() => {
  writeSvhn(dataDir, 100, 40, new Rng(7));
  fs.mkdirSync(pluginDir);
  fs.writeFileSync(
    path.join(pluginDir, 'index.js'),
    `const preset = ${JSON.stringify(TINY_SVHN)};\n` +
      `module.exports = (ssgan) => new ssgan.ContainerModule(({ bind }) => {\n  bind(ssgan.TOKENS.Preset).toConstantValue(preset);\n});\n`,
  );
});

const RUN = ['run', '--plugins', pluginDir, '--preset', 'tiny-svhn', '--reports', reports, '--backend', 'wasm', '--jobs', '1', '--threads', '1'];

/** Every metrics column but wall-clock time. */
function metricsWithoutTimes(run: string): string[][] {
  const lines = fs.readFileSync(path.join(reports, run, 'seed-1', 'metrics.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const keep = lines[0].map((column, i) => (['seconds', 'ms_per_iteration'].includes(column) ? -1 : i)).filter((i) => i >= 0);
  return lines.map((cells) => keep.map((i) => cells[i]));
}

function seedFile(run: string, file: string): Buffer {
  return fs.readFileSync(path.join(reports, run, 'seed-1', file));
}

function resume(runId: string) {
  return ssgan(['run', '--resume', runId, '--reports', reports, '--plugins', pluginDir, '--backend', 'wasm', '--jobs', '1', '--threads', '1']);
}

test.serial('an SVHN conv-model run killed after an epoch resumes and ends exactly as an uninterrupted run', async (t) => {
  const straight = ssgan([...RUN, '--run-id', 'straight']);
  t.is(straight.status, 0, straight.stderr);

  await ssganKilledWhen(path.join(reports, 'killed', 'seed-1', 'checkpoint', 'checkpoint.json'), [...RUN, '--run-id', 'killed']);
  t.false(fs.existsSync(path.join(reports, 'killed', 'seed-1', 'result.json')), 'killed before the run ended');
  fs.cpSync(path.join(reports, 'killed'), path.join(reports, 'killed-by-other-version'), { recursive: true });
  const resumed = resume('killed');
  t.is(resumed.status, 0, resumed.stderr);
  t.regex(resumed.stderr, /resuming after epoch [12]/);
  t.notRegex(resumed.stderr, /notice/, 'the same code resumes without a notice');

  const rows = metricsWithoutTimes('straight');
  t.is(rows.length, 4, 'a header and 3 epochs');
  t.deepEqual(metricsWithoutTimes('killed'), rows, 'the same losses, learning rates and test errors in every epoch');
  const errors = (run: string) => {
    const { testErrorAveraged, testErrorRaw } = JSON.parse(seedFile(run, 'result.json').toString());
    return { testErrorAveraged, testErrorRaw };
  };
  t.deepEqual(errors('killed'), errors('straight'));
  t.true(seedFile('killed', 'test-probabilities.f32').equals(seedFile('straight', 'test-probabilities.f32')), 'the same class probabilities, bit for bit');
});

test.serial('a resume from another version\'s checkpoint prints a one-line notice and the report names both versions', (t) => {
  const runDir = path.join(reports, 'killed-by-other-version');
  t.true(fs.existsSync(runDir), 'copied by the test above');
  const checkpointFile = path.join(runDir, 'seed-1', 'checkpoint', 'checkpoint.json');
  const checkpoint = JSON.parse(fs.readFileSync(checkpointFile, 'utf8'));
  t.is(checkpoint.codeVersions.length, 1, 'a checkpoint records the version that wrote it');
  const current: string = checkpoint.codeVersions[0];
  t.regex(current, /^\d+\.\d+\.\d+\+[0-9a-f]{12}$/);
  const older = '0.0.9+0123456789ab';
  fs.writeFileSync(checkpointFile, JSON.stringify({ ...checkpoint, codeVersions: [older] }));

  const resumed = resume('killed-by-other-version');
  t.is(resumed.status, 0, resumed.stderr);
  const notices = resumed.stderr.split('\n').filter((line) => line.includes('notice'));
  t.deepEqual(notices, [`seed 1: notice: its checkpoint is from ssgan ${older}, this is ${current}; results may differ from an uninterrupted run`]);
  const summary = JSON.parse(fs.readFileSync(path.join(runDir, 'summary.json'), 'utf8'));
  t.deepEqual(summary.seeds[0].codeVersions, [older, current]);
  t.regex(fs.readFileSync(path.join(runDir, 'summary.md'), 'utf8'), new RegExp(`Seed 1 was resumed on another version of ssgan \\(trained by ${older.replace('+', '\\+')}, then ${current.replace('+', '\\+')}\\)`));
  t.regex(fs.readFileSync(path.join(runDir, 'index.html'), 'utf8'), /Seed 1 was resumed on another version of ssgan/);
  t.deepEqual(JSON.parse(fs.readFileSync(path.join(runDir, 'seed-1', 'checkpoint', 'checkpoint.json'), 'utf8')).codeVersions, [older, current]);
  t.is(JSON.parse(fs.readFileSync(path.join(runDir, 'config.json'), 'utf8')).codeVersion, current);
});
