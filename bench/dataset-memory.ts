/**
 * Peak resident memory of loading one dataset (wasm backend, no training), for docs/benchmarks.md:
 *
 *   node --import tsx bench/dataset-memory.ts DATASET [--data-dir DIR] [--extra]
 *
 * prints the RSS before loading, the peak RSS (the process's maximum), and what the images cost as
 * uint8 and as float32. DATASET is a registered loader (mnist, cifar10, svhn); --extra passes the
 * loader option extra: true (SVHN's extra_32x32.mat).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadPlugins } from '../src/cli/setup';
import { describeData } from '../src/data/dataset';
import { selectBackend } from '../src/engine/backend';

/** Mebibytes, as docs/benchmarks.md gives memory. */
const MB = 2 ** 20;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'data-dir': { type: 'string' }, extra: { type: 'boolean', default: false } },
  });
  const name = positionals[0];
  if (!name) throw new Error('dataset-memory: name a dataset (mnist, cifar10, svhn)');
  await selectBackend('wasm');
  const { registry } = loadPlugins([]);
  const before = process.memoryUsage().rss;
  const options = { ...(values['data-dir'] && { dataDir: values['data-dir'] }), ...(values.extra && { extra: true }) };
  const dataset = await registry.dataset(name).load(options);
  const facts = describeData(dataset) as { imageShape: number[]; trainExamples: number; testExamples: number; unlabeledExtra: number };
  const images = facts.trainExamples + facts.testExamples + facts.unlabeledExtra;
  const pixels = images * facts.imageShape.reduce((a, b) => a * b, 1);
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `${name}${values.extra ? ' + extra' : ''}: ${images} images (${facts.trainExamples} + ${facts.testExamples} + ${facts.unlabeledExtra}); ` +
      `RSS before loading ${(before / MB).toFixed(0)} MB, peak ${(peak / MB).toFixed(0)} MB; ` +
      `images as uint8 ${(pixels / MB).toFixed(0)} MB, as float32 ${((4 * pixels) / MB).toFixed(0)} MB`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
