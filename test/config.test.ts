import test from 'ava';
import imageFolder from '../plugins/image-folder';
import mnist from '../plugins/mnist';
import { createRegistry } from '../src/core/container';
import { ConfigError } from '../src/core/errors';
import { resolveConfig } from '../src/runner/config';

const registry = createRegistry([imageFolder, mnist]);

test('without --preset or --dataset the preset a plugin marks as default is taken', (t) => {
  t.is(resolveConfig(registry, {}).preset.name, 'mnist-fm');
  t.throws(() => resolveConfig(createRegistry([imageFolder]), {}), { instanceOf: ConfigError, message: /no loaded plugin marks a default preset/ });
});

test('--skip-bad-images is refused for a dataset whose loader does not take skipBadImages', (t) => {
  t.throws(() => resolveConfig(registry, { skipBadImages: true }), { instanceOf: ConfigError, message: /--skip-bad-images applies to .* not 'mnist'/ });
  const given = { name: 'photos', description: 'an image folder', config: { ...registry.preset('mnist-fm').config, dataset: 'image-folder' } };
  t.like(resolveConfig(registry, { skipBadImages: true }, given).config.datasetOptions, { skipBadImages: true });
});
