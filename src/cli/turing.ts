/** `ssgan turing`: a visual Turing test of a run's generator, served on 127.0.0.1 until stopped. */
import { ConfigError } from '../core/errors';
import type { BackendChoice } from '../engine/backend';
import { writeRunReport } from '../runner/report/write-report';
import { DEFAULT_REPORTS_DIR, RunFolder } from '../store/run-folder';
import { readSavedRun, seedsWithGenerator } from '../store/saved-run';
import { startTuringTest } from '../turing/start';
import { type FlagSpec, intFlag, parseFlags, stringFlag } from './args';
import { loadPlugins, startBackend } from './setup';
import { count } from '../util/number-text';

export const TURING_USAGE = `ssgan turing --run RUN_ID [options]
  serves "real or generated?" on http://127.0.0.1:PORT/ until Ctrl-C; answers go to reports/<run>/turing/
  --seed S        which seed's generator (default: the run's first with one)
  --n N           images per session (default 20)
  --pool N        real and generated images prepared of each kind (default 500)
  --port P        port (default 8737; 0 picks a free one)
  --backend auto|tensorflow|wasm|cpu   --reports DIR   --plugins DIR`;

const SPEC: FlagSpec = {
  run: { type: 'string' },
  seed: { type: 'string' },
  n: { type: 'string' },
  pool: { type: 'string' },
  port: { type: 'string' },
  backend: { type: 'string' },
  reports: { type: 'string' },
  plugins: { type: 'string', multiple: true },
};

export async function turingCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const runId = stringFlag(flags, 'run');
  if (!runId) throw new ConfigError(`--run RUN_ID is required\n${TURING_USAGE}`);
  const folder = RunFolder.open(stringFlag(flags, 'reports') ?? DEFAULT_REPORTS_DIR, runId);
  const available = seedsWithGenerator(folder, readSavedRun(folder));
  const seed = intFlag(flags, 'seed') ?? available[0];
  if (seed === undefined || !available.includes(seed)) {
    throw new ConfigError(`run '${runId}' has no saved generator${seed === undefined ? '' : ` for seed ${seed}`}; seeds with one: ${available.join(', ') || 'none'}`);
  }
  const sessionLength = intFlag(flags, 'n') ?? 20;
  const poolSize = intFlag(flags, 'pool') ?? 500;
  const port = intFlag(flags, 'port') ?? 8737;
  if (sessionLength < 1 || poolSize < 1 || port < 0 || port > 65535) throw new ConfigError('--n and --pool must be positive, --port within 0..65535');
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  await startBackend((stringFlag(flags, 'backend') ?? 'auto') as BackendChoice);
  let server;
  try {
    server = await startTuringTest({ registry, folder, seed, sessionLength, poolSize, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new ConfigError(`port ${port} is in use; choose another with --port`);
    throw err;
  }
  process.stdout.write(`Turing test of run ${folder.runId}, seed ${seed}: open ${server.url} (${sessionLength} images per session); Ctrl-C stops\n`);
  const stop = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  const answers = server.record.readAnswers();
  const wrong = answers.filter((a) => !a.correct).length;
  writeRunReport(folder);
  process.stdout.write(`\n${stop}: ${count(answers.length, 'answer')} in all, human error rate ${answers.length ? ((100 * wrong) / answers.length).toFixed(1) : '-'}%; ${server.record.answersFile}\n`);
}
