/**
 * The paper's conv models, one per dataset: the discriminator with 96/192 channels (CIFAR-10) or
 * 64/128 (SVHN), and the DCGAN-style generator. Presets name them 'cifar10-conv' and 'svhn-conv'.
 */
import { ConvGanModels, type ConvGanOptions } from './conv-gan';

/** What the two models share; they differ only in the discriminator's widths. */
const PAPER_CONV_OPTIONS = {
  inputDropout: 0.2,
  hiddenDropout: 0.5,
  generatorChannels: [512, 256, 128],
  latentDim: 100,
  initSeed: 1,
} as const;

export const CIFAR10_MODEL_OPTIONS: ConvGanOptions = { firstWidth: 96, width: 192, ...PAPER_CONV_OPTIONS };

export const CIFAR10_MODELS = new ConvGanModels(
  'cifar10-conv',
  'weight-normalised conv discriminator (96/192 channels, dropout, NIN, global mean pool); BN deconv generator with tanh output',
  CIFAR10_MODEL_OPTIONS,
  'colour',
);

export const SVHN_MODEL_OPTIONS: ConvGanOptions = { firstWidth: 64, width: 128, ...PAPER_CONV_OPTIONS };

export const SVHN_MODELS = new ConvGanModels(
  'svhn-conv',
  'weight-normalised conv discriminator (64/128 channels, dropout, NIN, global mean pool); BN deconv generator with tanh output',
  SVHN_MODEL_OPTIONS,
);
