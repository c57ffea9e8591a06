import test from 'ava';
import { ConfigError } from '../src/core/errors';
import { LabeledSubsetSampler } from '../src/data/sampler';
import { Rng } from '../src/engine/random';

/** 1000 examples over 10 classes, unevenly. */
const rng = new Rng(99);
const labels = Int32Array.from({ length: 1000 }, () => Math.min(9, Math.floor(rng.nextFloat() ** 1.5 * 10)));
const sampler = new LabeledSubsetSampler(labels, 10);

test('exactly count/K examples of each class, all distinct', (t) => {
  for (const count of [20, 50, 100]) {
    const picked = sampler.sample(count, 1);
    t.is(picked.length, count);
    t.is(new Set(picked).size, count);
    const perClass = Array(10).fill(0);
    for (const i of picked) perClass[labels[i]] += 1;
    t.deepEqual(perClass, Array(10).fill(count / 10));
  }
});

test('the same data seed gives the same subset; another seed another', (t) => {
  t.deepEqual(sampler.sample(50, 7), sampler.sample(50, 7));
  t.notDeepEqual(sampler.sample(50, 7), sampler.sample(50, 8));
});

test('a count that is not a multiple of K, or more than a class holds, is a clear error', (t) => {
  t.throws(() => sampler.sample(55, 1), { instanceOf: ConfigError, message: /multiple of the 10 classes/ });
  const few = new LabeledSubsetSampler(Int32Array.from([0, 0, 1]), 2);
  t.throws(() => few.sample(4, 1), { instanceOf: ConfigError, message: /class 1 has only 1 training examples; 2/ });
});
