/**
 * Adam (Kingma & Ba) in the authors' form: v_hat / sqrt(m2_hat + eps), with a learning rate the
 * schedule may change every step and a state that fits in a checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { adamUpdate, adamUpdateInPlace } from '../engine/fused-ops';
import { zeroVariable } from './zero-variable';

export interface AdamOptions {
  readonly beta1: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export class Adam {
  private readonly firstMoments: tf.Variable[];
  private readonly secondMoments: tf.Variable[];
  private stepCount = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;

  constructor(private readonly weights: readonly tf.Variable[], options: AdamOptions) {
    this.beta1 = options.beta1;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    this.firstMoments = weights.map((w) => zeroVariable(w));
    this.secondMoments = weights.map((w) => zeroVariable(w));
  }

  get steps(): number {
    return this.stepCount;
  }

  /** Applies one update; `gradients[i]` belongs to `weights[i]`. */
  apply(gradients: readonly tf.Tensor[], learningRate: number): void {
    this.stepCount += 1;
    const t = this.stepCount;
    const stepSize = learningRate / (1 - this.beta1 ** t);
    const secondCorrection = 1 / (1 - this.beta2 ** t);
    const step = { stepSize, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, secondCorrection };
    tf.tidy(() => {
      this.weights.forEach((w, i) => {
        if (adamUpdateInPlace(w, gradients[i], this.firstMoments[i], this.secondMoments[i], step)) return;
        const [w2, m2, v2] = adamUpdate(w, gradients[i], this.firstMoments[i], this.secondMoments[i], step);
        w.assign(w2);
        this.firstMoments[i].assign(m2);
        this.secondMoments[i].assign(v2);
      });
    });
  }

  /** Moments and step count, for a checkpoint. */
  getState(): { steps: number; tensors: tf.Tensor[] } {
    return { steps: this.stepCount, tensors: [...this.firstMoments, ...this.secondMoments] };
  }

  setState(steps: number, tensors: readonly tf.Tensor[]): void {
    const n = this.weights.length;
    if (tensors.length !== 2 * n) throw new Error(`Adam state has ${tensors.length} tensors, expected ${2 * n}`);
    this.stepCount = steps;
    tensors.forEach((t, i) => (i < n ? this.firstMoments[i] : this.secondMoments[i - n]).assign(t));
  }

  dispose(): void {
    for (const v of [...this.firstMoments, ...this.secondMoments]) v.dispose();
  }
}
