/** The paper's 32x32 conv models, for the CIFAR-10 and SVHN presets and the auto model's colour images. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { CIFAR10_MODELS, SVHN_MODELS } from './models';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.ModelFactory).toConstantValue(CIFAR10_MODELS);
  bind(TOKENS.ModelFactory).toConstantValue(SVHN_MODELS);
});
