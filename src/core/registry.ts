/** Looks plugins' contributions up by name, with errors that list what is available. */
import { inject, injectable, multiInject, optional } from 'inversify';
import type { DatasetLoader, HookFactory, ModelFactory, ModelLayerFactory, ObjectiveFactory, Preset, PresetVariant, Technique } from './contracts';
import { ConfigError } from './errors';
import { TOKENS } from './tokens';

interface Named {
  readonly name: string;
}

/** The plugin that registered each name, by kind ('datasets', 'models', ...). */
export type PluginOrigins = ReadonlyMap<string, ReadonlyMap<string, string>>;

@injectable()
export class Registry {
  constructor(
    @multiInject(TOKENS.DatasetLoader) @optional() private readonly datasets: DatasetLoader[] = [],
    @multiInject(TOKENS.ModelFactory) @optional() private readonly models: ModelFactory[] = [],
    @multiInject(TOKENS.ModelLayer) @optional() private readonly layers: ModelLayerFactory[] = [],
    @multiInject(TOKENS.Objective) @optional() private readonly objectives: ObjectiveFactory[] = [],
    @multiInject(TOKENS.TrainingHook) @optional() private readonly hooks: HookFactory[] = [],
    @multiInject(TOKENS.Preset) @optional() private readonly presets: Preset[] = [],
    @multiInject(TOKENS.Technique) @optional() private readonly techniques: Technique[] = [],
    @multiInject(TOKENS.PresetVariant) @optional() private readonly variants: PresetVariant[] = [],
    @inject(TOKENS.PluginOrigins) @optional() private readonly origins: PluginOrigins = new Map(),
  ) {}

  dataset(name: string): DatasetLoader {
    return find('dataset', this.datasets, name);
  }

  model(name: string): ModelFactory {
    return find('model', this.models, name);
  }

  /** Every technique's layers, for the models' slots (src/nn/model-layers.ts). */
  modelLayers(): readonly ModelLayerFactory[] {
    return this.layers;
  }

  objective(name: string): ObjectiveFactory {
    return find('objective', this.objectives, name);
  }

  hook(name: string): HookFactory {
    return find('training hook', this.hooks, name);
  }

  /** A preset; a variant comes back resolved: its base preset with its techniques switched on. */
  preset(name: string): Preset {
    const found = find<Preset | PresetVariant>('preset', [...this.presets, ...this.variants], name);
    if ('config' in found) return found;
    const base = this.preset(found.base).config;
    const config = found.techniques.reduce((c, t) => this.technique(t).enable(c), { ...base, preset: found.name });
    return { name: found.name, description: found.description, config };
  }

  /** The preset a plugin marks as the default (the first, if several do). */
  defaultPreset(): Preset {
    const found = this.presets.find((p) => p.isDefault);
    if (!found) throw new ConfigError('no loaded plugin marks a default preset; give one with --preset');
    return found;
  }

  /** Every preset, variants resolved. */
  allPresets(): Preset[] {
    return [...this.presets, ...this.variants.map((v) => this.preset(v.name))];
  }

  /** A technique by its name or one of its aliases. */
  technique(name: string): Technique {
    const byAlias = this.techniques.find((t) => t.aliases?.includes(name));
    return byAlias ?? find('technique', this.techniques, name);
  }

  /** The plugin that registered `name` of `kind` ('datasets', 'models', ...), when the registry knows its plugins. */
  pluginOf(kind: string, name: string): string | undefined {
    return this.origins.get(kind)?.get(name);
  }

  /** Everything registered, by kind, for `ssgan plugins`. */
  list(): Record<string, readonly Named[]> {
    return {
      datasets: this.datasets,
      models: this.models,
      layers: this.layers,
      objectives: this.objectives,
      hooks: this.hooks,
      presets: [...this.presets, ...this.variants],
      techniques: this.techniques,
    };
  }
}

function find<T extends Named>(kind: string, items: readonly T[], name: string): T {
  const found = items.find((item) => item.name === name);
  if (found) return found;
  const names = items.map((item) => item.name).sort();
  throw new ConfigError(`unknown ${kind} '${name}'; available: ${names.join(', ') || '(none)'}`);
}
