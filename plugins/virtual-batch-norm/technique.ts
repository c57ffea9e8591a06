/**
 * Virtual batch norm as a switch: the generator's batch-norm layers become virtual batch norm
 * (model option `generatorNorm`), with a reference batch of the training batch's size. The layer
 * is src/nn/virtual-batch-norm.ts; every model built with src/nn/generator-norm.ts accepts it.
 */
import type { ExperimentConfig, Technique } from '../../src/core/contracts';
import { withModelOptions, withoutModelOptions } from '../../src/core/config-edit';

export const VIRTUAL_BATCH_NORM: Technique = {
  name: 'virtual-batch-norm',
  aliases: ['vbn'],
  description: 'virtual batch norm in the generator: statistics of a reference batch fixed at the start, combined with each example',
  enabledIn: (config) => config.modelOptions.generatorNorm === 'virtual-batch',
  enable: (config: ExperimentConfig) =>
    config.modelOptions.generatorNorm === 'virtual-batch'
      ? config
      : withModelOptions(config, { generatorNorm: 'virtual-batch', referenceBatchSize: config.batchSize }),
  disable: (config) => withoutModelOptions(config, ['generatorNorm', 'referenceBatchSize']),
  parameters: (config) =>
    config.modelOptions.generatorNorm === 'virtual-batch' ? { referenceBatchSize: config.modelOptions.referenceBatchSize ?? 100 } : {},
};
