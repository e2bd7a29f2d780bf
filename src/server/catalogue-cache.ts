/**
 * The scenario catalogue as the request thread serves it: `GET /api/scenarios`
 * and `GET /api/scenarios/:id` are computed on the worker pool (loading every
 * scenario costs seconds of CPU) and kept until one of the files they were
 * read from changes (modification time or size), or a scenario file is added
 * to or removed from the folder. Checking costs one directory listing and a
 * stat a file; concurrent requests share one computation.
 */
import type { ScenarioCatalogue, ScenarioDetail, ScenarioSummary } from './scenarios.js';
import type { WorkerPool } from './pool.js';
import { unchanged, type FileStamp } from './compute.js';
import { LRUCache } from 'lru-cache';

interface Entry<T> {
  /** The folder's scenario files when it was computed. */
  listing: string;
  value: Promise<{ value: T; files: FileStamp[] }>;
  /** Set once computed: the files it depends on, as they were. */
  files?: FileStamp[];
}

export class CatalogueCache {
  private list?: Entry<ScenarioSummary[]>;
  private readonly details = new LRUCache<string, Entry<ScenarioDetail>>({ max: 64 });

  constructor(
    readonly catalogue: ScenarioCatalogue,
    private readonly pool: WorkerPool,
  ) {}

  private listing(): string {
    return [...this.catalogue.files().values()].join('\n');
  }

  private fresh<T>(e: Entry<T> | undefined, listing: string): e is Entry<T> {
    return !!e && e.listing === listing && (!e.files || unchanged(e.files));
  }

  private entry<T>(listing: string, compute: () => Promise<{ value: T; files: FileStamp[] }>): Entry<T> {
    const e: Entry<T> = { listing, value: compute() };
    e.value.then((v) => (e.files = v.files)).catch(() => undefined);
    return e;
  }

  /** Every scenario's summary (a file that does not load is left out). */
  async scenarios(): Promise<ScenarioSummary[]> {
    const listing = this.listing();
    if (!this.fresh(this.list, listing)) {
      const e = this.entry(listing, () => this.pool.catalogue().then((c) => ({ value: c.scenarios, files: c.files })));
      this.list = e;
      e.value.catch(() => {
        if (this.list === e) this.list = undefined; // not cached when it failed
      });
    }
    return (await this.list!.value).value;
  }

  /** One scenario's detail (the id must be in the folder). */
  async detail(id: string): Promise<ScenarioDetail> {
    const listing = this.listing();
    let e = this.details.get(id);
    if (!this.fresh(e, listing)) {
      const made = this.entry(listing, () => this.pool.detail(id).then((d) => ({ value: d.detail, files: d.files })));
      this.details.set(id, made);
      made.value.catch(() => {
        if (this.details.peek(id) === made) this.details.delete(id);
      });
      e = made;
    }
    return (await e.value).value;
  }
}
