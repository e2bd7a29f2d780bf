import { loadScenario } from '/work/main/src/api.ts';
import { simulate } from '/work/main/src/uncertainty/simulate.ts';
const t0 = performance.now();
const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
console.log('load ms', performance.now() - t0, s.uncertain.map(u => [u.label, JSON.stringify(u.domain)]));
for (const w of [1, 2]) {
  const r = await simulate(s, { iterations: 10000, seed: 1, workers: w });
  console.log(w, r.run, r.gapCloses.slice(0, 5), r.rankCorrelation.slice(0,4), r.metrics[0]!.byYear[3]);
}
console.log(process.memoryUsage().rss / 1e6);
