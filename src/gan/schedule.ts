/** The learning-rate schedules of the paper's recipes. */
import type { ExperimentConfig } from '../core/contracts';

/** Learning rate of a 1-based epoch: constant, then linear decay to 0 after lrDecayStartEpoch. */
export function learningRateAt(c: ExperimentConfig, epoch: number): number {
  if (c.lrDecayStartEpoch === null || epoch <= c.lrDecayStartEpoch) return c.learningRate;
  return (c.learningRate * (c.epochs - epoch + 1)) / (c.epochs - c.lrDecayStartEpoch);
}
