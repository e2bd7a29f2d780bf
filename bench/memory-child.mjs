/**
 * Child process of bench/memory.ts: one run of N iterations on the compiled
 * package (dist/, as `popshift simulate` runs it, not under a TypeScript
 * loader); prints its peak RSS and the gap's 2020/21 percentiles as JSON.
 */
import { loadScenario, simulate } from '../dist/index.js';

const n = Number(process.argv[2]);
const budget = process.argv[3] === 'memory' ? Infinity : undefined;
const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
const t0 = performance.now();
const r = await simulate(s, { iterations: n, seed: 1, workers: 'auto', ...(budget ? { memoryBudget: budget } : {}) });
const gap = r.metrics.find((m) => m.id === 'gap').byYear.find((y) => y.year === '2020/21');
console.log(JSON.stringify({ ms: performance.now() - t0, rssMb: process.resourceUsage().maxRSS / 1024, threads: r.run.workers, gap }));
