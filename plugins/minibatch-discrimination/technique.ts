/**
 * Minibatch discrimination as a switch. On: the MBD layer in D (model option
 * `minibatchDiscrimination`, read by feature-layer.ts) and the authors' minimax generator loss in
 * place of the generator's terms. Off: the layer only goes, the generator loss stays, as the
 * paper's "-MBF" ablation.
 */
import type { ExperimentConfig, Technique } from '../../src/core/contracts';
import { withModelOptions, withTerms, withoutModelOptions } from '../../src/core/config-edit';
import { MINIBATCH_OPTION, type MinibatchModelOptions, minibatchOn } from './feature-layer';
import { MINIBATCH_DEFAULTS } from './layer';
import { MINIMAX_NAME } from './objective';

export const MINIBATCH_DISCRIMINATION: Technique = {
  name: 'minibatch-discrimination',
  aliases: ['mbd'],
  description: "minibatch features in D (B=100 kernels of C=5) with the authors' minimax generator loss",
  enabledIn: (config) => minibatchOn(config.modelOptions[MINIBATCH_OPTION]),
  enable(config: ExperimentConfig): ExperimentConfig {
    const on = this.enabledIn(config)
      ? config
      : withModelOptions<MinibatchModelOptions>(config, { [MINIBATCH_OPTION]: { ...MINIBATCH_DEFAULTS, groupSize: config.batchSize } });
    return withTerms(on, 'generator', [{ name: MINIMAX_NAME, weight: 1, options: {} }]);
  },
  disable: (config) => withoutModelOptions<MinibatchModelOptions>(config, [MINIBATCH_OPTION]),
  parameters(config: ExperimentConfig): Record<string, unknown> {
    if (!this.enabledIn(config)) return {};
    const option = config.modelOptions[MINIBATCH_OPTION];
    return { ...MINIBATCH_DEFAULTS, ...(typeof option === 'object' ? option : {}), generatorLoss: config.generatorObjectives.map((t) => t.name).join('+') };
  },
};
