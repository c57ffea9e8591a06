/**
 * Finds plugins: every folder in plugins/ (and in folders the user names) whose entry module
 * exports a ContainerModule, or a function of the plugin API returning one. A broken plugin is
 * reported by name; the others still load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerModule } from 'inversify';
import { createRegistry } from './container';
import type { Preset } from './contracts';
import { PluginError } from './errors';
import { pluginApi } from './plugin-api';
import { definitionFault, definitionModule, looksLikeDefinition } from './plugin-definition';
import { describeLoadError, provideSdk, requireEntry } from './plugin-entry';
import { presetFault } from './preset-check';
import type { PluginOrigins, Registry } from './registry';

export interface LoadedPlugin {
  readonly name: string;
  readonly directory: string;
  /** The entry file that was loaded (index.js, index.cjs or index.ts). */
  readonly entry: string;
  readonly module: ContainerModule;
  /** Names the plugin registers, by kind (datasets, models, objectives, hooks, presets). */
  readonly provides: Readonly<Record<string, readonly string[]>>;
}

export interface PluginScan {
  readonly plugins: LoadedPlugin[];
  readonly errors: PluginError[];
}

/** The plugins/ folder of this installation (works from src/ under tsx and from dist/). */
export const BUILTIN_PLUGIN_DIR = path.resolve(__dirname, '..', '..', 'plugins');

/**
 * The SDK module plugins import as `ssgan/plugin` (src/plugin.ts, or its build): named by path, as
 * the loader hands it to plugins and never imports it.
 */
const SDK_MODULE = path.resolve(__dirname, '..', 'plugin');

/** Entry files, in order of preference: compiled JavaScript first, then TypeScript (compiled on load). */
export const PLUGIN_ENTRIES = ['index.js', 'index.cjs', 'index.ts'] as const;

/**
 * Loads every plugin under each of `roots`, in name order. A root is a folder of plugin folders,
 * or itself one plugin folder (it has an entry file). A plugin whose folder name or contributions
 * clash with an earlier one is refused, so a name always means one thing.
 */
export function discoverPlugins(roots: readonly string[] = [BUILTIN_PLUGIN_DIR]): PluginScan {
  provideSdk(require.resolve(SDK_MODULE));
  const plugins: LoadedPlugin[] = [];
  const errors: PluginError[] = [];
  for (const root of roots) {
    if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
      errors.push(new PluginError(root, 'plugin folder does not exist'));
      continue;
    }
    for (const directory of pluginFolders(root)) {
      const name = path.basename(directory);
      try {
        const plugin = loadPlugin(name, directory);
        if (plugin) {
          checkClashes(plugin, plugins);
          plugins.push(plugin);
        }
      } catch (err) {
        errors.push(err instanceof PluginError ? err : new PluginError(name, (err as Error).message));
      }
    }
  }
  return { plugins, errors };
}

/** Which plugin registered each name, by kind, for the registry's messages. */
export function pluginOrigins(scan: PluginScan): PluginOrigins {
  const origins = new Map<string, Map<string, string>>();
  for (const plugin of scan.plugins) {
    for (const [kind, names] of Object.entries(plugin.provides)) {
      if (!origins.has(kind)) origins.set(kind, new Map());
      for (const name of names) origins.get(kind)!.set(name, plugin.name);
    }
  }
  return origins;
}

/** `ssgan plugins` text: each plugin, where it was loaded from and what it provides; then the errors. */
export function describePlugins(scan: PluginScan): string {
  const lines: string[] = [];
  for (const plugin of scan.plugins) {
    lines.push(`${plugin.name}  (${plugin.entry})`);
    for (const [kind, names] of Object.entries(plugin.provides)) {
      if (names.length > 0) lines.push(`  ${kind.padEnd(11)} ${names.join(', ')}`);
    }
  }
  for (const error of scan.errors) lines.push(`error: ${error.message}`);
  return lines.join('\n');
}

function pluginFolders(root: string): string[] {
  if (entryOf(root)) return [root];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => path.join(root, name));
}

function entryOf(directory: string): string | undefined {
  return PLUGIN_ENTRIES.map((f) => path.join(directory, f)).find((f) => fs.existsSync(f));
}

/** The plugin in `directory`, checked by building a container with it alone; undefined if it has no entry. */
function loadPlugin(name: string, directory: string): LoadedPlugin | undefined {
  const entry = entryOf(directory);
  if (!entry) return undefined;
  let exported: { default?: unknown; plugin?: unknown };
  try {
    exported = requireEntry(entry) as { default?: unknown; plugin?: unknown };
  } catch (err) {
    throw new PluginError(name, `${firstLine(err)}${hintFor(err)}`);
  }
  // CommonJS plugins may also assign the module or function to module.exports itself.
  let module: unknown = exported.default ?? exported.plugin ?? exported;
  if (typeof module === 'function' && !isContainerModule(module)) {
    try {
      module = (module as (api: typeof pluginApi) => unknown)(pluginApi);
    } catch (err) {
      throw new PluginError(name, `its plugin function threw: ${describeLoadError(err, directory, entry)}`);
    }
  }
  if (looksLikeDefinition(module)) {
    const fault = definitionFault(module);
    if (fault) throw new PluginError(name, `${entry}: ${fault}`);
    module = definitionModule(module);
  }
  if (!isContainerModule(module)) {
    throw new PluginError(name, `${entry} must export definePlugin({ ... }) (from ssgan/plugin), a ContainerModule, or a function of the plugin API returning one, as default, as 'plugin' or as module.exports`);
  }
  let registered: ReturnType<Registry['list']>;
  try {
    registered = createRegistry([module]).list();
  } catch (err) {
    throw new PluginError(name, `its bindings fail: ${firstLine(err)}`);
  }
  for (const preset of registered.presets) {
    const fault = 'config' in preset ? presetFault(preset as Preset) : undefined;
    if (fault) throw new PluginError(name, fault);
  }
  const provides = Object.fromEntries(Object.entries(registered).map(([kind, items]) => [kind, items.map((item) => item.name)]));
  return { name, directory, entry, module, provides };
}

/** A ContainerModule, also one from another copy of inversify (a plugin with its own node_modules). */
function isContainerModule(value: unknown): value is ContainerModule {
  if (value instanceof ContainerModule) return true;
  const candidate = value as { load?: unknown; id?: unknown } | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.load === 'function' && typeof candidate.id === 'number';
}

function checkClashes(plugin: LoadedPlugin, earlier: readonly LoadedPlugin[]): void {
  for (const other of earlier) {
    if (other.name === plugin.name) {
      throw new PluginError(plugin.name, `a plugin of this name is already loaded from ${other.directory}`);
    }
    for (const [kind, names] of Object.entries(plugin.provides)) {
      const clash = names.find((n) => other.provides[kind]?.includes(n));
      if (clash) throw new PluginError(plugin.name, `${kind} '${clash}' is already provided by plugin ${other.name}`);
    }
  }
}

function firstLine(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split('\n')[0];
}

/** Out-of-tree plugins cannot resolve ssgan's own dependencies, or ssgan itself where it is not installed; say how to. */
function hintFor(err: unknown): string {
  const message = firstLine(err);
  if (/Cannot find module 'ssgan(\/plugin)?'/.test(message)) {
    return ' (install ssgan where the plugin can find it: npm install ssgan in the plugin\'s project or a folder above it; see docs/own-dataset.md)';
  }
  const missing = /Cannot find module '(inversify|@tensorflow\/tfjs)'/.exec(message);
  return missing
    ? ` (a plugin outside ssgan's folder imports ssgan/plugin, or exports a function (ssgan) => ContainerModule and takes ${missing[1]} from the ssgan API; see docs/own-dataset.md)`
    : '';
}
