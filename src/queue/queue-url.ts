/**
 * A Redis URL for the job queue (`redis://[user:password@]host:port[/db]`, or `rediss://` for TLS):
 * parsed into connection options, and redacted wherever it is printed or saved.
 */
import { ConfigError } from '../core/errors';

export interface RedisConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Present for `rediss://`: TLS with the system's (or NODE_EXTRA_CA_CERTS') authorities. */
  readonly tls?: { readonly servername: string };
}

export interface QueueUrl {
  readonly connection: RedisConnectionOptions;
  /** The URL with any user name and password replaced by `***`: the only form that is shown. */
  readonly redacted: string;
}

const DEFAULT_PORT = 6379;

export function parseQueueUrl(raw: string): QueueUrl {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`--queue '${redactUrl(raw)}' is not a URL; expected redis://HOST:PORT or rediss://HOST:PORT`);
  }
  const redacted = redactUrl(raw);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new ConfigError(`--queue ${redacted}: scheme '${url.protocol.slice(0, -1)}' is not redis or rediss`);
  }
  if (url.hostname === '') throw new ConfigError(`--queue ${redacted}: no host`);
  const port = url.port === '' ? DEFAULT_PORT : Number(url.port);
  const dbPath = url.pathname.replace(/^\//, '');
  const db = dbPath === '' ? 0 : Number(dbPath);
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(`--queue ${redacted}: database '${dbPath}' is not a number`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    redacted,
    connection: {
      host, port, db,
      ...(url.username !== '' && { username: decodeURIComponent(url.username) }),
      ...(url.password !== '' && { password: decodeURIComponent(url.password) }),
      ...(url.protocol === 'rediss:' && { tls: { servername: host } }),
    },
  };
}

/** `raw` with its credentials (everything between `//` and `@`) replaced by `***`. */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][\w+.-]*:\/\/)[^/@]*@/i, '$1***@');
}

/** A command line with every Redis URL in it redacted, for config.json and logs. */
export function redactCommandLine(args: readonly string[]): string[] {
  return args.map((arg) => arg.replace(/rediss?:\/\/[^\s/@]*@/gi, (m) => redactUrl(m)));
}
