/** CIFAR-10: the official binary files (folder or tar.gz), the paper's conv models and the feature-matching preset. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { Cifar10Loader } from './cifar10-loader';
import { CIFAR10_MODELS } from './models';
import { CIFAR10_FEATURE_MATCHING } from './presets';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new Cifar10Loader());
  bind(TOKENS.ModelFactory).toConstantValue(CIFAR10_MODELS);
  bind(TOKENS.Preset).toConstantValue(CIFAR10_FEATURE_MATCHING);
});
