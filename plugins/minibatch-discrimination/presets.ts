/**
 * The best-samples settings: minibatch discrimination with the minimax generator loss, virtual
 * batch norm in the generator and one-sided label smoothing (the paper's Table 3 "our methods"),
 * on top of each dataset's feature-matching preset, all named through the registry.
 */
import type { PresetVariant } from '../../src/core/contracts';

const TECHNIQUES = ['minibatch-discrimination', 'virtual-batch-norm', 'label-smoothing'];

function bestSamples(dataset: string, title: string): PresetVariant {
  const base = `${dataset}-fm`;
  return {
    name: `${dataset}-mbd`,
    description: `${title}, best samples: minibatch discrimination, minimax generator loss, virtual batch norm, label smoothing 0.9 (schedule of ${base})`,
    base,
    techniques: TECHNIQUES,
  };
}

export const BEST_SAMPLES_PRESETS: readonly PresetVariant[] = [bestSamples('mnist', 'MNIST'), bestSamples('cifar10', 'CIFAR-10'), bestSamples('svhn', 'SVHN')];
