/** The core's named loss terms, which presets list by name. */
import type {
  DiscriminatorObjective,
  DiscriminatorStepTensors,
  GeneratorObjective,
  GeneratorStepTensors,
  ObjectiveFactory,
} from '../core/contracts';
import { ConfigError } from '../core/errors';
import { type FeatureDistance, featureMatchingLoss, kPlusOneUnsupervisedLoss, supervisedLoss } from './losses';

export const SUPERVISED: ObjectiveFactory = {
  name: 'supervised',
  player: 'discriminator',
  description: 'softmax cross-entropy of the labeled batch over the K real classes',
  create: (weight): DiscriminatorObjective => ({
    name: 'supervised',
    weight,
    loss: (s: DiscriminatorStepTensors) => supervisedLoss(s.labeledLogits, s.labels),
  }),
};

export const K_PLUS_ONE: ObjectiveFactory = {
  name: 'k-plus-one',
  player: 'discriminator',
  description: 'unsupervised real-vs-generated loss of the K+1 discriminator (option realTarget < 1: one-sided label smoothing)',
  create: (weight, options): DiscriminatorObjective => {
    const realTarget = numberOption(options, 'realTarget', 1);
    if (realTarget <= 0 || realTarget > 1) throw new ConfigError(`k-plus-one: realTarget must be in (0, 1], got ${realTarget}`);
    return {
      name: 'k-plus-one',
      weight,
      loss: (s: DiscriminatorStepTensors) => kPlusOneUnsupervisedLoss(s.unlabeledLogits, s.generatedLogits, realTarget),
    };
  },
};

export const FEATURE_MATCHING: ObjectiveFactory = {
  name: 'feature-matching',
  player: 'generator',
  description: "distance between mean discriminator features of real and generated batches (option distance: 'squared' | 'absolute')",
  create: (weight, options): GeneratorObjective => {
    const distance = options.distance ?? 'squared';
    if (distance !== 'squared' && distance !== 'absolute') {
      throw new ConfigError(`feature-matching: distance must be 'squared' or 'absolute', got '${String(distance)}'`);
    }
    return {
      name: 'feature-matching',
      weight,
      loss: (s: GeneratorStepTensors) => featureMatchingLoss(s.realFeatures, s.generatedFeatures, distance as FeatureDistance),
    };
  },
};

function numberOption(options: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const value = options[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ConfigError(`option ${key} must be a number, got ${String(value)}`);
  return value;
}
