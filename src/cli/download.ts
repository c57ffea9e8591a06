/** `ssgan download`: fetches a dataset's official files, where the loader knows where they are. */
import * as path from 'node:path';
import { ConfigError } from '../core/errors';
import { type FlagSpec, parseFlags, stringFlag } from './args';
import { loadPlugins } from './setup';

export const DOWNLOAD_USAGE = `ssgan download cifar10|svhn [--data-dir DIR]   fetch the official files (checksums verified)`;

const SPEC: FlagSpec = { 'data-dir': { type: 'string' }, plugins: { type: 'string', multiple: true } };

export async function downloadCommand(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  if (!name || name.startsWith('-')) throw new ConfigError(`which dataset? ${DOWNLOAD_USAGE}`);
  const flags = parseFlags(rest, SPEC);
  const { registry } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  const loader = registry.dataset(name);
  if (!loader.download) throw new ConfigError(`dataset '${name}' has nothing to download (${loader.description})`);
  let lastPercent = -1;
  const files = await loader.download({
    dataDir: stringFlag(flags, 'data-dir'),
    onProgress: ({ name: file, receivedBytes, totalBytes }) => {
      const percent = totalBytes ? Math.floor((100 * receivedBytes) / totalBytes) : -1;
      if (percent !== lastPercent) process.stderr.write(`\r${file}: ${percent >= 0 ? `${percent}%` : `${(receivedBytes / 1e6).toFixed(1)} MB`}`);
      lastPercent = percent;
    },
  });
  process.stderr.write('\n');
  process.stdout.write(`${files.map((f) => path.relative(process.cwd(), f)).join('\n')}\n`);
}
