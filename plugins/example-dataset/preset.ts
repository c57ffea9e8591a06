/** A quick recipe for the shapes dataset: the paper's MNIST recipe, shortened (a minute on 2 cores). */
import type { Preset } from '../../src/core/contracts';
import { paperRecipe } from '../../src/gan/recipe';

export const SHAPES_PRESET: Preset = {
  name: 'shapes-fm',
  description: 'the example plugin: synthetic shapes, feature matching, 20 labels, 10 epochs (~13% test error)',
  config: paperRecipe({
    preset: 'shapes-fm',
    dataset: 'shapes',
    model: 'auto',
    // The paper's MLP, narrowed for 256-pixel images; 'auto' passes these to 'mnist-dense'.
    modelOptions: { discriminatorUnits: [500, 250, 250], generatorUnits: [250, 250] },
    labels: 20,
    epochs: 10,
    learningRate: 0.003,
    emaRate: 1e-3,
  }),
};
