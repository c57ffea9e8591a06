/**
 * Small immutable edits of an ExperimentConfig, shared by the techniques' `enable`/`disable`:
 * model options, objective terms and hooks, each found by name.
 */
import type { ExperimentConfig, HookConfig, Player, TechniqueModelOptions, TermConfig } from './contracts';

/** `config` with the technique's model options set; `T` types them (a plugin's own, or the models' `TechniqueModelOptions`). */
export function withModelOptions<T extends object = TechniqueModelOptions>(config: ExperimentConfig, options: T): ExperimentConfig {
  return { ...config, modelOptions: { ...config.modelOptions, ...options } };
}

/** `config` without the model options named by `keys` (so the model's defaults apply). */
export function withoutModelOptions<T extends object = TechniqueModelOptions>(config: ExperimentConfig, keys: readonly (keyof T & string)[]): ExperimentConfig {
  return { ...config, modelOptions: Object.fromEntries(Object.entries(config.modelOptions).filter(([k]) => !(keys as readonly string[]).includes(k))) };
}

function termsKey(player: Player): 'discriminatorObjectives' | 'generatorObjectives' {
  return player === 'discriminator' ? 'discriminatorObjectives' : 'generatorObjectives';
}

export function findTerm(config: ExperimentConfig, player: Player, name: string): TermConfig | undefined {
  return config[termsKey(player)].find((t) => t.name === name);
}

/** Adds the term, or replaces the one of the same name. */
export function withTerm(config: ExperimentConfig, player: Player, term: TermConfig): ExperimentConfig {
  const key = termsKey(player);
  const others = config[key].filter((t) => t.name !== term.name);
  return { ...config, [key]: [...others, term] };
}

export function withoutTerm(config: ExperimentConfig, player: Player, name: string): ExperimentConfig {
  const key = termsKey(player);
  return { ...config, [key]: config[key].filter((t) => t.name !== name) };
}

/** Replaces every term of a player. */
export function withTerms(config: ExperimentConfig, player: Player, terms: readonly TermConfig[]): ExperimentConfig {
  return { ...config, [termsKey(player)]: terms };
}

export function findHook(config: ExperimentConfig, name: string): HookConfig | undefined {
  return config.hooks.find((h) => h.name === name);
}

/** Adds the hook, or replaces the one of the same name. */
export function withHook(config: ExperimentConfig, hook: HookConfig): ExperimentConfig {
  return { ...config, hooks: [...config.hooks.filter((h) => h.name !== hook.name), hook] };
}

export function withoutHook(config: ExperimentConfig, name: string): ExperimentConfig {
  return { ...config, hooks: config.hooks.filter((h) => h.name !== name) };
}
