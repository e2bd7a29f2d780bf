/** Limits on a Monte Carlo run that every surface (library, CLI, server) checks alike; a module of its own so a light command can import them. */

/** The fewest iterations a run may have: a spread, a standard error and a rank correlation need two. */
export const MIN_ITERATIONS = 2;
