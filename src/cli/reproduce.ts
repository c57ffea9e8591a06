/** `ssgan reproduce`: a paper's table, one run per labeled-set size, and its results record. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExperimentConfig } from '../core/contracts';
import { ConfigError } from '../core/errors';
import {
  REPRODUCTION_FILE,
  REPRODUCTION_RESULTS_DIR,
  type ReproductionSettings,
  planReproduction,
  publishReproduction,
  readReproductionSettings,
  rowFolderName,
} from '../results/reproduction';
import { redactCommandLine } from '../queue/queue-url';
import { RunFolder, type RunStatus } from '../store/run-folder';
import { type FlagSpec, parseFlagsAndPositionals, stringFlag } from './args';
import { EXPERIMENT_FLAGS, experimentOverrides } from './experiment-flags';
import { presetLookup } from './publish';
import { parseExperimentRequest } from './experiment-request';
import { QUEUE_FLAGS } from './queue-flags';
import { keepParallelism, openSavedRun, refuseConfigFlags } from './resume';
import { loadPlugins } from './setup';
import { startExperiment, startTrainingSession } from './start-experiment';

export const REPRODUCE_USAGE = `ssgan reproduce DATASET [options]
       ssgan reproduce --resume REPRODUCTION_ID
  trains the paper's table for DATASET (mnist; svhn and cifar10 with their data): its preset at
  every labeled-set size the paper reports (MNIST: 20, 50, 100, 200), 10 seeds each, the paper's
  epochs; one run folder per size (labels-<n>/) under reports/<reproduction-id>/, trained one
  after the other. After each size it writes the results record and page (\`ssgan publish\`) into
  reports/<reproduction-id>/${REPRODUCTION_RESULTS_DIR}/, and into --publish DIR too.
  --labels LIST               labeled-set sizes to train, e.g. 100,200
  --seeds N  --epochs N  --iterations-per-epoch N  --seed S  --data-seed S  --evaluate-every N
  --batch-size N  --lr X  --data-dir DIR       as for \`ssgan run\`, for every size
  --preset NAME               another preset of DATASET (default DATASET-fm)
  --publish DIR               also write the record, page and curves into DIR (e.g. docs/results)
  --reproduction-id ID        name of the reproduction folder
  --resume REPRODUCTION_ID    continue a stopped reproduction: finished sizes and seeds are kept,
                              the others continue from their last epoch (allowed: --backend --jobs
                              --threads --reports --plugins --queue --artifacts --ensemble --publish)
  --jobs N  --threads N  --backend NAME  --reports DIR  --plugins DIR  --queue URL  --artifacts DIR
  --ensemble                  as for \`ssgan run\``;

const SPEC: FlagSpec = {
  ...EXPERIMENT_FLAGS,
  labels: { type: 'string' },
  preset: { type: 'string' },
  publish: { type: 'string' },
  'reproduction-id': { type: 'string' },
  resume: { type: 'string' },
  ...QUEUE_FLAGS,
};

export async function reproduceCommand(argv: string[]): Promise<void> {
  const { flags, positionals } = parseFlagsAndPositionals(argv, SPEC);
  const request = await parseExperimentRequest(flags);
  const { registry } = loadPlugins(request.pluginDirs);
  const { reportsDir } = request;
  const resumeId = stringFlag(flags, 'resume');
  const publishDir = stringFlag(flags, 'publish');
  let reproduction: RunFolder;
  let settings: ReproductionSettings;
  if (resumeId !== undefined) {
    if (positionals.length > 0) throw new ConfigError(`--resume takes the reproduction's saved dataset; drop ${positionals.join(' ')}`);
    refuseConfigFlags(flags, SPEC, 'reproduction', ['publish']);
    reproduction = RunFolder.open(reportsDir, resumeId, 'reproduction', REPRODUCTION_FILE);
    settings = readReproductionSettings(reproduction)!;
  } else {
    if (positionals.length !== 1) throw new ConfigError(`name one dataset (mnist, svhn, cifar10)\n${REPRODUCE_USAGE}`);
    // --labels is a list here, not one size.
    const overrides = experimentOverrides({ ...flags, labels: undefined });
    settings = {
      ...planReproduction(registry, { dataset: positionals[0], preset: stringFlag(flags, 'preset'), labels: labelsFlag(flags), overrides }),
      command: redactCommandLine(process.argv.slice(2)),
    };
    for (const row of settings.rows) registry.model(row.model);
    reproduction = RunFolder.create(reportsDir, `reproduce-${settings.dataset}`, stringFlag(flags, 'reproduction-id'));
    reproduction.writeJson(REPRODUCTION_FILE, settings);
  }
  // A resumed reproduction keeps the --jobs and --threads of the command that started it.
  const session = await startTrainingSession(resumeId !== undefined ? keepParallelism(request, [settings.command]) : request, registry, settings.rows[0].seeds);
  const presetOf = presetLookup(registry);
  const alsoInto = publishDir !== undefined ? [path.resolve(publishDir)] : [];
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  for (const [i, row] of settings.rows.entries()) {
    session.progress.log(`reproduction ${reproduction.runId}: ${row.labels} labels (${i + 1} of ${settings.rows.length})`);
    const { folder, config } = rowRun(reproduction, row);
    if (isComplete(folder)) continue;
    // Every row names the command that started the reproduction, also when a resume trains it.
    await startExperiment(session, { config, folder, provenance: { reproduction: reproduction.runId, ...(settings.command && { command: settings.command }) } });
    const written = publishReproduction(reproduction, settings, presetOf, alsoInto);
    session.progress.log(`results: ${written.filter((f) => f.endsWith('.md')).map(rel).join(', ')}`);
  }
  publishReproduction(reproduction, settings, presetOf, alsoInto);
  process.stdout.write(`${fs.readFileSync(reproduction.file(REPRODUCTION_RESULTS_DIR, `${settings.dataset}.md`), 'utf8')}\n`);
}

/** A row's run folder: the one a stopped reproduction left (continued with its saved config), or a new one. */
function rowRun(reproduction: RunFolder, row: ExperimentConfig): { folder: RunFolder; config: ExperimentConfig } {
  const name = rowFolderName(row.labels);
  if (fs.existsSync(reproduction.file(name, 'config.json'))) return openSavedRun(reproduction.dir, name);
  return { folder: RunFolder.create(reproduction.dir, row.preset, name), config: row };
}

function isComplete(folder: RunFolder): boolean {
  return fs.existsSync(folder.file('status.json')) && folder.readJson<RunStatus>('status.json').state === 'complete';
}

/** --labels 100,200 as numbers. */
function labelsFlag(flags: Record<string, unknown>): number[] | undefined {
  const raw = stringFlag(flags, 'labels');
  if (raw === undefined) return undefined;
  const labels = raw.split(',').map((s) => Number(s.trim()));
  if (labels.some((n) => !Number.isInteger(n) || n < 1)) throw new ConfigError(`--labels must be positive integers separated by commas, got '${raw}'`);
  return labels;
}
