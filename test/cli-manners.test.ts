/**
 * The command line's manners: one-line errors that help (negative values, misspelt flags, the GPU
 * route), counts in the right number, no "± 0.00" for one seed, and a failed run that a resume
 * with corrected values rescues.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import test from 'ava';
import { main } from '../src/cli/main';
import { parseFlags } from '../src/cli/args';
import type { ExperimentConfig } from '../src/core/contracts';
import { type BackendChoice, selectBackend } from '../src/engine/backend';
import { type RunSummary, summaryMarkdown } from '../src/runner/summary';
import { type AblationRow, ablationMarkdown } from '../src/runner/ablation';
import { comparisonMarkdown } from '../src/runner/compare';
import { ssgan } from './helpers/cli';
import { tempDir } from './helpers/own-data';

/** Runs `main` in this process and returns its exit code and what it wrote to stderr and stdout. */
async function capture(argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const out = { stderr: '', stdout: '' };
  const original = { stderr: process.stderr.write, stdout: process.stdout.write };
  process.stderr.write = ((chunk: string) => ((out.stderr += chunk), true)) as typeof process.stderr.write;
  process.stdout.write = ((chunk: string) => ((out.stdout += chunk), true)) as typeof process.stdout.write;
  try {
    const code = await main(argv);
    return { code, ...out };
  } finally {
    process.stderr.write = original.stderr;
    process.stdout.write = original.stdout;
  }
}

/** Each command's usage block from `ssgan --help`: its name, the positionals its first line shows, and its flags. */
async function commandsFromHelp(): Promise<{ name: string; positionals: string[]; flags: string[] }[]> {
  const help = (await capture(['--help'])).stdout;
  const blocks = help.split(/\n(?=ssgan [a-z]+ )/).filter((b) => /^ssgan [a-z]+ /.test(b) && !b.startsWith('ssgan help'));
  return blocks.map((block) => {
    const [name, ...words] = block.split('\n')[0].split(/\s+/).slice(1);
    const end = words.findIndex((w) => w.startsWith('-') || w.startsWith('['));
    const shown = end === -1 ? words : words.slice(0, end);
    // RUN_ID -> a value; cifar10|svhn -> its first choice; train -> itself.
    const positionals = shown.filter((w) => w !== '...').map((w) => (/^[A-Z_.]+$/.test(w) ? 'x' : w.split('|')[0]));
    const flags = [...new Set([...block.matchAll(/--([a-z][a-z-]+)/g)].map((m) => m[1]))].filter((f) => f !== 'help');
    return { name, positionals, flags };
  });
}

test.serial('every command answers a misspelt flag with the closest one, in one line', async (t) => {
  const commands = await commandsFromHelp();
  t.true(commands.length >= 17, `commands found in --help: ${commands.map((c) => c.name).join(', ')}`);
  for (const c of commands) {
    // A flag whose name less its last letter is not a flag too (--seeds, --seed).
    const flag = c.flags.find((f) => f.length >= 5 && !c.flags.includes(f.slice(0, -1))) ?? c.flags[0];
    const misspelt = `--${flag.slice(0, -1)}`;
    const r = await capture([c.name, ...c.positionals, misspelt, '1']);
    t.is(r.code, 1, `${c.name} ${misspelt}: ${r.stderr}`);
    t.is(r.stderr, `ssgan ${c.name}: unknown flag ${misspelt}; did you mean --${flag}? (ssgan --help lists every flag)\n`, c.name);
  }
  const far = await capture(['run', '--frobnicate']);
  t.is(far.stderr, 'ssgan run: unknown flag --frobnicate (ssgan --help lists every flag)\n', 'no suggestion when nothing is close');
});

test.serial('negative numbers reach the flag\'s own check; a missing value is named', async (t) => {
  const reports = tempDir('manners-negative');
  const epochs = await capture(['run', '--epochs', '-1', '--reports', reports]);
  t.is(epochs.code, 1);
  t.is(epochs.stderr, 'ssgan run: --epochs must be a positive integer, got -1\n');
  const lr = await capture(['run', '--lr', '-.5', '--reports', reports]);
  t.is(lr.stderr, 'ssgan run: --lr must be positive, got -0.5\n');
  t.deepEqual(fs.readdirSync(reports), [], 'no run folder for a bad value');
  t.deepEqual(parseFlags(['--seed', '-3', '--x', '-2.5e3'], { seed: { type: 'string' }, x: { type: 'string' } }), { seed: '-3', x: '-2.5e3' });
  const missing = await capture(['run', '--epochs']);
  t.is(missing.stderr, 'ssgan run: --epochs needs a value\n');
  const swallowed = await capture(['run', '--dataset', '--epochs', '2']);
  t.is(swallowed.stderr, 'ssgan run: --dataset needs a value, got the flag --epochs\n');
  const boolean = await capture(['run', '--ensemble=yes']);
  t.is(boolean.stderr, 'ssgan run: --ensemble takes no value\n');
});

test('--backend gpu explains the GPU route through tfjs-node-gpu and --backend tensorflow', async (t) => {
  for (const choice of ['gpu', 'cuda']) {
    const err = await t.throwsAsync(selectBackend(choice as BackendChoice));
    t.regex(err!.message, /^unknown backend '(gpu|cuda)'; choose one of auto, tensorflow, wasm, cpu; for an NVIDIA GPU: npm install @tensorflow\/tfjs-node-gpu \(Linux, CUDA\), then --backend tensorflow$/);
  }
  const other = await t.throwsAsync(selectBackend('metal' as BackendChoice));
  t.is(other!.message, "unknown backend 'metal'; choose one of auto, tensorflow, wasm, cpu");
});

const BACKEND = { name: 'wasm' as const, detail: 'test', tfjsVersion: '0', threads: 1 };

function summaryOf(errors: number[]): RunSummary {
  const seeds = errors.map((e, i) => ({ seed: i + 1, dataSeed: i + 1, testErrorAveraged: e, testErrorRaw: e + 1, trainSeconds: 1, msPerIteration: 1 }));
  const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
  const std = errors.length > 1 ? Math.sqrt(errors.reduce((a, e) => a + (e - mean) ** 2, 0) / (errors.length - 1)) : 0;
  return {
    runId: 'r', complete: true, seedsDone: errors.length, seedsTotal: errors.length, preset: 'p', dataset: 'd', labels: 20, epochs: 1,
    backend: BACKEND, testErrorAveraged: { mean, std, n: errors.length }, testErrorRaw: { mean: mean + 1, std, n: errors.length },
    skippedFiles: ['a.png'], failedSeeds: [], seeds: seeds as unknown as RunSummary['seeds'],
  };
}

test('one seed reads as one seed: no "± 0.00", singular nouns; two seeds keep their spread', (t) => {
  const one = summaryMarkdown(summaryOf([12.5]));
  t.regex(one, /Complete: 1 of 1 seed\./);
  t.regex(one, /20 labels, 1 epoch;/);
  t.regex(one, /1 unreadable image skipped/);
  t.regex(one, /\| ssgan, averaged weights \| 1 \| 12\.50 \(n=1\) \|/);
  t.notRegex(one, /± 0\.00|\(s\)/);
  const two = summaryMarkdown(summaryOf([12, 14]));
  t.regex(two, /Complete: 2 of 2 seeds\./);
  t.regex(two, /\| ssgan, averaged weights \| 1 \| 13\.00 ± 1\.41 \(n=2\) \|/);

  const oneSeed = { testErrorAveraged: { mean: 3, std: 0, n: 1 }, testErrorRaw: { mean: 4, std: 0, n: 1 } };
  const row: AblationRow = { variant: 'full', description: 'all', runId: 'r', techniques: {}, ...oneSeed };
  const ablation = ablationMarkdown({ ablationId: 'a', preset: 'p', dataset: 'd', labels: 20, seeds: 1, epochs: 1, iterationsPerEpoch: 5, rows: [row] });
  t.regex(ablation, /1 seed per variant, 1 epoch of 5 iterations/);
  t.regex(ablation, /\| full \| 3\.00 \| 4\.00 \| r \|/);
  const compared = comparisonMarkdown([{ runId: 'r', preset: 'p', dataset: 'd', labels: 20, epochs: 1, seedsDone: 1, ...oneSeed }]);
  t.regex(compared, /\| r \| p \| 20 \| 1 \| 1 \| 3\.00 \| 4\.00 \|/);
});

test('a run that failed before training resumes with corrected values; a trained run still refuses them', (t) => {
  const reports = tempDir('manners-resume');
  const tiny = ['--epochs', '1', '--iterations-per-epoch', '2', '--reports', reports, '--backend', 'wasm', '--jobs', '1'];
  const failed = ssgan(['run', '--labels', '7', '--run-id', 'seven', ...tiny]);
  t.is(failed.status, 1);
  t.regex(failed.stderr, /--labels must be a positive multiple of the 10 classes, got 7/);
  const status = () => JSON.parse(fs.readFileSync(path.join(reports, 'seven', 'status.json'), 'utf8')).state;
  t.is(status(), 'failed');

  const renamed = ssgan(['run', '--resume', 'seven', '--labels', '10', '--preset', 'shapes-fm', '--reports', reports]);
  t.is(renamed.status, 1);
  t.regex(renamed.stderr, /--resume continues run 'seven' with its own preset, dataset and id; for another --preset, start a new run/);

  const resumed = ssgan(['run', '--resume', 'seven', '--labels', '10', '--reports', reports, '--backend', 'wasm', '--jobs', '1']);
  t.is(resumed.status, 0, resumed.stderr);
  t.regex(resumed.stderr, /run seven: no seed had trained, so it starts over with --labels as given/);
  t.regex(resumed.stdout, /^test error: [\d.]+% with averaged weights, [\d.]+% raw \(1 seed, 1 epoch\)$/m);
  const config = JSON.parse(fs.readFileSync(path.join(reports, 'seven', 'config.json'), 'utf8')).config as ExperimentConfig;
  t.is(config.labels, 10);
  t.is(config.epochs, 1, 'the saved values not given again are kept');
  t.is(status(), 'complete');
  const html = fs.readFileSync(path.join(reports, 'seven', 'index.html'), 'utf8');
  t.regex(html, /10 labels, 1 epoch × 2 iterations, 1 seed\./);
  t.regex(html, /data-path="summary\.testErrorAveraged\.mean">[\d.]+<\/td><td class="num">–<\/td>/, 'the report shows no spread for one seed');
  t.notRegex(html, /summary\.testErrorAveraged\.std/);

  const again = ssgan(['run', '--resume', 'seven', '--labels', '20', '--reports', reports]);
  t.is(again.status, 1);
  t.is(again.stderr, "ssgan run: --resume takes the run's saved config; drop --labels (only a run that failed before any seed trained takes corrected values)\n");
});
