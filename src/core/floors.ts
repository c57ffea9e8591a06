/**
 * The floors of ssgan, bottom first: the one place they are named. A file imports from its own
 * folder and from lower floors only; folders on one floor do not import each other. Plugins
 * import the framework up to `PLUGIN_CEILING`, never another plugin, and the framework never
 * imports a plugin (it finds them through the registry). test/layering.test.ts checks every
 * import under src/, plugins/ and bin/ against this table; DESIGN.md quotes it.
 *
 * A room is a folder, or a single file that sits on another floor than its folder.
 */
export interface Floor {
  readonly name: string;
  readonly rooms: readonly string[];
}

export const FLOORS: readonly Floor[] = [
  // Helpers with no ssgan imports: escaping, SVG charts, the error classes.
  { name: 'base', rooms: ['src/util/', 'src/core/errors.ts'] },
  { name: 'engine', rooms: ['src/engine/'] },
  { name: 'core', rooms: ['src/core/'] },
  { name: 'layers and data', rooms: ['src/nn/', 'src/data/'] },
  { name: 'training', rooms: ['src/gan/'] },
  // What a plugin receives and how plugins are found (it hands plugins the data helpers), and the
  // plugin SDK (the package export ssgan/plugin), which re-exports the same.
  { name: 'plugin host', rooms: ['src/core/plugin-api.ts', 'src/core/plugins.ts', 'src/plugin.ts'] },
  { name: 'store', rooms: ['src/store/'] },
  { name: 'seed', rooms: ['src/seed/'] },
  { name: 'evaluation', rooms: ['src/eval/', 'src/turing/'] },
  // Applying a trained classifier, and exporting it (which reads it as the classifier floor does).
  { name: 'classifier', rooms: ['src/classifier/'] },
  { name: 'export', rooms: ['src/export/'] },
  { name: 'runner', rooms: ['src/runner/'] },
  // Queued seeds, and the published results of finished runs: neither needs the other.
  { name: 'queue and results', rooms: ['src/queue/', 'src/results/'] },
  { name: 'cli', rooms: ['src/cli/', 'bin/', 'src/index.ts'] },
];

/** The highest floor a plugin may import from. */
export const PLUGIN_CEILING = 'plugin host';

/** Each plugin is its own room: plugins/<name>/. */
export const PLUGINS_FOLDER = 'plugins/';

/**
 * Imports allowed to break the rules for now, each with the change that will remove it; none
 * today. `from` and `to` are repository paths without extension.
 */
export const EXCEPTIONS: readonly { readonly from: string; readonly to: string; readonly why: string }[] = [];
