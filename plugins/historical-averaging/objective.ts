/**
 * Historical averaging (Salimans et al. 2016, section 3.3): a term ||theta - (1/t) sum_i theta_i||^2
 * on a player's cost, theta its weights at step i. The average includes the current weights (as
 * the paper's sum to t), is kept online and is a constant for the gradient, which is therefore
 * 2 (theta - average): descent pulls the weights back toward their history. The term's weight in
 * the config is lambda. One term per player, so lambda is set per player.
 */
import * as tf from '@tensorflow/tfjs';
import type { Objective, ObjectiveFactory, Player } from '../../src/core/contracts';
import { movingAverageUpdate } from '../../src/engine/fused-ops';
import { zeroVariable } from '../../src/gan/zero-variable';

interface StepWithWeights {
  readonly weights: readonly tf.Variable[];
}

export const HISTORICAL_AVERAGING_NAMES: Readonly<Record<Player, string>> = {
  discriminator: 'historical-averaging-d',
  generator: 'historical-averaging-g',
};

/** The penalty of one player, with its online average; created per seed. */
export class HistoricalAverage implements Objective<StepWithWeights> {
  private averages: tf.Variable[] = [];
  private steps = 0;

  constructor(readonly name: string, readonly weight: number) {}

  /** Folds the current weights into the average, then returns ||theta - average||^2. */
  loss(step: StepWithWeights): tf.Scalar {
    if (this.averages.length === 0) this.averages = step.weights.map((w) => zeroVariable(w));
    this.steps += 1;
    const rate = 1 / this.steps;
    tf.tidy(() => step.weights.forEach((w, i) => this.averages[i].assign(movingAverageUpdate(this.averages[i], w, rate))));
    const squares = step.weights.map((w, i) => tf.sum(tf.square(tf.sub(w, this.averages[i]))));
    return (squares.length === 1 ? squares[0] : tf.addN(squares)) as tf.Scalar;
  }

  saveState(): Record<string, tf.Tensor> {
    return { ...Object.fromEntries(this.averages.map((a, i) => [`average/${i}`, tf.clone(a)])), steps: tf.scalar(this.steps) };
  }

  loadState(tensors: Record<string, tf.Tensor>): void {
    const count = Object.keys(tensors).filter((k) => k.startsWith('average/')).length;
    tf.dispose(this.averages);
    this.averages = Array.from({ length: count }, (_, i) => tf.tidy(() => tf.variable(tensors[`average/${i}`].clone(), false)));
    this.steps = tensors.steps.dataSync()[0];
  }

  dispose(): void {
    tf.dispose(this.averages);
    this.averages = [];
  }
}

function factory(player: Player): ObjectiveFactory {
  const name = HISTORICAL_AVERAGING_NAMES[player];
  return {
    name,
    player,
    description: `historical averaging of the ${player}'s weights: weight * ||theta - mean of past theta||^2`,
    create: (weight) => new HistoricalAverage(name, weight),
  };
}

export const HISTORICAL_AVERAGING_D = factory('discriminator');
export const HISTORICAL_AVERAGING_G = factory('generator');
