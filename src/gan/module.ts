/** The core's own contributions to the container: the paper's loss terms. */
import { ContainerModule } from 'inversify';
import { TOKENS } from '../core/tokens';
import { FEATURE_MATCHING, K_PLUS_ONE, SUPERVISED } from './objectives';

export const coreModule = new ContainerModule(({ bind }) => {
  for (const objective of [SUPERVISED, K_PLUS_ONE, FEATURE_MATCHING]) {
    bind(TOKENS.Objective).toConstantValue(objective);
  }
});
