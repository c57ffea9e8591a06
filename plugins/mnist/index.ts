/** MNIST: the IDX loader, the paper's dense models and the feature-matching preset. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { MnistLoader } from './mnist-loader';
import { DenseModels } from './models';
import { MNIST_FEATURE_MATCHING } from './presets';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new MnistLoader());
  bind(TOKENS.ModelFactory).toConstantValue(new DenseModels());
  bind(TOKENS.Preset).toConstantValue(MNIST_FEATURE_MATCHING);
});
