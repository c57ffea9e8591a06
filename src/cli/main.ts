/**
 * The `ssgan` command line. A user's mistake (SsganError) prints its message and exits 1;
 * anything else is a bug and prints its stack.
 */
import 'reflect-metadata';
import { SsganError } from '../core/errors';
import { PLUGINS_USAGE, pluginsCommand } from './plugins';
import { RUN_USAGE, runCommand } from './run';
import { SAMPLE_USAGE, sampleCommand } from './sample';
import { COMPARE_USAGE, compareCommand } from './compare';
import { REPORT_USAGE, reportCommand } from './report';
import { SCORE_USAGE, scoreCommand } from './score';
import { SCORER_USAGE, scorerCommand } from './scorer';
import { TURING_USAGE, turingCommand } from './turing';
import { ABLATE_USAGE, ablateCommand } from './ablate';
import { DOWNLOAD_USAGE, downloadCommand } from './download';
import { WORKER_USAGE, workerCommand } from './worker';
import { ENSEMBLE_USAGE, ensembleCommand } from './ensemble';
import { PUBLISH_USAGE, publishCommand } from './publish';
import { REPRODUCE_USAGE, reproduceCommand } from './reproduce';
import { RUNS_USAGE, runsCommand } from './runs';
import { PREDICT_USAGE, predictCommand } from './predict';
import { EXPORT_USAGE, exportCommand } from './export';

const COMMANDS: Record<string, (argv: string[]) => Promise<void>> = {
  run: runCommand,
  sample: sampleCommand,
  plugins: pluginsCommand,
  score: scoreCommand,
  scorer: scorerCommand,
  report: reportCommand,
  turing: turingCommand,
  compare: compareCommand,
  download: downloadCommand,
  ablate: ablateCommand,
  worker: workerCommand,
  ensemble: ensembleCommand,
  publish: publishCommand,
  reproduce: reproduceCommand,
  runs: runsCommand,
  predict: predictCommand,
  export: exportCommand,
};

const USAGE = `ssgan: semi-supervised image classification with GANs (Salimans et al. 2016)

usage: ssgan <command> [options]

${RUN_USAGE}

${SAMPLE_USAGE}

${PLUGINS_USAGE}

${SCORE_USAGE}

${SCORER_USAGE}

${REPORT_USAGE}

${TURING_USAGE}

${COMPARE_USAGE}

${ABLATE_USAGE}

${DOWNLOAD_USAGE}

${WORKER_USAGE}

${ENSEMBLE_USAGE}

${PUBLISH_USAGE}

${REPRODUCE_USAGE}

${RUNS_USAGE}

${PREDICT_USAGE}

${EXPORT_USAGE}

ssgan help | --help                 this text`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 1 : 0;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    process.stderr.write(`ssgan: unknown command '${command}'; commands: ${Object.keys(COMMANDS).join(', ')} (see ssgan --help)\n`);
    return 1;
  }
  try {
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    await handler(rest);
    return 0;
  } catch (err) {
    if (err instanceof SsganError) {
      process.stderr.write(`ssgan ${command}: ${err.message}\n`);
      return 1;
    }
    process.stderr.write(`ssgan ${command}: internal error (please report it):\n${(err as Error).stack ?? String(err)}\n`);
    return 2;
  }
}
