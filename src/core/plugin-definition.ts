/**
 * A plugin stated with `definePlugin` (a PluginDefinition) becomes the ContainerModule the loader
 * works with: each contribution bound to its token. A key that is not a kind, or an entry without
 * a name, is refused with the key named.
 */
import { ContainerModule } from 'inversify';
import type { PluginDefinition } from './contracts';
import { TOKENS } from './tokens';

const TOKEN_OF: Record<keyof PluginDefinition, symbol> = {
  datasets: TOKENS.DatasetLoader,
  models: TOKENS.ModelFactory,
  layers: TOKENS.ModelLayer,
  objectives: TOKENS.Objective,
  hooks: TOKENS.TrainingHook,
  techniques: TOKENS.Technique,
  presets: TOKENS.Preset,
};

export const DEFINITION_KINDS = Object.keys(TOKEN_OF) as (keyof PluginDefinition)[];

/** A plain object whose keys are all kinds of a PluginDefinition (and which has at least one). */
export function looksLikeDefinition(value: unknown): value is PluginDefinition {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.some((k) => (DEFINITION_KINDS as string[]).includes(k));
}

/** The definition's fault, or undefined: each kind a list of named objects, no other keys. */
export function definitionFault(definition: PluginDefinition): string | undefined {
  for (const [kind, items] of Object.entries(definition)) {
    if (!(DEFINITION_KINDS as string[]).includes(kind)) {
      return `definePlugin has no '${kind}'; it takes ${DEFINITION_KINDS.join(', ')}`;
    }
    if (items === undefined) continue;
    if (!Array.isArray(items)) return `'${kind}' must be a list, got ${typeof items}`;
    const unnamed = items.findIndex((item) => typeof (item as { name?: unknown } | null)?.name !== 'string' || (item as { name: string }).name === '');
    if (unnamed >= 0) return `${kind}[${unnamed}] has no name`;
  }
  return undefined;
}

/** The ContainerModule binding every contribution of `definition` (checked with definitionFault). */
export function definitionModule(definition: PluginDefinition): ContainerModule {
  return new ContainerModule(({ bind }) => {
    for (const kind of DEFINITION_KINDS) {
      for (const item of definition[kind] ?? []) {
        // A preset variant names a base preset instead of holding a config.
        const token = kind === 'presets' && !('config' in item) ? TOKENS.PresetVariant : TOKEN_OF[kind];
        bind(token).toConstantValue(item);
      }
    }
  });
}
