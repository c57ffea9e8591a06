/** One-sided label smoothing: a switch over the k-plus-one term's realTarget. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { LABEL_SMOOTHING } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.Technique).toConstantValue(LABEL_SMOOTHING);
});
