/** Every registered technique's switch and parameters in a config, for config.json and reports. */
import type { ExperimentConfig, Technique } from '../core/contracts';
import type { Registry } from '../core/registry';

export type TechniqueSwitches = Record<string, { readonly enabled: boolean } & Record<string, unknown>>;

export function registeredTechniques(registry: Registry): readonly Technique[] {
  return registry.list().techniques as readonly Technique[];
}

export function techniqueSwitches(registry: Registry, config: ExperimentConfig): TechniqueSwitches {
  return Object.fromEntries(
    registeredTechniques(registry).map((t) => [t.name, { enabled: t.enabledIn(config), ...t.parameters(config) }]),
  );
}

/** One line: the techniques switched on, with their parameters. */
export function techniquesLine(switches: TechniqueSwitches): string {
  const on = Object.entries(switches).filter(([, s]) => s.enabled);
  if (on.length === 0) return 'none';
  return on
    .map(([name, { enabled: _enabled, ...params }]) => {
      const shown = Object.entries(params).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
      return shown.length > 0 ? `${name} (${shown.join(', ')})` : name;
    })
    .join('; ');
}
