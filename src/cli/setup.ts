/** What every command needs first: the plugins, the registry and a backend. */
import * as path from 'node:path';
import { createRegistry } from '../core/container';
import type { Registry } from '../core/registry';
import { BUILTIN_PLUGIN_DIR, type PluginScan, discoverPlugins, pluginOrigins } from '../core/plugins';
import { type BackendChoice, type BackendInfo, selectBackend } from '../engine/backend';
import { coreModule } from '../gan/module';

export interface Setup {
  readonly registry: Registry;
  readonly scan: PluginScan;
}

/** Loads the built-in plugins and those under `extraPluginDirs`; broken plugins are reported, not fatal. */
export function loadPlugins(extraPluginDirs: readonly string[] = []): Setup {
  const scan = discoverPlugins([BUILTIN_PLUGIN_DIR, ...extraPluginDirs.map((d) => path.resolve(d))]);
  for (const error of scan.errors) process.stderr.write(`warning: ${error.message}\n`);
  return { registry: createRegistry([coreModule, ...scan.plugins.map((p) => p.module)], pluginOrigins(scan)), scan };
}

/** Activates the backend and says which one runs. */
export async function startBackend(choice: BackendChoice, threads?: number): Promise<BackendInfo> {
  const backend = await selectBackend(choice, { threads });
  process.stderr.write(`backend: ${backend.name} (${backend.detail}), TensorFlow.js ${backend.tfjsVersion}\n`);
  return backend;
}
