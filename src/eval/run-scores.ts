/**
 * Scores of a run's generators beside the real data's: Inception score of N samples per seed and
 * FID against N test images, with the real test images' Inception score and the FID of N real
 * training images as the ceiling a generator can reach with this scorer.
 */
import type { Dataset } from '../core/contracts';
import type { Registry } from '../core/registry';
import { indexRange } from '../data/image-set';
import { Rng } from '../engine/random';
import { generateImages, loadGenerator, type SavedRun } from '../store/saved-run';
import type { RunFolder } from '../store/run-folder';
import { type MeanStd, meanStd } from '../store/stats';
import type { Scorer, ScorerInfo } from './scorer';
import { type FeatureStats, type SplitScore, featureStats, frechetDistance, inceptionScore } from './scores';

export interface ScorePair {
  readonly inceptionScore: SplitScore;
  /** Fréchet distance to the test set's features. */
  readonly fid: number;
}

/** scores.json of a run. */
export interface RunScores {
  readonly runId: string;
  readonly createdAt: string;
  /** The network behind every number here. */
  readonly scorer: ScorerInfo & { readonly file?: string };
  readonly samples: number;
  readonly splits: number;
  readonly fidReference: string;
  /** Real images scored the same way: the ceiling. */
  readonly real: ScorePair & { readonly what: string };
  readonly seeds: readonly (ScorePair & { readonly seed: number })[];
  readonly inceptionScoreOverSeeds: MeanStd;
  readonly fidOverSeeds: MeanStd;
  readonly seconds: number;
}

export interface ScoreRunOptions {
  readonly registry: Registry;
  readonly folder: RunFolder;
  readonly saved: SavedRun;
  readonly dataset: Dataset;
  readonly scorer: Scorer;
  readonly scorerFile?: string;
  readonly seeds: readonly number[];
  readonly samples: number;
  readonly splits: number;
  readonly log: (line: string) => void;
}

/** Offset of the latent stream used for scoring, apart from the training and grid streams. */
const SCORE_LATENT_STREAM = 0x73636f72;

export async function scoreRun(o: ScoreRunOptions): Promise<RunScores> {
  const startMs = Date.now();
  const { dataset, scorer } = o;
  const n = Math.min(o.samples, dataset.testLabels.length);
  const scaling = dataset.scaling;
  const test = dataset.testImages.batch(indexRange(0, n));
  const testOut = await scorer.score(test, scaling);
  test.dispose();
  const reference = featureStats(testOut.features);
  const trainPick = dataset.trainImages.batch(new Rng(SCORE_LATENT_STREAM).permutation(dataset.trainLabels.length).subarray(0, n));
  const trainOut = await scorer.score(trainPick, scaling);
  trainPick.dispose();
  const real = {
    what: `${n} real test images (Inception score); ${n} real training images against the test set (FID)`,
    inceptionScore: inceptionScore(testOut.probabilities, o.splits),
    fid: frechetDistance(featureStats(trainOut.features), reference),
  };
  o.log(`real data: Inception score ${real.inceptionScore.mean.toFixed(3)} ± ${real.inceptionScore.std.toFixed(3)}, FID ${real.fid.toFixed(3)}`);

  const seeds: (ScorePair & { seed: number })[] = [];
  for (const seed of o.seeds) {
    seeds.push({ seed, ...(await scoreSeed(o, seed, n, reference)) });
    const s = seeds[seeds.length - 1];
    o.log(`seed ${seed}: Inception score ${s.inceptionScore.mean.toFixed(3)} ± ${s.inceptionScore.std.toFixed(3)}, FID ${s.fid.toFixed(3)}`);
  }
  return {
    runId: o.folder.runId,
    createdAt: new Date().toISOString(),
    scorer: { ...scorer.info, ...(o.scorerFile && { file: o.scorerFile }) },
    samples: n,
    splits: o.splits,
    fidReference: `features of the first ${n} test images`,
    real,
    seeds,
    inceptionScoreOverSeeds: meanStd(seeds.map((s) => s.inceptionScore.mean)),
    fidOverSeeds: meanStd(seeds.map((s) => s.fid)),
    seconds: (Date.now() - startMs) / 1000,
  };
}

async function scoreSeed(o: ScoreRunOptions, seed: number, n: number, reference: FeatureStats): Promise<ScorePair> {
  const loaded = loadGenerator(o.registry, o.folder, o.saved, seed);
  try {
    const images = generateImages(loaded.generator, n, seed ^ SCORE_LATENT_STREAM);
    const out = await o.scorer.score(images, o.dataset.scaling);
    images.dispose();
    return { inceptionScore: inceptionScore(out.probabilities, o.splits), fid: frechetDistance(featureStats(out.features), reference) };
  } finally {
    loaded.dispose();
  }
}
