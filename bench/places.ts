/**
 * A Devon-sized system for the bench: 131 places (as NHS Devon CCG has 131
 * practices), each with the Harrogate default's 15 services, three acute
 * trusts sharing every place's hospital activity, and the integrated-care
 * schemes. Built from the Harrogate files into a temporary folder: each
 * place's population is Harrogate's scaled to a practice-sized list.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/** Write the scenario (and its population table) and return the scenario file. */
export function writeManyPlaces(places = 131): string {
  const dir = mkdtempSync(join(tmpdir(), 'popshift-bench-places-'));
  const root = resolve(import.meta.dirname, '..');
  const pop = readFileSync(join(root, 'data/harrogate/population.csv'), 'utf8').trim().split('\n');
  const ids = Array.from({ length: places }, (_, q) => `p${String(q + 1).padStart(3, '0')}`);
  const rows = [`place,${pop[0]}`];
  ids.forEach((id, q) => {
    // practice lists of about 4,000 to 16,000 (Harrogate is 162,246)
    const scale = (4000 + ((q * 7919) % 12000)) / 162246;
    for (const line of pop.slice(1)) {
      const [year, ...cells] = line.split(',');
      rows.push([id, year, ...cells.map((c) => (Number(c) * scale).toFixed(1))].join(','));
    }
  });
  writeFileSync(join(dir, 'population.csv'), rows.join('\n') + '\n');
  const base = parse(readFileSync(join(root, 'models/harrogate.yaml'), 'utf8')) as Record<string, unknown>;
  const schemes = (parse(readFileSync(join(root, 'models/harrogate-integrated-care.yaml'), 'utf8')) as Record<string, unknown>).schemes;
  const abs = (p: string) => resolve(root, 'models', p);
  const fix = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(fix);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'table' && typeof x === 'string' ? abs(x) : fix(x)]));
    return v;
  };
  const sc = fix(base) as Record<string, unknown>;
  sc.parameterTables = (sc.parameterTables as string[]).map(abs);
  sc.parameters = { ...(sc.parameters as object), ...((parse(readFileSync(join(root, 'models/harrogate-integrated-care.yaml'), 'utf8')) as { parameters: object }).parameters) };
  sc.name = `${places} places`;
  sc.places = ids.map((id) => ({ id, name: `Practice ${id}`, population: { table: join(dir, 'population.csv'), basis: 'registered' }, commissioner: 'ccg', council: 'nycc' }));
  sc.organisations = [...(sc.organisations as object[]), { id: 'north-trust', name: 'Northern acute trust', kind: 'provider' }, { id: 'south-trust', name: 'Southern acute trust', kind: 'provider' }];
  const share = (k: number) => Object.fromEntries(ids.map((id, q) => [id, [0.7, 0.2, 0.1][(q + k) % 3]!]));
  sc.services = (sc.services as Record<string, unknown>[]).map((s) => {
    if (s.setting !== 'acute') return s;
    const { provider, capacity, ...rest } = s;
    // bed days follow their admissions' providers; the local trust's beds stay stated
    if ('follows' in (s.activity as object)) return { ...rest, ...(capacity ? { providers: [{ provider, capacity }] } : {}) };
    return { ...rest, providers: [{ provider, share: share(0) }, { provider: 'north-trust', share: share(1) }, { provider: 'south-trust', share: share(2) }] };
  });
  sc.schemes = fix(schemes);
  delete sc.calibration;
  const file = join(dir, 'places.yaml');
  writeFileSync(file, stringify(sc));
  return file;
}
