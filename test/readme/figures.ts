/**
 * The figures the README quotes, computed from the models: each is written in
 * the README between markers, `<!--fig:name-->£40.3m<!--/fig-->`, and
 * `readme.test.ts` fails when one drifts from what the code computes.
 * `npm run readme-figures` rewrites them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario, project, type Results } from '../../src/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const README = `${root}README.md`;

const m1 = (v: number) => `${v < 0 ? '−' : ''}£${(Math.abs(v) / 1e6).toFixed(1)}m`;
const signed = (v: number) => `${v < 0 ? '−' : '+'}£${(Math.abs(v) / 1e6).toFixed(1)}m`;
const pct = (v: number, d = 1) => `${(v * 100).toFixed(d)}%`;
const whole = (v: number) => Math.round(v).toLocaleString('en-GB');

/** Every named figure, as the README prints it. */
export function figures(): Record<string, string> {
  const run = (f: string): Results => project(loadScenario(`${root}models/${f}`));
  const harrogate = loadScenario(`${root}models/harrogate.yaml`);
  const param = (name: string) => harrogate.model.p0[harrogate.model.parameters.get(name)!.slot]!;
  const h = project(harrogate);
  const ic = run('harrogate-integrated-care.yaml');
  const block = run('harrogate-integrated-care-block.yaml');
  const at = (r: Results, y: string) => r.years.indexOf(y);
  const t20 = at(h, '2020/21');
  const t30 = at(h, '2030/31');
  const nhs = (r: Results) => r.sectors.find((s) => s.id === 'nhs')!;
  const council = (r: Results) => r.sectors.find((s) => s.id === 'council')!;
  const step = (steps: { id: string; value: number }[], id: string) => steps.find((s) => s.id === id)!.value;
  const rec = h.calibration!.reconciliation.steps;
  const d30 = h.drivers[0]!.steps;
  const cap = h.capacity.find((c) => c.service === 'emergency-bed-days')!;
  const hdft = (r: Results) => r.organisations.find((o) => o.id === 'hdft')!;
  const out: Record<string, string> = {
    'registered-population': whole(h.population.total[0]!),
    'nhs-gap-2020': m1(nhs(h).doNothingGap[t20]!),
    'system-gap-2020': m1(h.system.doNothingGap[t20]!),
    'council-gap-2020': m1(council(h).doNothingGap[t20]!),
    'rec-base': m1(step(rec, 'base')),
    'rec-demography': signed(step(rec, 'demography')),
    'rec-growth': signed(step(rec, 'growth')),
    'rec-inflation': signed(step(rec, 'inflation')),
    'rec-funding': signed(step(rec, 'funding')),
    'rec-residual': signed(step(rec, 'residual')),
    'residual-rate': pct(h.calibration!.fitted),
    'residual-share': pct(step(rec, 'residual') / step(rec, 'end'), 0),
    'nhs-gap-2030': m1(nhs(h).doNothingGap[t30]!),
    'council-gap-2030': m1(council(h).doNothingGap[t30]!),
    'drv-demography': signed(step(d30, 'demography')),
    'drv-growth': signed(step(d30, 'growth')),
    'drv-inflation': signed(step(d30, 'inflation')),
    'drv-funding': signed(step(d30, 'funding')),
    'drv-residual': signed(step(d30, 'residual')),
    'beds-2017': whole(cap.beds[0]!),
    'trust-beds': whole(param('hdft_beds_2017_18')),
    'beds-needed-2017': whole(cap.doNothingBedsNeeded[0]!),
    'beds-needed-2030': whole(cap.doNothingBedsNeeded[t30]!),
    'beds-first-breach': cap.doNothingBreaches[0] ?? 'none',
    'beds-with-schemes-2030': whole(ic.capacity.find((c) => c.service === 'emergency-bed-days')!.bedsNeeded[t30]!),
    'ic-gap-2020': m1(ic.system.gap[t20]!),
    'ic-closed-2020': m1(ic.system.doNothingGap[t20]! - ic.system.gap[t20]!),
    'ic-hdft-tariff-2030': m1(hdft(ic).position[t30]!),
    'ic-hdft-block-2030': m1(hdft(block).position[t30]!),
    'ic-hdft-block-scheme-2020': signed(block.schemes.reduce((a, k) => a + k.byOrganisation.hdft![t20]!, 0)),
    'ic-hdft-tariff-scheme-2020': signed(ic.schemes.reduce((a, k) => a + k.byOrganisation.hdft![t20]!, 0)),
  };
  return out;
}

const MARK = /<!--fig:([a-z0-9-]+)-->([\s\S]*?)<!--\/fig-->/g;

/** The README with every marked figure replaced by what the code computes; unknown names throw. */
export function regenerate(text: string, values = figures()): string {
  return text.replace(MARK, (_, name: string) => {
    if (!(name in values)) throw new Error(`README names a figure the code does not compute: ${name}`);
    return `<!--fig:${name}-->${values[name]}<!--/fig-->`;
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(README, regenerate(readFileSync(README, 'utf8')));
  console.log(`rewrote the figures in ${README}`);
}
