/** A stack of layers applied in order: the body of every ssgan network. */
import * as tf from '@tensorflow/tfjs';
import type { ForwardContext, NamedWeight } from '../core/contracts';
import { Rng } from '../engine/random';
import type { Layer } from './layer';

export class Sequential {
  readonly outputShape: number[];

  /** Builds every layer for `inputShape` (no batch axis), drawing initial weights from `seed`. */
  constructor(readonly name: string, readonly layers: readonly Layer[], readonly inputShape: readonly number[], seed: number) {
    const names = new Set<string>();
    for (const layer of layers) {
      if (names.has(layer.name)) throw new Error(`${name}: duplicate layer name '${layer.name}'`);
      names.add(layer.name);
    }
    const rng = new Rng(seed);
    let shape = [...inputShape];
    for (const layer of layers) shape = layer.build(shape, rng);
    this.outputShape = shape;
  }

  get namedWeights(): NamedWeight[] {
    return this.layers.flatMap((layer) => layer.weights);
  }

  get trainableWeights(): tf.Variable[] {
    return this.namedWeights.filter((w) => w.trainable).map((w) => w.variable);
  }

  /**
   * Runs the layers in order. With `tap`, also returns the output of the layer of that name; with
   * `stopAfter` true, stops there.
   */
  apply(x: tf.Tensor, ctx: ForwardContext, tap?: string, stopAfter = false): { output: tf.Tensor; tapped?: tf.Tensor } {
    let h = x;
    let tapped: tf.Tensor | undefined;
    for (const layer of this.layers) {
      h = layer.apply(h, ctx);
      if (layer.name === tap) {
        tapped = h;
        if (stopAfter) break;
      }
    }
    return { output: h, tapped };
  }

  /** Data-dependent initialisation, layer by layer, on one batch. */
  initialize(x: tf.Tensor, ctx: ForwardContext): void {
    tf.tidy(() => {
      let h = x;
      for (const layer of this.layers) h = layer.initialize ? layer.initialize(h, ctx) : layer.apply(h, ctx);
    });
  }

  layerIndex(name: string): number {
    const index = this.layers.findIndex((layer) => layer.name === name);
    if (index < 0) throw new Error(`${this.name}: no layer named '${name}'`);
    return index;
  }

  getConfig(): Record<string, unknown> {
    return { name: this.name, inputShape: this.inputShape, layers: this.layers.map((l) => l.getConfig()) };
  }

  dispose(): void {
    for (const w of this.namedWeights) w.variable.dispose();
  }
}
