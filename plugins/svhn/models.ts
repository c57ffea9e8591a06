/** The paper's SVHN models: the conv discriminator with 64 and 128 channels, the DCGAN-style generator. */
import { ConvGanModels, type ConvGanOptions } from '../../src/nn/conv-gan';

export const SVHN_MODEL_OPTIONS: ConvGanOptions = {
  firstWidth: 64,
  width: 128,
  inputDropout: 0.2,
  hiddenDropout: 0.5,
  generatorChannels: [512, 256, 128],
  latentDim: 100,
  initSeed: 1,
};

export const SVHN_MODELS = new ConvGanModels(
  'svhn-conv',
  'weight-normalised conv discriminator (64/128 channels, dropout, NIN, global mean pool); BN deconv generator with tanh output',
  SVHN_MODEL_OPTIONS,
);
