/** The paper's CIFAR-10 models: the conv discriminator with 96 and 192 channels, the DCGAN-style generator. */
import { ConvGanModels, type ConvGanOptions } from '../../src/nn/conv-gan';

export const CIFAR10_MODEL_OPTIONS: ConvGanOptions = {
  firstWidth: 96,
  width: 192,
  inputDropout: 0.2,
  hiddenDropout: 0.5,
  generatorChannels: [512, 256, 128],
  latentDim: 100,
  initSeed: 1,
};

export const CIFAR10_MODELS = new ConvGanModels(
  'cifar10-conv',
  'weight-normalised conv discriminator (96/192 channels, dropout, NIN, global mean pool); BN deconv generator with tanh output',
  CIFAR10_MODEL_OPTIONS,
);
