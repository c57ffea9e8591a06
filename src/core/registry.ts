/** Looks plugins' contributions up by name, with errors that list what is available. */
import { injectable, multiInject, optional } from 'inversify';
import type { DatasetLoader, HookFactory, ModelFactory, ObjectiveFactory, Preset, Technique } from './contracts';
import { ConfigError } from './errors';
import { TOKENS } from './tokens';

interface Named {
  readonly name: string;
}

@injectable()
export class Registry {
  constructor(
    @multiInject(TOKENS.DatasetLoader) @optional() private readonly datasets: DatasetLoader[] = [],
    @multiInject(TOKENS.ModelFactory) @optional() private readonly models: ModelFactory[] = [],
    @multiInject(TOKENS.Objective) @optional() private readonly objectives: ObjectiveFactory[] = [],
    @multiInject(TOKENS.TrainingHook) @optional() private readonly hooks: HookFactory[] = [],
    @multiInject(TOKENS.Preset) @optional() private readonly presets: Preset[] = [],
    @multiInject(TOKENS.Technique) @optional() private readonly techniques: Technique[] = [],
  ) {}

  dataset(name: string): DatasetLoader {
    return find('dataset', this.datasets, name);
  }

  model(name: string): ModelFactory {
    return find('model', this.models, name);
  }

  objective(name: string): ObjectiveFactory {
    return find('objective', this.objectives, name);
  }

  hook(name: string): HookFactory {
    return find('training hook', this.hooks, name);
  }

  preset(name: string): Preset {
    return find('preset', this.presets, name);
  }

  /** A technique by its name or one of its aliases. */
  technique(name: string): Technique {
    const byAlias = this.techniques.find((t) => t.aliases?.includes(name));
    return byAlias ?? find('technique', this.techniques, name);
  }

  /** Everything registered, by kind, for `ssgan plugins`. */
  list(): Record<string, readonly Named[]> {
    return {
      datasets: this.datasets,
      models: this.models,
      objectives: this.objectives,
      hooks: this.hooks,
      presets: this.presets,
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
