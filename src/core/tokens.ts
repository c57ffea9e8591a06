/** Every dependency-injection token of ssgan. Plugins bind to these; the core resolves them. */
export const TOKENS = {
  /** Multi-bound: one `DatasetLoader` per dataset name. */
  DatasetLoader: Symbol.for('ssgan.DatasetLoader'),
  /** Multi-bound: one `ModelFactory` per model name. */
  ModelFactory: Symbol.for('ssgan.ModelFactory'),
  /** Multi-bound: one `ModelLayerFactory` per name: a technique's layers for a model slot. */
  ModelLayer: Symbol.for('ssgan.ModelLayer'),
  /** Multi-bound: one `ObjectiveFactory` per objective name. */
  Objective: Symbol.for('ssgan.Objective'),
  /** Multi-bound: one `HookFactory` per training-hook name. */
  TrainingHook: Symbol.for('ssgan.TrainingHook'),
  /** Multi-bound: one switchable `Technique` per name (for presets, flags and ablations). */
  Technique: Symbol.for('ssgan.Technique'),
  /** Multi-bound: named, complete experiment settings. */
  Preset: Symbol.for('ssgan.Preset'),
  /** Multi-bound: presets named as another preset plus techniques, resolved by the registry. */
  PresetVariant: Symbol.for('ssgan.PresetVariant'),
  /** Which plugin registered each name, by kind: `PluginOrigins` (for messages that name the plugin). */
  PluginOrigins: Symbol.for('ssgan.PluginOrigins'),
  /** The `Registry` that looks the above up by name. */
  Registry: Symbol.for('ssgan.Registry'),
} as const;
