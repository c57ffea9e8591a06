/**
 * One-sided label smoothing as a switch: real targets alpha (default 0.9) in the real-vs-generated
 * part of the K+1 loss, generated targets stay 0. It is the k-plus-one term's `realTarget` option;
 * the loss itself lives in src/gan/losses.ts.
 */
import type { ExperimentConfig, Technique, TermConfig } from '../../src/core/contracts';
import { ConfigError } from '../../src/core/errors';
import { findTerm, withTerm } from '../../src/core/config-edit';

export const DEFAULT_ALPHA = 0.9;
const TERM = 'k-plus-one';

function kPlusOne(config: ExperimentConfig): TermConfig {
  const term = findTerm(config, 'discriminator', TERM);
  if (!term) throw new ConfigError(`label smoothing acts on the '${TERM}' term, which preset '${config.preset}' does not have`);
  return term;
}

function alphaOf(config: ExperimentConfig): number {
  const target = findTerm(config, 'discriminator', TERM)?.options.realTarget;
  return typeof target === 'number' ? target : 1;
}

export const LABEL_SMOOTHING: Technique = {
  name: 'label-smoothing',
  aliases: ['ls'],
  description: `one-sided label smoothing: real targets alpha (default ${DEFAULT_ALPHA}) in the K+1 loss, generated targets 0`,
  enabledIn: (config) => alphaOf(config) < 1,
  enable(config: ExperimentConfig): ExperimentConfig {
    if (this.enabledIn(config)) return config;
    const term = kPlusOne(config);
    return withTerm(config, 'discriminator', { ...term, options: { ...term.options, realTarget: DEFAULT_ALPHA } });
  },
  disable(config: ExperimentConfig): ExperimentConfig {
    if (!this.enabledIn(config)) return config;
    const term = kPlusOne(config);
    const options = Object.fromEntries(Object.entries(term.options).filter(([k]) => k !== 'realTarget'));
    return withTerm(config, 'discriminator', { ...term, options });
  },
  parameters(config: ExperimentConfig): Record<string, unknown> {
    return this.enabledIn(config) ? { alpha: alphaOf(config) } : {};
  },
};
