// Type-checked in a fresh project that installed the packed tarball, under
// strict and exactOptionalPropertyTypes: the published .d.ts must hold there.
import { fileURLToPath } from 'node:url';
import { loadScenario, project, simulate, UserError, type PreparedScenario, type Results, type PricesOption } from 'popshift';

const file = fileURLToPath(import.meta.resolve('popshift/models/harrogate-integrated-care-uncertain.yaml'));
const scenario: PreparedScenario = loadScenario(file);
const prices: PricesOption = { real: '2017/18' };
const results: Results = project(scenario, undefined, { prices });
const firstGap: number | undefined = results.system.gap[0];
const names: string[] = results.organisations.map((o) => o.id);

export async function fan(): Promise<number> {
  const mc = await simulate(scenario, { iterations: 100, seed: 1, workers: 1 });
  return mc.iterations;
}

export function describe(e: unknown): string {
  return e instanceof UserError ? e.problems.join('\n') : String(e);
}

// @ts-expect-error a file name is not a prepared scenario: the types are not `any`
project(file);

export { firstGap, names };
