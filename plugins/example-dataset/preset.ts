/** A quick recipe for the shapes dataset: the paper's MNIST recipe, shortened (a minute on 2 cores). */
import type { Preset } from '../../src/core/contracts';

export const SHAPES_PRESET: Preset = {
  name: 'shapes-fm',
  description: 'the example plugin: synthetic shapes, feature matching, 20 labels, 10 epochs (~13% test error)',
  config: {
    preset: 'shapes-fm',
    dataset: 'shapes',
    datasetOptions: {},
    model: 'auto',
    // The paper's MLP, narrowed for 256-pixel images; 'auto' passes these to 'mnist-dense'.
    modelOptions: { discriminatorUnits: [500, 250, 250], generatorUnits: [250, 250] },
    labels: 20,
    seed: 1,
    seeds: 1,
    dataSeed: 1,
    epochs: 10,
    iterationsPerEpoch: 0,
    batchSize: 100,
    learningRate: 0.003,
    lrDecayStartEpoch: null,
    adamBeta1: 0.5,
    emaRate: 1e-3,
    evaluateEveryEpochs: 1,
    initExamples: 500,
    discriminatorObjectives: [
      { name: 'supervised', weight: 1, options: {} },
      { name: 'k-plus-one', weight: 1, options: {} },
    ],
    generatorObjectives: [{ name: 'feature-matching', weight: 1, options: { distance: 'squared' } }],
    hooks: [],
  },
};
