/** The paper's discriminator regularisers (noise, dropout, weight norm) as switchable techniques. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { DROPOUT, GAUSSIAN_NOISE, WEIGHT_NORM } from './techniques';

export default new ContainerModule(({ bind }) => {
  for (const technique of [GAUSSIAN_NOISE, DROPOUT, WEIGHT_NORM]) bind(TOKENS.Technique).toConstantValue(technique);
});
