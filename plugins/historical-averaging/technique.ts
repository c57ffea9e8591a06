/** Historical averaging as a switch: one penalty term per player, its weight lambda (default 1e-4 each). */
import type { ExperimentConfig, Technique } from '../../src/core/contracts';
import { findTerm, withTerm, withoutTerm } from '../../src/core/config-edit';
import { HISTORICAL_AVERAGING_NAMES } from './objective';

/**
 * Default lambda: the penalty sums squared drift over every weight (about 1.5 million in the MNIST
 * discriminator), so lambda is small; 1e-4 keeps the penalty's gradient below the losses' early on.
 */
export const DEFAULT_LAMBDA = 1e-4;

const PLAYERS = ['discriminator', 'generator'] as const;

export const HISTORICAL_AVERAGING: Technique = {
  name: 'historical-averaging',
  aliases: ['ha'],
  description: 'lambda * ||theta - mean of past theta||^2 on each player\'s cost (terms historical-averaging-d/-g; the weight is lambda)',
  enabledIn: (config) => PLAYERS.some((p) => findTerm(config, p, HISTORICAL_AVERAGING_NAMES[p]) !== undefined),
  enable(config: ExperimentConfig): ExperimentConfig {
    return PLAYERS.reduce(
      (c, p) => (findTerm(c, p, HISTORICAL_AVERAGING_NAMES[p]) ? c : withTerm(c, p, { name: HISTORICAL_AVERAGING_NAMES[p], weight: DEFAULT_LAMBDA, options: {} })),
      config,
    );
  },
  disable: (config) => PLAYERS.reduce((c, p) => withoutTerm(c, p, HISTORICAL_AVERAGING_NAMES[p]), config),
  parameters: (config) =>
    Object.fromEntries(
      PLAYERS.flatMap((p) => {
        const term = findTerm(config, p, HISTORICAL_AVERAGING_NAMES[p]);
        return term ? [[`lambda${p === 'discriminator' ? 'D' : 'G'}`, term.weight]] : [];
      }),
    ),
};
