/** Instance noise as a switch: the `instance-noise` hook with its schedule. */
import type { Technique } from '../../src/core/contracts';
import { findHook, withHook, withoutHook } from '../../src/core/config-edit';
import { INSTANCE_NOISE_DEFAULTS } from './schedule';

const HOOK = 'instance-noise';

export const INSTANCE_NOISE: Technique = {
  name: 'instance-noise',
  aliases: ['in'],
  description: 'Gaussian noise on D\'s inputs, sigma annealed linearly to 0 over half the run by default',
  enabledIn: (config) => findHook(config, HOOK) !== undefined,
  enable: (config) => (findHook(config, HOOK) ? config : withHook(config, { name: HOOK, options: { ...INSTANCE_NOISE_DEFAULTS } })),
  disable: (config) => withoutHook(config, HOOK),
  parameters: (config) => {
    const hook = findHook(config, HOOK);
    return hook ? { ...INSTANCE_NOISE_DEFAULTS, ...hook.options } : {};
  },
};
