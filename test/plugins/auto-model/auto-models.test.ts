import test from 'ava';
import autoModel from '../../../plugins/auto-model';
import convModels from '../../../plugins/conv-models';
import mnist from '../../../plugins/mnist';
import { createRegistry } from '../../../src/core/container';
import { ConfigError } from '../../../src/core/errors';
import { modelSpec } from '../../../src/nn/model-layers';

const spec = (channels: number) => modelSpec([], [16, 16, channels], 3, { initSeed: 1 });

test("'auto' builds the model marked for the images' kind, found by capability, not by name", (t) => {
  const auto = createRegistry([autoModel, mnist, convModels]).model('auto');
  const gray = auto.createDiscriminator(spec(1));
  const colour = auto.createDiscriminator(spec(3));
  t.true(gray.namedWeights.every((w) => w.variable.rank <= 2), 'a dense discriminator for grayscale images');
  t.true(colour.namedWeights.some((w) => w.variable.rank === 4), 'a conv discriminator for colour images');
  for (const d of [gray, colour]) d.namedWeights.forEach((w) => w.variable.dispose());
});

test("'auto' without a model for the images' kind says so", (t) => {
  const auto = createRegistry([autoModel, mnist]).model('auto');
  t.throws(() => auto.createDiscriminator(spec(3)), { instanceOf: ConfigError, message: /needs a model for colour images/ });
});
