/**
 * Load check (issue 7): cached chart requests on loopback at 50 concurrent
 * connections for a few seconds. Goals: p95 latency under 50 ms, no errors.
 * autocannon reports p50/p90/p97.5/p99 from its histogram; p95 is computed
 * here from every response time it reports.
 */
import autocannon from 'autocannon';
import { listen } from '../src/server/serve.js';

export interface LoadResult {
  url: string;
  connections: number;
  seconds: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

const P95_GOAL_MS = 50;

export async function benchLoad(opts: { connections?: number; seconds?: number } = {}): Promise<LoadResult> {
  const connections = opts.connections ?? 50;
  const seconds = Math.min(opts.seconds ?? 5, 10); // bounded
  const srv = await listen({ port: 0, host: '127.0.0.1', logger: false });
  try {
    const base = srv.url.replace(/\/$/, '');
    const created = await fetch(`${base}/api/runs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario: 'harrogate-integrated-care' }) });
    const { id } = (await created.json()) as { id: string };
    const url = `${base}/api/runs/${id}/charts/gap.svg`;
    const warm = await fetch(url); // render once: the load is on the cache
    if (!warm.ok) throw new Error(`warm-up request failed: ${warm.status}`);
    await warm.arrayBuffer();
    const times: number[] = [];
    const instance = autocannon({ url, connections, duration: seconds, timeout: 10 });
    instance.on('response', (_c, _status, _bytes, ms) => times.push(ms));
    const r = await instance;
    times.sort((a, b) => a - b);
    const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? NaN;
    return {
      url: url.replace(base, ''),
      connections,
      seconds,
      requests: r.requests.total,
      perSecond: r.requests.average,
      p50Ms: q(0.5),
      p95Ms: q(0.95),
      p99Ms: q(0.99),
      errors: r.errors + r.timeouts,
      non2xx: r.non2xx,
    };
  } finally {
    await srv.close();
  }
}

export function formatLoad(r: LoadResult): string {
  const ok = r.p95Ms < P95_GOAL_MS && r.errors === 0 && r.non2xx === 0;
  return [
    `Cached chart requests (GET ${r.url}), ${r.connections} connections for ${r.seconds} s on loopback (goal: p95 under ${P95_GOAL_MS} ms, no errors)`,
    `  ${r.requests} requests, ${Math.round(r.perSecond)}/s; latency p50 ${r.p50Ms.toFixed(1)} ms  p95 ${r.p95Ms.toFixed(1)} ms  p99 ${r.p99Ms.toFixed(1)} ms; ` +
      `errors ${r.errors}, non-2xx ${r.non2xx}  ${ok ? 'OK' : 'OVER GOAL'}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatLoad(await benchLoad()));
}
