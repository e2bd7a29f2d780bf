/**
 * The server's worker pool (piscina): everything that costs CPU — loading
 * scenarios, projections, Monte Carlo, chart rendering, workbooks, the
 * scenario catalogue — runs on worker threads, so the request thread only
 * routes and answers (GET /healthz keeps answering while runs are in flight).
 *
 * Two lanes, each with its own threads and a bounded queue:
 *   work        projections, renders, workbooks, catalogue (short tasks)
 *   monteCarlo  simulations (seconds each), so they never hold up the rest
 * A lane holds at most `threads + queue` tasks; one more is refused with a
 * 503 problem and a Retry-After header. Workers run at a lower priority than
 * the request thread (piscina's niceIncrement, where the platform allows).
 */
import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import type { TopLevelSpec } from 'vega-lite';
import type { Results } from '../index.js';
import type { ScenarioDetail, ScenarioSummary } from './scenarios.js';
import { tornadoIn, type FileStamp, type MonteCarloDone, type Projected, type RunRequest } from './compute.js';
import type { Outcome, Task, TaskEvent } from './pool-worker.js';
import type { MonteCarloSummary } from './montecarlo.js';
import type { TornadoResult } from '../uncertainty/sensitivity.js';
import { HttpProblem, fromProblem } from './problem.js';

export interface PoolOptions {
  /** Threads for projections, renders and the catalogue (default 1). */
  threads?: number;
  /** Threads for Monte Carlo (default: the cores left after one for the request thread, at least 1). */
  monteCarloThreads?: number;
  /** Tasks that may wait for a work thread (default 64). */
  queue?: number;
  /** Monte Carlo runs that may wait for a thread (default 8). */
  monteCarloQueue?: number;
}

export type Lane = 'work' | 'monteCarlo';

export interface LaneStats {
  threads: number;
  /** Tasks accepted and not finished (running or queued). */
  pending: number;
  capacity: number;
  completed: number;
}

export interface CatalogueListing {
  scenarios: ScenarioSummary[];
  files: FileStamp[];
}

export interface DetailListing {
  detail: ScenarioDetail;
  files: FileStamp[];
}

/** Events of one task, as its worker reports them. */
export interface TaskHooks {
  onStart?: () => void;
  onProgress?: (done: number, total: number) => void;
}

const RETRY_AFTER_S: Record<Lane, number> = { work: 2, monteCarlo: 30 };
const WHAT: Record<Lane, string> = { work: 'projections and charts', monteCarlo: 'Monte Carlo runs' };

class LaneState {
  pending = 0;
  constructor(
    readonly pool: Piscina,
    readonly threads: number,
    readonly capacity: number,
  ) {}
}

export class WorkerPool {
  private readonly lanes: Record<Lane, LaneState>;

  constructor(
    readonly modelsDir: string,
    o: PoolOptions = {},
  ) {
    const filename = new URL('./pool-entry.mjs', import.meta.url).href;
    // Work threads start with the server; Monte Carlo threads with the first run that needs one. Both stay.
    // The bound is this class's count (threads + queue); piscina's own queue may hold all of them while
    // threads are still starting, so its limit is the whole capacity.
    const lane = (threads: number, queue: number, nice: number, eager: boolean) =>
      new LaneState(
        new Piscina({ filename, minThreads: eager ? threads : 0, maxThreads: threads, maxQueue: threads + queue, idleTimeout: 24 * 3600_000, niceIncrement: nice }),
        threads,
        threads + queue,
      );
    const mcThreads = o.monteCarloThreads ?? Math.max(1, availableParallelism() - 1);
    this.lanes = {
      work: lane(o.threads ?? 1, o.queue ?? 64, 5, true),
      monteCarlo: lane(mcThreads, o.monteCarloQueue ?? 8, 10, false),
    };
  }

  /** Whether `n` more tasks fit in a lane. */
  fits(lane: Lane, n = 1): boolean {
    const l = this.lanes[lane];
    return l.pending + n <= l.capacity;
  }

  /**
   * Hold a place in a lane (503 when it is full); the returned function gives
   * it back. A run holds its places from the moment it is accepted.
   */
  reserve(lane: Lane): () => void {
    const l = this.lanes[lane];
    if (l.pending >= l.capacity) throw this.full(lane);
    l.pending++;
    let held = true;
    return () => {
      if (held) l.pending--;
      held = false;
    };
  }

  full(lane: Lane): HttpProblem {
    const l = this.lanes[lane];
    return new HttpProblem(503, `the server's queue for ${WHAT[lane]} is full (${l.capacity} accepted and not finished); try again in ${RETRY_AFTER_S[lane]} s`, [], 'queue-full', {
      headers: { 'Retry-After': String(RETRY_AFTER_S[lane]) },
      members: { retryAfter: RETRY_AFTER_S[lane] },
    });
  }

  /** Run a task on a lane whose place is already held (`reserve`). */
  private async exec<T>(lane: Lane, task: Task, hooks: TaskHooks = {}): Promise<T> {
    let port: MessageChannel | undefined;
    if (hooks.onStart || hooks.onProgress) {
      port = new MessageChannel();
      port.port1.on('message', (e: TaskEvent) => {
        if (e.type === 'started') hooks.onStart?.();
        else hooks.onProgress?.(e.done, e.total);
      });
      (task as { port?: unknown }).port = port.port2;
    }
    try {
      const out = (await this.lanes[lane].pool.run(task, port ? { transferList: [port.port2] } : {})) as Outcome<T>;
      if ('problem' in out) throw fromProblem(out.problem);
      return out.value;
    } catch (e) {
      // piscina's own refusal when its queue is full (our count should have caught it first)
      if (e instanceof Error && /queue is at limit/i.test(e.message)) throw this.full(lane);
      throw e;
    } finally {
      port?.port1.close();
    }
  }

  /** Reserve, run, release. */
  private async task<T>(lane: Lane, task: Task, hooks?: TaskHooks): Promise<T> {
    const release = this.reserve(lane);
    try {
      return await this.exec<T>(lane, task, hooks);
    } finally {
      release();
    }
  }

  /** Check a request's overrides, assumptions and Monte Carlo before it is accepted (the problem if one is bad). */
  async check(request: RunRequest): Promise<void> {
    await this.task<boolean>('work', { kind: 'check', dir: this.modelsDir, request });
  }

  /** A run's projection (a place in the work lane must be held). */
  project(request: RunRequest, hooks?: TaskHooks): Promise<Projected> {
    return this.exec('work', { kind: 'project', dir: this.modelsDir, request }, hooks);
  }

  /** A run's Monte Carlo (a place in the Monte Carlo lane must be held). */
  simulate(request: RunRequest, hooks?: TaskHooks): Promise<MonteCarloDone> {
    return this.exec('monteCarlo', { kind: 'simulate', dir: this.modelsDir, request }, hooks);
  }

  async render(spec: TopLevelSpec, format: 'svg' | 'png'): Promise<Buffer> {
    const u8 = await this.task<Uint8Array>('work', { kind: 'render', spec, format });
    return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  /** A finished run's workbook: its results, scenario (assumptions and sources), Monte Carlo and tornado. */
  async xlsx(run: { request: RunRequest; monteCarlo?: MonteCarloSummary | undefined; tornadoes?: TornadoResult[] | undefined }, results: Results): Promise<Buffer> {
    const tornado = tornadoIn({ results, tornadoes: run.tornadoes });
    const task: Task = { kind: 'xlsx', dir: this.modelsDir, request: run.request, results, ...(run.monteCarlo ? { monteCarlo: run.monteCarlo } : {}), ...(tornado ? { tornado } : {}) };
    const u8 = await this.task<Uint8Array>('work', task);
    return Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
  }

  catalogue(): Promise<CatalogueListing> {
    return this.task('work', { kind: 'catalogue', dir: this.modelsDir });
  }

  detail(id: string): Promise<DetailListing> {
    return this.task('work', { kind: 'detail', dir: this.modelsDir, id });
  }

  /** Resolves once a thread of each lane has started and answered (starting the Monte Carlo lane's). */
  async ready(): Promise<void> {
    await Promise.all(Object.values(this.lanes).map((l) => l.pool.run({ kind: 'ping' } satisfies Task)));
  }

  stats(): Record<Lane, LaneStats> {
    const s = (l: LaneState): LaneStats => ({ threads: l.threads, pending: l.pending, capacity: l.capacity, completed: l.pool.completed });
    return { work: s(this.lanes.work), monteCarlo: s(this.lanes.monteCarlo) };
  }

  /** Stop every worker (tasks still running are abandoned). */
  async close(): Promise<void> {
    await Promise.all(Object.values(this.lanes).map((l) => l.pool.destroy()));
  }
}
