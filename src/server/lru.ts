/**
 * A bounded least-recently-used cache: at most `maxEntries` entries and (when
 * sizes are given) at most `maxBytes` in all. Reading an entry makes it the
 * most recent; adding beyond a bound drops the least recent.
 */
export class LRU<V> {
  private readonly map = new Map<string, { value: V; size: number }>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes = Number.POSITIVE_INFINITY,
  ) {
    if (!(maxEntries >= 1)) throw new Error('LRU: maxEntries must be at least 1');
  }

  get size(): number {
    return this.map.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (!e) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }

  /** Look without touching recency or the counters. */
  peek(key: string): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: string, value: V, size = 0): void {
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.size;
      this.map.delete(key);
    }
    this.map.set(key, { value, size });
    this.bytes += size;
    this.evict();
  }

  /** Change the recorded size of an entry (e.g. once a pending value resolves). */
  resize(key: string, size: number): void {
    const e = this.map.get(key);
    if (!e) return;
    this.bytes += size - e.size;
    e.size = size;
    this.evict();
  }

  delete(key: string): void {
    const e = this.map.get(key);
    if (!e) return;
    this.bytes -= e.size;
    this.map.delete(key);
  }

  private evict(): void {
    while (this.map.size > this.maxEntries || (this.bytes > this.maxBytes && this.map.size > 1)) {
      const oldest = this.map.keys().next().value as string;
      this.delete(oldest);
    }
  }
}
