import { loadScenario } from '../src/api.ts';
import { planSampling, sampleInputs } from '../src/uncertainty/sample.ts';
import { allocate, project } from '../src/engine/project.ts';
const s = loadScenario('models/harrogate-integrated-care-uncertain.yaml');
const plan = planSampling(s);
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  sampleInputs(plan, 1, 10000, 0, 10000);
  console.log('sample 10k', performance.now() - t);
  const ws = allocate(s.model);
  t = performance.now();
  for (let i = 0; i < 10000; i++) project(s.model, s.model.p0, ws);
  console.log('project 10k', performance.now() - t);
}
