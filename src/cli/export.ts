/** `ssgan export`: a run's classifier as a standard TensorFlow.js LayersModel, optionally with a page. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { loadRunDiscriminators, WEIGHT_CHOICES, type WeightChoice } from '../classifier/run-classifier';
import type { BackendChoice } from '../engine/backend';
import { exportClassifier, MODEL_FILE } from '../export/export-model';
import { PAGE_FILE, writeClassifierPage } from '../export/page';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';
import { named } from '../util/number-text';

export const EXPORT_USAGE = `ssgan export --run RUN_ID --out DIR [options]
  writes the classifier as a TensorFlow.js LayersModel (model.json, weights.bin) that plain
  tf.loadLayersModel reads, and metadata.json (class names, input shape, pixel scaling, test error)
  --page             also index.html and tf.min.js: a page that classifies dropped or drawn images
                     (serve DIR with any static file server)
  --seed S | --ensemble | --weights averaged|raw   which classifier, as in ssgan predict
  --backend auto|tensorflow|wasm|cpu
  --reports DIR      where run folders are (default reports/)`;

const SPEC: FlagSpec = {
  run: { type: 'string' },
  out: { type: 'string' },
  page: { type: 'boolean' },
  seed: { type: 'string' },
  ensemble: { type: 'boolean' },
  weights: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function exportCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const runId = stringFlag(flags, 'run');
  const out = stringFlag(flags, 'out');
  if (!runId || !out) throw new ConfigError(`--run RUN_ID and --out DIR are required\n${EXPORT_USAGE}`);
  const weights = stringFlag(flags, 'weights');
  if (weights !== undefined && !(WEIGHT_CHOICES as readonly string[]).includes(weights)) throw new ConfigError(`--weights must be one of ${WEIGHT_CHOICES.join(', ')}, got '${weights}'`);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  const loaded = loadRunDiscriminators(registry, folder, { seed: intFlag(flags, 'seed'), ensemble: flags.ensemble === true, weights: weights as WeightChoice | undefined });
  try {
    const dir = path.resolve(out);
    const metadata = await exportClassifier(loaded, folder, dir);
    if (flags.page === true) writeClassifierPage(dir);
    const rel = (p: string) => path.relative(process.cwd(), p) || p;
    const error = metadata.testError === null ? 'no recorded test error' : `test error ${metadata.testError.toFixed(2)}%`;
    process.stdout.write(
      [
        `exported run '${folder.runId}', ${named('seed', metadata.seeds)}, ${metadata.weights} weights (${error}): ${rel(path.join(dir, MODEL_FILE))}`,
        ...(flags.page === true ? [`page: ${rel(path.join(dir, PAGE_FILE))} (serve ${rel(dir)} over http, e.g. npx http-server ${rel(dir)})`] : []),
      ].join('\n') + '\n',
    );
  } finally {
    loaded.dispose();
  }
}
