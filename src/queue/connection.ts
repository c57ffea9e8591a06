/** Connections to the queue's Redis: a fail-fast reachability check, and options for BullMQ. */
import Redis from 'ioredis';
import { SsganError } from '../core/errors';
import type { QueueUrl } from './queue-url';

/** Redis could not be reached or refused us; names the (redacted) URL and the fault. */
export class QueueConnectionError extends SsganError {
  constructor(readonly redactedUrl: string, fault: string) {
    super(`queue ${redactedUrl}: ${fault}`);
  }
}

/** The name of the one BullMQ queue that holds every seed job. */
export const SEED_QUEUE_NAME = 'ssgan-seeds';

/**
 * Options for BullMQ's Queue and Worker: retry requests forever (BullMQ requires it of workers),
 * so a Redis restart pauses the queue instead of failing its jobs.
 */
export function bullConnection(url: QueueUrl): Record<string, unknown> {
  return { ...url.connection, maxRetriesPerRequest: null };
}

/** Connects once, with no retries, and pings: turns a wrong host, port or password into one clear error. */
export async function checkQueueReachable(url: QueueUrl, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...url.connection, lazyConnect: true, connectTimeout: timeoutMs, enableOfflineQueue: false,
    maxRetriesPerRequest: 0, retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (err: Error) => {
    lastError = err;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new QueueConnectionError(url.redacted, `unreachable (${faultOf(lastError ?? (err as Error))})`);
  } finally {
    client.disconnect();
  }
}

/** The cause without the credentials a driver message might echo. */
function faultOf(err: Error): string {
  const code = (err as NodeJS.ErrnoException).code;
  const message = err.message.replace(/rediss?:\/\/\S*/gi, '<url>');
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}
