/**
 * The scenario catalogue: the files in one folder (models/). A scenario id is
 * a file name without its extension, and ids are only ever looked up in the
 * folder's listing — never joined into a path — so no id can reach outside it.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join, basename } from 'node:path';
import { parseDocument } from 'yaml';
import { loadScenario, type PreparedScenario } from '../api.js';
import { LRUCache } from 'lru-cache';
import { readTextFile } from '../scenario/files.js';
import { UserError } from '../errors.js';
import { brokenScenarioFile } from './problem.js';
import { currentAssumptions, investmentAssumptions, parameterAssumptions, seriesAssumptions, type Assumptions, type InvestmentAssumption, type ParameterAssumption, type SeriesAssumption } from './assumptions.js';

/** What an id may look like at all (checked before any lookup). */
export const SCENARIO_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

export interface ScenarioSummary {
  id: string;
  name: string;
  description: string | null;
  /** The id of the scenario it extends, or null. */
  extends: string | null;
  /** The system it models: the scenario at the root of its extends chain (its id, and its name before any " — "). */
  system: { id: string; name: string };
  /** How many places it has (practices, CCG areas, care communities). */
  places: number;
  /** How many of its inputs are written as distributions (0: no Monte Carlo). */
  uncertainInputs: number;
  links: { self: string };
}

export interface ScenarioDetail extends ScenarioSummary {
  baseYear: string;
  horizon: string;
  priceBase: string;
  organisations: { id: string; name: string; kind: string }[];
  /** Its places, with who serves each and the roll-up (area) each belongs to. */
  placeList: { id: string; name: string; commissioner: string | null; council: string | null; area: string | null; basis: string }[];
  services: { id: string; name: string; setting: string; provider: string; commissioner: string }[];
  schemes: { id: string; name: string; type: string }[];
  contracts: { id: string; provider: string; commissioner: string; services: string[] | null; payment: string }[];
  /** The dashboard's headline assumptions as the scenario sets them (null where it has no such assumption). */
  assumptions: Assumptions;
  /** Every one-number parameter, with its validated range and source (the dashboard's assumption editor). */
  parameters: ParameterAssumption[];
  /** Year-by-year parameters, editable year by year. */
  series: SeriesAssumption[];
  /** Schemes' investment sums written as numbers. */
  investments: InvestmentAssumption[];
  monteCarlo: { uncertainInputs: number };
}

const EXTENSIONS = ['.yaml', '.yml', '.json'];

export class ScenarioCatalogue {
  /** Prepared (loaded, calibrated) scenarios without overrides, by id; small and re-read when a file changes. */
  private readonly prepared = new LRUCache<string, { mtimes: string; scenario: PreparedScenario }>({ max: 32 });
  /** The editable parameters of each loaded scenario: finding which table parameters the projection reads takes a projection each (seconds for Devon), so once per load. */
  private readonly editable = new WeakMap<PreparedScenario, { parameters: ParameterAssumption[]; series: SeriesAssumption[] }>();

  constructor(readonly dir: string) {}

  /** id → absolute file name, read fresh each time (the folder is small). */
  files(): Map<string, string> {
    const out = new Map<string, string>();
    for (const name of readdirSync(this.dir).sort()) {
      const ext = extname(name);
      const id = basename(name, ext);
      if (!EXTENSIONS.includes(ext) || !SCENARIO_ID.test(id) || out.has(id)) continue;
      out.set(id, join(this.dir, name));
    }
    return out;
  }

  /** The file for an id, or undefined: the id must be well-formed and listed. */
  file(id: string): string | undefined {
    if (!SCENARIO_ID.test(id)) return undefined;
    return this.files().get(id);
  }

  /** The scenario file's own `extends` (its parent's id), read without merging. */
  private parentOf(file: string): string | null {
    // Only the top-level `extends` is read: no alias in the file is expanded.
    const doc = parseDocument(this.ours(file, () => readTextFile(file, 'scenario', { display: basename(file), missing: `file not found: ${basename(file)}` })));
    const value = doc.get('extends');
    const ext = typeof value === 'string' ? value : null;
    return ext ? basename(ext, extname(ext)) : null;
  }

  /** Load a scenario without overrides (cached while none of its files change). */
  load(id: string): PreparedScenario {
    const file = this.file(id);
    if (!file) throw new Error(`unknown scenario ${id}`);
    const cached = this.prepared.get(id);
    if (cached && cached.mtimes === mtimes(cached.scenario.loaded.files)) return cached.scenario;
    const scenario = this.ours(file, () => loadScenario(file));
    this.prepared.set(id, { mtimes: mtimes(scenario.loaded.files), scenario });
    return scenario;
  }

  /** `read()` of one of the folder's files, nothing of a request in it: a file that does not load is the server's fault (500), not the request's. */
  private ours<T>(file: string, read: () => T): T {
    try {
      return read();
    } catch (e) {
      throw e instanceof UserError ? brokenScenarioFile(`${basename(this.dir)}/${basename(file)}`, e) : e;
    }
  }

  summary(id: string): ScenarioSummary {
    const file = this.file(id)!;
    const s = this.load(id);
    const root = this.rootOf(id);
    return {
      id,
      name: s.name,
      description: s.loaded.scenario.description?.trim() ?? null,
      extends: this.parentOf(file),
      system: { id: root, name: (root === id ? s.name : this.load(root).name).split(' — ')[0]!.trim() },
      places: s.model.places.length,
      uncertainInputs: s.uncertain.length,
      links: { self: `/api/scenarios/${id}` },
    };
  }

  /** The scenario at the root of `id`'s extends chain, among the catalogue's files (a parent outside the folder ends it). */
  private rootOf(id: string): string {
    const seen = new Set<string>();
    let at = id;
    for (;;) {
      seen.add(at);
      const parent = this.parentOf(this.file(at)!);
      if (!parent || seen.has(parent) || !this.file(parent)) return at;
      at = parent;
    }
  }

  /**
   * Every file the given scenarios are read from: their own files, their
   * parents and tables (a scenario that fails to load counts its own file and
   * its parent's). A cache of the catalogue is fresh while none of these change.
   */
  dependencies(ids: string[]): string[] {
    const out = new Set<string>();
    for (const id of ids) {
      const file = this.file(id);
      if (!file) continue;
      out.add(file);
      try {
        for (const f of this.load(id).loaded.files) out.add(f);
      } catch {
        let parent: string | null = null;
        try {
          parent = this.parentOf(file);
        } catch {
          // not even YAML: its own file is all there is to watch
        }
        const parentFile = parent ? this.file(parent) : undefined;
        if (parentFile) out.add(parentFile);
      }
    }
    return [...out].sort();
  }

  list(): ScenarioSummary[] {
    return [...this.files().keys()].flatMap((id) => {
      try {
        return [this.summary(id)];
      } catch {
        return []; // a broken file is left out of the list (GET /api/scenarios/:id reports why)
      }
    });
  }

  detail(id: string): ScenarioDetail {
    const s = this.load(id);
    const sc = s.loaded.scenario;
    return {
      ...this.summary(id),
      baseYear: sc.baseYear,
      horizon: sc.horizon,
      priceBase: sc.priceBase ?? '',
      organisations: sc.organisations.map((o) => ({ id: o.id, name: o.name, kind: o.kind })),
      placeList: s.model.places.map((p) => ({
        id: p.id,
        name: p.name,
        commissioner: p.commissioner >= 0 ? s.model.orgs[p.commissioner]!.id : null,
        council: p.council >= 0 ? s.model.orgs[p.council]!.id : null,
        area: p.area || null,
        basis: p.basis,
      })),
      services: s.model.lines.map((l) => {
        const v = s.model.services[l.service]!;
        const commissioners = [...new Set(Array.from(l.flows, (f) => s.model.orgs[s.model.flows[f]!.commissioner]!.id))];
        return { id: v.id, name: v.name, setting: v.setting, provider: s.model.orgs[l.provider]!.id, commissioner: commissioners.join('+') };
      }),
      schemes: (sc.schemes ?? []).map((k) => ({ id: k.id, name: k.name ?? k.id, type: k.type })),
      contracts: (sc.contracts ?? []).map((c) => ({ id: c.id, provider: c.provider, commissioner: c.commissioner, services: c.services ?? null, payment: c.payment.model })),
      assumptions: currentAssumptions(s),
      ...(this.editable.get(s) ?? this.editable.set(s, { parameters: parameterAssumptions(s), series: seriesAssumptions(s) }).get(s)!),
      investments: investmentAssumptions(s),
      monteCarlo: { uncertainInputs: s.uncertain.length },
    };
  }
}

function mtimes(files: string[]): string {
  return files.map((f) => statSync(f).mtimeMs).join(',');
}
