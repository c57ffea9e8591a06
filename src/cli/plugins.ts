/** `ssgan plugins`: what is loaded, and from where; a plugin that failed to load fails the command. */
import { SsganError } from '../core/errors';
import { describePlugins } from '../core/plugins';
import { type FlagSpec, parseFlags } from './args';
import { loadPlugins } from './setup';

export const PLUGINS_USAGE = `ssgan plugins [--plugins DIR]...   list plugins, datasets, models, objectives, hooks and presets`;

const SPEC: FlagSpec = { plugins: { type: 'string', multiple: true } };

export async function pluginsCommand(argv: string[]): Promise<void> {
  const flags = parseFlags(argv, SPEC);
  const { registry, scan } = loadPlugins((flags.plugins as string[] | undefined) ?? []);
  const lines = ['plugins:', describePlugins(scan).replace(/^/gm, '  ')];
  for (const [kind, items] of Object.entries(registry.list())) {
    lines.push(`${kind}:`);
    for (const item of items) {
      const description = (item as { description?: string }).description ?? '';
      lines.push(`  ${item.name.padEnd(20)} ${description}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  const failed = scan.errors.map((e) => e.plugin);
  if (failed.length > 0) {
    throw new SsganError(`${failed.length === 1 ? '1 plugin' : `${failed.length} plugins`} failed to load (${failed.join(', ')}); the reasons are above`);
  }
}
