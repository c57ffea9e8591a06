/** How counts and means read in the CLI's and the reports' text. */

/** "1 seed", "2 seeds": a count with its noun in the right number. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

/** "seed 3", "seeds 1, 2": a noun and the list it names. */
export function named(singular: string, items: readonly (string | number)[], plural = `${singular}s`): string {
  return `${items.length === 1 ? singular : plural} ${items.join(', ')}`;
}

/**
 * A mean over `n` values and its standard deviation: "2.34 ± 0.12". One value has no spread, and
 * "± 0.00" would read as a measured one, so it shows the mean alone.
 */
export function meanPlusMinus(mean: number, std: number, n: number, digits = 2): string {
  return n === 1 ? mean.toFixed(digits) : `${mean.toFixed(digits)} ± ${std.toFixed(digits)}`;
}
