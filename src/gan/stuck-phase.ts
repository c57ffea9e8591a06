/**
 * The "D wins early" phase: in some seeds the discriminator separates real from generated images
 * almost perfectly within the first epochs, and the generator's feature-matching loss climbs
 * instead of falling. Such seeds end short runs far worse than the others. This tells them apart
 * from a seed's per-epoch losses (the epoch means of metrics.csv).
 */
import { FEATURE_MATCHING, K_PLUS_ONE } from './objectives';

/** Epochs the criterion looks at: 1 to this one. */
export const D_WINS_EARLY_LAST_EPOCH = 2;
/** The K+1 (unlabeled real-vs-generated) loss below which D is winning outright. */
export const D_WINS_EARLY_K_PLUS_ONE_BELOW = 0.05;
/** The feature-matching loss above which the generator is losing ground. */
export const D_WINS_EARLY_FEATURE_MATCHING_ABOVE = 10;

export interface DWinsEarlyVerdict {
  /** True when some epoch of 1..D_WINS_EARLY_LAST_EPOCH meets both thresholds. */
  readonly stuck: boolean;
  /** The first epoch that met them, when stuck; otherwise the last epoch looked at. */
  readonly epoch: number;
  readonly kPlusOne: number;
  readonly featureMatching: number;
}

/** One metrics.csv row: `epoch` and the epoch means of the loss terms, by column name. */
export type EpochLosses = Readonly<Record<string, number>>;

/**
 * The verdict over a seed's epochs; undefined when none of epochs 1..D_WINS_EARLY_LAST_EPOCH has
 * both losses (a preset without these terms, or a seed that has not finished its first epoch).
 */
export function dWinsEarly(rows: readonly EpochLosses[]): DWinsEarlyVerdict | undefined {
  let last: DWinsEarlyVerdict | undefined;
  for (const row of rows) {
    if (row.epoch < 1 || row.epoch > D_WINS_EARLY_LAST_EPOCH) continue;
    const kPlusOne = row[K_PLUS_ONE.name];
    const featureMatching = row[FEATURE_MATCHING.name];
    if (kPlusOne === undefined || featureMatching === undefined) continue;
    const stuck = kPlusOne < D_WINS_EARLY_K_PLUS_ONE_BELOW && featureMatching > D_WINS_EARLY_FEATURE_MATCHING_ABOVE;
    last = { stuck, epoch: row.epoch, kPlusOne, featureMatching };
    if (stuck) return last;
  }
  return last;
}

/** The criterion in words, for pages that report the verdict. */
export const D_WINS_EARLY_CRITERION =
  `in one of epochs 1-${D_WINS_EARLY_LAST_EPOCH}, the K+1 loss below ${D_WINS_EARLY_K_PLUS_ONE_BELOW} ` +
  `and the feature-matching loss above ${D_WINS_EARLY_FEATURE_MATCHING_ABOVE}`;
