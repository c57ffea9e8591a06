/**
 * The regularisers inside the paper's discriminators as switches over model options: Gaussian
 * noise (the MNIST model's layers), dropout (the conv models' layers) and weight normalisation
 * (every model built from src/nn). Off sets the option to its neutral value; on removes it so the
 * model's own (the paper's) value applies. Their values can also be set directly in modelOptions.
 */
import type { ExperimentConfig, Technique, TechniqueModelOptions } from '../../src/core/contracts';
import { withModelOptions, withoutModelOptions } from '../../src/core/config-edit';

function modelOptionSwitch(name: string, description: string, off: TechniqueModelOptions): Technique {
  const keys = Object.keys(off) as (keyof TechniqueModelOptions)[];
  const isOff = (config: ExperimentConfig) => keys.every((k) => config.modelOptions[k] === off[k]);
  return {
    name,
    description,
    enabledIn: (config) => !isOff(config),
    enable: (config) => (isOff(config) ? withoutModelOptions(config, keys) : config),
    disable: (config) => withModelOptions(config, off),
    // Only values set in the config: unset ones are the model's own (and may not apply to it).
    parameters: (config) => (isOff(config) ? {} : Object.fromEntries(keys.filter((k) => k in config.modelOptions).map((k) => [k, config.modelOptions[k]]))),
  };
}

export const GAUSSIAN_NOISE = modelOptionSwitch(
  'gaussian-noise',
  "Gaussian-noise layers in D (options inputNoiseStd, hiddenNoiseStd; the MNIST model's 0.3 and 0.5)",
  { inputNoiseStd: 0, hiddenNoiseStd: 0 },
);

export const DROPOUT = modelOptionSwitch(
  'dropout',
  "dropout in D (options inputDropout, hiddenDropout; the conv models' 0.2 and 0.5)",
  { inputDropout: 0, hiddenDropout: 0 },
);

export const WEIGHT_NORM = modelOptionSwitch('weight-norm', "weight normalisation of D's layers (option weightNorm)", { weightNorm: false });
