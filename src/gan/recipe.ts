/**
 * The authors' training recipe, shared by every preset: one seed, batch 100, Adam with beta1 0.5,
 * a weight average at rate 1e-4, data-dependent init on 500 examples, the K+1 losses and a
 * feature-matching generator. A preset states only what differs.
 */
import type { ExperimentConfig } from '../core/contracts';
import type { FeatureDistance } from './losses';

/** What every preset must say; anything else of ExperimentConfig may be overridden. */
export type RecipeSettings = Pick<ExperimentConfig, 'preset' | 'dataset' | 'model' | 'labels' | 'epochs' | 'learningRate'> &
  Partial<ExperimentConfig> & {
    /** Feature-matching distance: squared for the MNIST model, absolute for the conv models. */
    readonly featureDistance?: FeatureDistance;
  };

export function paperRecipe({ featureDistance = 'squared', ...settings }: RecipeSettings): ExperimentConfig {
  return {
    datasetOptions: {},
    modelOptions: {},
    seed: 1,
    seeds: 1,
    dataSeed: 1,
    iterationsPerEpoch: 0,
    batchSize: 100,
    lrDecayStartEpoch: null,
    adamBeta1: 0.5,
    emaRate: 1e-4,
    evaluateEveryEpochs: 1,
    initExamples: 500,
    discriminatorObjectives: [
      { name: 'supervised', weight: 1, options: {} },
      { name: 'k-plus-one', weight: 1, options: {} },
    ],
    generatorObjectives: [{ name: 'feature-matching', weight: 1, options: { distance: featureDistance } }],
    hooks: [],
    ...settings,
  };
}
