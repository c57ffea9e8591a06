/** `ssgan sample`: draws images from a run's saved generator into a PNG grid. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import type { BackendChoice } from '../engine/backend';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { writeImageGrid } from '../store/samples';
import { generateImages, loadGenerator, readSavedRun, savedData } from '../store/saved-run';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';
import { count } from '../util/number-text';

export const SAMPLE_USAGE = `ssgan sample --run RUN_ID [options]
  --seed S        which seed's generator (default: the run's first)
  --n N           number of images (default 100)
  --columns N     grid width (default 10)
  --latent-seed S seed of the latent vectors (default 0)
  --out FILE      PNG to write (default reports/<run>/samples-seed-<S>.png)
  --backend auto|tensorflow|wasm|cpu
  --reports DIR   where run folders are (default reports/)`;

const SPEC: FlagSpec = {
  run: { type: 'string' },
  seed: { type: 'string' },
  n: { type: 'string' },
  columns: { type: 'string' },
  'latent-seed': { type: 'string' },
  out: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function sampleCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const runId = stringFlag(flags, 'run');
  if (!runId) throw new ConfigError(`--run RUN_ID is required\n${SAMPLE_USAGE}`);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const saved = readSavedRun(folder);
  const data = savedData(folder, saved);
  const seed = intFlag(flags, 'seed') ?? saved.config.seed;
  const n = intFlag(flags, 'n') ?? 100;
  const columns = intFlag(flags, 'columns') ?? Math.min(10, n);
  if (n < 1 || columns < 1) throw new ConfigError('--n and --columns must be positive');

  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  const loaded = loadGenerator(registry, folder, saved, seed);
  try {
    const images = generateImages(loaded.generator, n, intFlag(flags, 'latent-seed') ?? 0);
    const out = stringFlag(flags, 'out') ?? folder.file(`samples-seed-${seed}.png`);
    await writeImageGrid(images, data.scaling, columns, out);
    images.dispose();
    process.stdout.write(`${count(n, 'sample')} from seed ${seed}'s generator: ${path.relative(process.cwd(), out)}\n`);
  } finally {
    loaded.dispose();
  }
}
