/** Flags of the commands that can train on queue workers (run, ablate): --queue, --artifacts, --ensemble. */
import { ConfigError } from '../core/errors';
import { checkQueueReachable } from '../queue/connection';
import type { QueueTarget } from '../queue/coordinator';
import { parseQueueUrl } from '../queue/queue-url';
import { type FlagSpec, stringFlag } from './args';

export const QUEUE_FLAGS: FlagSpec = {
  queue: { type: 'string' },
  artifacts: { type: 'string' },
  ensemble: { type: 'boolean' },
};

/** The queue to train on, checked reachable before any run folder is written; undefined without --queue. */
export async function queueTarget(flags: Record<string, unknown>): Promise<QueueTarget | undefined> {
  const raw = stringFlag(flags, 'queue');
  const artifactsDir = stringFlag(flags, 'artifacts');
  if (raw === undefined) {
    if (artifactsDir !== undefined) throw new ConfigError('--artifacts goes with --queue (a local run keeps its checkpoints in its run folder)');
    return undefined;
  }
  const url = parseQueueUrl(raw);
  await checkQueueReachable(url);
  return { url, ...(artifactsDir !== undefined && { artifactsDir }) };
}
