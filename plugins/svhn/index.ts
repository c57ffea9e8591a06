/** SVHN: the official MAT-files, the feature-matching preset (its model, 'svhn-conv', is the conv-models plugin's). */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { SVHN_FEATURE_MATCHING } from './presets';
import { SvhnLoader } from './svhn-loader';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.DatasetLoader).toConstantValue(new SvhnLoader());
  bind(TOKENS.Preset).toConstantValue(SVHN_FEATURE_MATCHING);
});
