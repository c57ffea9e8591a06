/**
 * Virtual batch norm as a switch: model option `generatorNorm` names this plugin's normalisation
 * (normalization.ts), with a reference batch of the training batch's size; every model that
 * takes G's normalisation from its `ModelSpec.layers` accepts it.
 */
import type { ExperimentConfig, Technique } from '../../src/core/contracts';
import { withModelOptions, withoutModelOptions } from '../../src/core/config-edit';
import { VIRTUAL_BATCH, type VirtualBatchModelOptions } from './normalization';

const on = (config: ExperimentConfig) => config.modelOptions.generatorNorm === VIRTUAL_BATCH;

export const VIRTUAL_BATCH_NORM: Technique = {
  name: 'virtual-batch-norm',
  aliases: ['vbn'],
  description: 'virtual batch norm in the generator: statistics of a reference batch fixed at the start, combined with each example',
  enabledIn: on,
  enable: (config: ExperimentConfig) =>
    on(config) ? config : withModelOptions<VirtualBatchModelOptions>(config, { generatorNorm: VIRTUAL_BATCH, referenceBatchSize: config.batchSize }),
  disable: (config) => withoutModelOptions<VirtualBatchModelOptions>(config, ['generatorNorm', 'referenceBatchSize']),
  parameters: (config) => (on(config) ? { referenceBatchSize: config.modelOptions.referenceBatchSize ?? 100 } : {}),
};
