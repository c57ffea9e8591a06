/** CIFAR-10: the official binary files (folder or tar.gz), the feature-matching preset (its model, 'cifar10-conv', is the conv-models plugin's). */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { Cifar10Loader } from './cifar10-loader';
import { CIFAR10_FEATURE_MATCHING } from './presets';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new Cifar10Loader());
  bind(TOKENS.Preset).toConstantValue(CIFAR10_FEATURE_MATCHING);
});
