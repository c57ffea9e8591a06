/** Virtual batch normalisation: a switch over the models' `generatorNorm` option. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { VIRTUAL_BATCH_NORM } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.Technique).toConstantValue(VIRTUAL_BATCH_NORM);
});
