/**
 * The best-samples settings: minibatch discrimination with the minimax generator loss, virtual
 * batch norm in the generator and one-sided label smoothing (the paper's Table 3 "our methods"),
 * on top of each dataset's feature-matching preset.
 */
import type { ExperimentConfig, Preset } from '../../src/core/contracts';
import { findTerm, withModelOptions, withTerm } from '../../src/core/config-edit';
import { CIFAR10_FEATURE_MATCHING } from '../cifar10/presets';
import { MNIST_FEATURE_MATCHING } from '../mnist/presets';
import { SVHN_FEATURE_MATCHING } from '../svhn/presets';
import { MINIBATCH_DISCRIMINATION } from './technique';

function minibatchPreset(base: Preset, name: string, dataset: string): Preset {
  let config: ExperimentConfig = MINIBATCH_DISCRIMINATION.enable({ ...base.config, preset: name });
  config = withModelOptions(config, { generatorNorm: 'virtual-batch', referenceBatchSize: config.batchSize });
  const kPlusOne = findTerm(config, 'discriminator', 'k-plus-one');
  if (kPlusOne) config = withTerm(config, 'discriminator', { ...kPlusOne, options: { ...kPlusOne.options, realTarget: 0.9 } });
  return {
    name,
    description: `${dataset}, best samples: minibatch discrimination, minimax generator loss, virtual batch norm, label smoothing 0.9 (schedule of ${base.name})`,
    config,
  };
}

export const MNIST_MINIBATCH = minibatchPreset(MNIST_FEATURE_MATCHING, 'mnist-mbd', 'MNIST');
export const CIFAR10_MINIBATCH = minibatchPreset(CIFAR10_FEATURE_MATCHING, 'cifar10-mbd', 'CIFAR-10');
export const SVHN_MINIBATCH = minibatchPreset(SVHN_FEATURE_MATCHING, 'svhn-mbd', 'SVHN');
