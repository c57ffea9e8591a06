/**
 * Finds plugins: every folder in plugins/ (and in folders the user names) whose entry module
 * exports a ContainerModule. A broken plugin is reported by name; the others still load.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ContainerModule } from 'inversify';
import { PluginError } from './errors';

export interface LoadedPlugin {
  readonly name: string;
  readonly directory: string;
  readonly module: ContainerModule;
}

export interface PluginScan {
  readonly plugins: LoadedPlugin[];
  readonly errors: PluginError[];
}

/** The plugins/ folder of this installation (works from src/ under tsx and from dist/). */
export const BUILTIN_PLUGIN_DIR = path.resolve(__dirname, '..', '..', 'plugins');

/** Loads every plugin under each of `roots`, in name order. */
export function discoverPlugins(roots: readonly string[] = [BUILTIN_PLUGIN_DIR]): PluginScan {
  const plugins: LoadedPlugin[] = [];
  const errors: PluginError[] = [];
  for (const root of roots) {
    if (!fs.existsSync(root)) {
      errors.push(new PluginError(root, 'plugin folder does not exist'));
      continue;
    }
    const entries = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory());
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const directory = path.join(root, entry.name);
      try {
        const module = loadPluginModule(directory);
        if (module) plugins.push({ name: entry.name, directory, module });
      } catch (err) {
        errors.push(new PluginError(entry.name, (err as Error).message));
      }
    }
  }
  return { plugins, errors };
}

/** The ContainerModule a plugin folder exports (default or `plugin`), or undefined if it has no entry. */
function loadPluginModule(directory: string): ContainerModule | undefined {
  const entry = ['index.js', 'index.ts'].map((f) => path.join(directory, f)).find((f) => fs.existsSync(f));
  if (!entry) return undefined;
  const exported = require(entry) as { default?: unknown; plugin?: unknown };
  const module = exported.default ?? exported.plugin;
  if (!(module instanceof ContainerModule)) {
    throw new Error(`${entry} must export a ContainerModule as default or as 'plugin'`);
  }
  return module;
}
