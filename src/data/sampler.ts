/** Chooses the labeled subset: balanced over the classes, from a seeded permutation. */
import { ConfigError } from '../core/errors';
import { Rng } from '../engine/random';

export class LabeledSubsetSampler {
  constructor(private readonly labels: Int32Array, private readonly numClasses: number) {}

  /**
   * Indices of `count` training examples, `count / K` of each class, taken in the order of a
   * permutation drawn with `dataSeed` (the authors' scheme). Sorted by class, then by that order.
   */
  sample(count: number, dataSeed: number): Int32Array {
    const k = this.numClasses;
    if (!Number.isInteger(count) || count < k || count % k !== 0) {
      throw new ConfigError(`--labels must be a positive multiple of the ${k} classes, got ${count}`);
    }
    const perClass = count / k;
    const chosen: number[][] = Array.from({ length: k }, () => []);
    for (const i of new Rng(dataSeed).permutation(this.labels.length)) {
      const y = this.labels[i];
      if (chosen[y].length < perClass) chosen[y].push(i);
    }
    const short = chosen.findIndex((c) => c.length < perClass);
    if (short >= 0) {
      throw new ConfigError(`class ${short} has only ${chosen[short].length} training examples; ${perClass} labeled ones were asked for`);
    }
    return Int32Array.from(chosen.flat());
  }
}
