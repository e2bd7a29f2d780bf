// A library user's first script, run with plain node from a fresh project that
// installed the packed tarball: ESM import, a bundled model projected.
import { fileURLToPath } from 'node:url';
import { loadScenario, project } from 'popshift';

const file = fileURLToPath(import.meta.resolve('popshift/models/harrogate.yaml'));
const scenario = loadScenario(file);
const results = project(scenario);
const last = results.years.length - 1;
const gap = results.system.gap[last];
if (!(last > 0 && Number.isFinite(gap))) throw new Error(`consumer: no projection from ${file}`);
console.log(`consumer: popshift projected ${scenario.name}, ${results.years[0]} to ${results.years[last]}: gap £${(gap / 1e6).toFixed(1)}m in ${results.years[last]}`);
