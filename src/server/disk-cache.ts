/**
 * Finished runs on disk: one file per run id (`<id>.run`, Node's structured
 * serialisation, so numbers come back bit for bit), bounded by a count and a
 * total size; the least recently written or read is removed first. A run
 * evicted from memory is read back from here, never recomputed.
 *
 * Writes go to a temporary name and are renamed into place, so a reader sees
 * a whole file or none. A folder given by the user is kept across restarts
 * (entries are found again by listing it); the default folder is made under
 * os.tmpdir() for this server alone and removed when it closes.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

export interface DiskCacheOptions {
  /** Folder for finished runs (default: a new folder under os.tmpdir(), removed on close). */
  dir?: string;
  /** At most this many runs on disk (default 1,000). */
  maxEntries?: number;
  /** At most this many bytes in all (default 512 MB). */
  maxBytes?: number;
}

const SUFFIX = '.run';
/** The first bytes of every file: a format marker, so a file from another version is not misread. */
const FORMAT = 'popshift-run-v1';

export class DiskCache<V> {
  readonly dir: string;
  private readonly owned: boolean;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  /** id → bytes, least recent first. */
  private readonly index = new Map<string, number>();
  private bytes = 0;

  constructor(o: DiskCacheOptions = {}) {
    this.owned = !o.dir;
    this.dir = o.dir ?? mkdtempSync(join(tmpdir(), 'popshift-runs-'));
    this.maxEntries = o.maxEntries ?? 1000;
    this.maxBytes = o.maxBytes ?? 512 * 1024 * 1024;
    if (!(this.maxEntries >= 1) || !(this.maxBytes >= 1)) throw new Error('DiskCache: maxEntries and maxBytes must be at least 1');
    mkdirSync(this.dir, { recursive: true });
    // Runs already in a kept folder, oldest first.
    const found = readdirSync(this.dir)
      .filter((f) => f.endsWith(SUFFIX))
      .flatMap((f) => {
        try {
          const st = statSync(join(this.dir, f));
          return [{ id: f.slice(0, -SUFFIX.length), size: st.size, mtime: st.mtimeMs }];
        } catch {
          return [];
        }
      })
      .sort((a, b) => a.mtime - b.mtime);
    for (const f of found) this.note(f.id, f.size);
    this.evict();
  }

  get size(): number {
    return this.index.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(id: string): boolean {
    return this.index.has(id);
  }

  private path(id: string): string {
    return join(this.dir, id + SUFFIX);
  }

  private note(id: string, size: number): void {
    const old = this.index.get(id);
    if (old !== undefined) {
      this.bytes -= old;
      this.index.delete(id);
    }
    this.index.set(id, size);
    this.bytes += size;
  }

  private forget(id: string): void {
    const size = this.index.get(id);
    if (size === undefined) return;
    this.bytes -= size;
    this.index.delete(id);
  }

  private evict(): void {
    while (this.index.size > this.maxEntries || (this.bytes > this.maxBytes && this.index.size > 0)) {
      const oldest = this.index.keys().next().value as string;
      this.forget(oldest);
      try {
        unlinkSync(this.path(oldest));
      } catch {
        // already gone
      }
    }
  }

  /** Store a value (whole, or not at all). */
  async put(id: string, value: V): Promise<void> {
    const body = Buffer.concat([Buffer.from(FORMAT + '\n'), serialize(value)]);
    const tmp = join(this.dir, `.${id}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(tmp, body);
    await rename(tmp, this.path(id));
    this.note(id, body.length);
    this.evict();
  }

  /** A stored value, or undefined if it is not on disk (evicted, deleted, or unreadable). */
  async get(id: string): Promise<V | undefined> {
    let body: Buffer;
    try {
      body = await readFile(this.path(id));
    } catch {
      this.forget(id);
      return undefined;
    }
    const head = Buffer.from(FORMAT + '\n');
    if (!body.subarray(0, head.length).equals(head)) {
      this.forget(id);
      return undefined;
    }
    let value: V;
    try {
      value = deserialize(body.subarray(head.length)) as V;
    } catch {
      this.forget(id);
      return undefined;
    }
    this.note(id, body.length); // most recent now
    return value;
  }

  /** Remove the folder if this cache made it. */
  close(): void {
    if (this.owned) rmSync(this.dir, { recursive: true, force: true });
  }
}
