/** SVHN: the official MAT-files, the paper's conv models and the feature-matching preset. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { SVHN_MODELS } from './models';
import { SVHN_FEATURE_MATCHING } from './presets';
import { SvhnLoader } from './svhn-loader';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new SvhnLoader());
  bind(TOKENS.ModelFactory).toConstantValue(SVHN_MODELS);
  bind(TOKENS.Preset).toConstantValue(SVHN_FEATURE_MATCHING);
});
