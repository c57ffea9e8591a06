/** Run folders: unique ids for runs started at once, and `ssgan runs`, which lists them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import test from 'ava';
import { RunFolder } from '../src/store/run-folder';
import { ssgan, ssganAsync } from './helpers/cli';

const TINY = ['--epochs', '1', '--iterations-per-epoch', '3', '--backend', 'wasm', '--threads', '1'];

function finish(child: ReturnType<typeof ssganAsync>): Promise<{ status: number | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (c) => (output += c));
  child.stderr?.on('data', (c) => (output += c));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, output })));
}

test('runs created in the same second get the time stamp and preset, then -2, -3', (t) => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-ids-'));
  const now = new Date('2026-12-07T14:05:07.123Z');
  const ids = [1, 2, 3].map(() => RunFolder.create(reports, 'mnist-fm', undefined, now).runId);
  t.deepEqual(ids, ['20261207-140507-mnist-fm', '20261207-140507-mnist-fm-2', '20261207-140507-mnist-fm-3']);
  t.throws(() => RunFolder.create(reports, 'mnist-fm', '20261207-140507-mnist-fm-2'), { message: /already exists; resume it with --resume/ });
});

test('two `ssgan run`s started in the same millisecond both complete, in two folders; `ssgan runs` lists them', async (t) => {
  const reports = fs.mkdtempSync(path.join(os.tmpdir(), 'ssgan-ids-'));
  const args = ['run', '--reports', reports, ...TINY];
  const [a, b] = await Promise.all([finish(ssganAsync(args)), finish(ssganAsync(args))]);
  t.log(`first run:\n${a.output}\nsecond run:\n${b.output}`);
  t.is(a.status, 0, a.output);
  t.is(b.status, 0, b.output);
  const folders = fs.readdirSync(reports).sort();
  t.is(folders.length, 2);
  t.regex(folders[0], /^\d{8}-\d{6}-mnist-fm$/);
  for (const folder of folders) {
    t.is(JSON.parse(fs.readFileSync(path.join(reports, folder, 'status.json'), 'utf8')).state, 'complete');
    t.true(fs.existsSync(path.join(reports, folder, 'seed-1', 'result.json')));
  }

  const failed = ssgan(['run', '--reports', reports, '--data-dir', '/nonexistent/mnist', '--run-id', 'no-data', ...TINY]);
  t.is(failed.status, 1);
  const listing = ssgan(['runs', '--reports', reports]);
  t.log(listing.stdout);
  t.is(listing.status, 0, listing.stderr);
  const lines = listing.stdout.trim().split('\n');
  t.regex(lines[0], /^run +state +dataset +labels +seeds +epochs +error$/);
  for (const folder of folders) t.true(lines.some((l) => new RegExp(`^${folder} +complete +mnist +100 +1/1 +1$`).test(l)), folder);
  t.true(lines.some((l) => /^no-data +failed +mnist +100 +0\/1 +1 +\/nonexistent\/mnist\/train-images-idx3-ubyte: missing/.test(l)));
});
