/**
 * Speed of one deterministic projection (issue goals: under 5 ms for the
 * Harrogate default and the integrated-care scenario), in process, warm.
 */
import { loadScenario, projectModel, allocate } from '../src/index.js';
import { writeManyPlaces } from './places.js';

export interface Timing {
  label: string;
  runs: number;
  medianMs: number;
  p95Ms: number;
}

/** Time `fn` over `runs` calls after a warm-up; milliseconds. */
export function time(label: string, fn: () => void, runs = 2000, warm = 200): Timing {
  for (let i = 0; i < warm; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    fn();
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return { label, runs, medianMs: t[Math.floor(runs / 2)]!, p95Ms: t[Math.floor(runs * 0.95)]! };
}

/** Projection timings for the default models; goal 5 ms each. */
export function benchProjection(): Timing[] {
  return ['models/harrogate.yaml', 'models/harrogate-integrated-care.yaml'].flatMap((file) => {
    const s = loadScenario(file);
    const ws = allocate(s.model);
    return [
      time(`project ${file} (reused workspace)`, () => projectModel(s.model, s.model.p0, ws)),
      time(`project ${file} (fresh workspace)`, () => projectModel(s.model)),
    ];
  });
}

/** A 131-place system with 15 services a place (and the integrated-care schemes); goal 20 ms. */
export function benchPlaces(): { timing: Timing; places: number; flows: number; lines: number; perPlaceMs: number } {
  const s = loadScenario(writeManyPlaces(131));
  const ws = allocate(s.model);
  const timing = time('project 131 places x 15 services (reused workspace)', () => projectModel(s.model, s.model.p0, ws), 100, 10);
  return { timing, places: s.model.places.length, flows: s.model.flows.length, lines: s.model.lines.length, perPlaceMs: timing.medianMs / s.model.places.length };
}
