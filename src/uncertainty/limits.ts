/** Limits on a Monte Carlo run that every surface (library, CLI, server) checks alike; a module of its own so a light command can import them. */

/** The fewest iterations a run may have: a spread, a standard error and a rank correlation need two. */
export const MIN_ITERATIONS = 2;

/** The largest seed: the generator keeps a seed's low 32 bits, so a larger one would repeat a smaller one's numbers. */
export const MAX_SEED = 0xffffffff;

/** Why a seed is refused (every surface's wording), or undefined for one allowed. */
export function seedProblem(seed: number): string | undefined {
  if (Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED) return undefined;
  return `the seed must be a whole number from 0 to ${MAX_SEED.toLocaleString('en-GB')} (got ${seed})`;
}
