/** Historical averaging: a penalty term per player and its switch. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../../src/core/tokens';
import { HISTORICAL_AVERAGING_D, HISTORICAL_AVERAGING_G } from './objective';
import { HISTORICAL_AVERAGING } from './technique';

export default new ContainerModule(({ bind }) => {
  bind(TOKENS.Objective).toConstantValue(HISTORICAL_AVERAGING_D);
  bind(TOKENS.Objective).toConstantValue(HISTORICAL_AVERAGING_G);
  bind(TOKENS.Technique).toConstantValue(HISTORICAL_AVERAGING);
});
