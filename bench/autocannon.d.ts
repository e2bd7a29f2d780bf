// Minimal types for autocannon (it ships none): only what bench/load.ts uses.
declare module 'autocannon' {
  interface Histogram {
    average: number;
    mean: number;
    p50: number;
    p90: number;
    p97_5: number;
    p99: number;
    max: number;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram & { total: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    timeout?: number;
    pipelining?: number;
  }
  interface Instance extends Promise<Result> {
    on(event: 'response', cb: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
    /** End the run now (its result then covers the time it ran). */
    stop(): void;
  }
  function autocannon(opts: Options): Instance;
  export default autocannon;
}
