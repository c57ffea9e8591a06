/** Virtual batch normalisation: its layer in the generator's normalisation slot, and its switch. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { VIRTUAL_BATCH_NORM_LAYERS } from './normalization';
import { VIRTUAL_BATCH_NORM } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.ModelLayer).toConstantValue(VIRTUAL_BATCH_NORM_LAYERS);
  bind(TOKENS.Technique).toConstantValue(VIRTUAL_BATCH_NORM);
});
