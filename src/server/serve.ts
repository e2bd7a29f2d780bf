/**
 * Start the server: `npm start` and `popshift serve [scenario]`. Prints the
 * scenario's headline figures (the `popshift run` report), then serves the
 * dashboard on it and prints the URL. --port (else PORT) sets the port
 * (default 3000), --host (else HOST) the address (default 127.0.0.1: loopback only).
 */
import type { Server } from 'node:http';
import { basename, extname, resolve, relative } from 'node:path';
import { loadScenario, project, UserError } from '../index.js';
import { formatRun } from '../results/format.js';
import { createApp, PROJECT_ROOT, type AppOptions, type PopshiftApp } from './app.js';
import { clientErrorHandler } from './problem.js';

export interface Started {
  server: Server;
  app: PopshiftApp;
  url: string;
  /** Stop listening, stop the worker pool and remove a cache folder the server made. */
  close(): Promise<void>;
}

/** Listen on `port` (0 = any free port); resolves once listening. */
export function listen(options: AppOptions & { port?: number; host?: string } = {}): Promise<Started> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port ?? 3000, host);
    server.once('error', (e) => {
      void app.locals.runs.close();
      reject(e);
    });
    server.once('listening', () => {
      server.removeAllListeners('error');
      server.headersTimeout = 20_000;
      server.requestTimeout = 60_000;
      server.on('clientError', clientErrorHandler(server.requestTimeout));
      const addr = server.address();
      const port = addr && typeof addr === 'object' ? addr.port : options.port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        server,
        app,
        url: `http://${shown}:${port}/`,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          await app.locals.runs.close();
        },
      });
    });
  });
}

/** The port to listen on, and what set it (--port, else PORT, else the default 3000), for a message about it. */
function portFrom(option: string | undefined): { port: number; from: string } {
  const from = option !== undefined ? '--port' : 'PORT';
  const raw = option ?? process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new UserError(`${from}: expected a port number from 0 to 65535 (got '${raw}')`);
  return { port, from };
}

export interface ServeOptions {
  /** The port (default: PORT, else 3000; 0 for any free one). */
  port?: string;
  /** The address to listen on (default: HOST, else 127.0.0.1). */
  host?: string;
  /** Folder for finished runs (kept across restarts); default a fresh folder under the system's temporary folder. */
  cacheDir?: string;
  /** At most this many runs on disk (default 1,000). */
  cacheRuns?: string;
  /** At most this many megabytes of runs on disk (default 512). */
  cacheMb?: string;
}

function positive(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1) throw new UserError(`${name}: expected a whole number of at least 1 (got '${raw}')`);
  return n;
}

/** `popshift serve [scenario]` / `npm start`. */
export async function serveCommand(file = 'models/harrogate.yaml', opts: ServeOptions = {}): Promise<void> {
  const maxEntries = positive('--cache-runs', opts.cacheRuns);
  const maxMb = positive('--cache-mb', opts.cacheMb);
  const disk = {
    ...(opts.cacheDir ? { dir: resolve(opts.cacheDir) } : {}),
    ...(maxEntries ? { maxEntries } : {}),
    ...(maxMb ? { maxBytes: maxMb * 1024 * 1024 } : {}),
  };
  const results = project(loadScenario(file));
  process.stdout.write(formatRun(results) + '\n\n');
  const modelsDir = resolve(PROJECT_ROOT, 'models');
  const inModels = !relative(modelsDir, resolve(file)).startsWith('..');
  const defaultScenario = inModels ? basename(file, extname(file)) : 'harrogate';
  const { port, from } = portFrom(opts.port);
  let started: Started;
  try {
    started = await listen({ port, host: opts.host ?? process.env.HOST ?? '127.0.0.1', defaultScenario, cache: { disk } });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UserError(`${from}: port ${port} is in use; choose another (popshift serve --port 3001, or PORT=3001 npm start)`);
    if (err.code === 'EACCES') throw new UserError(`${from}: not allowed to listen on port ${port}`);
    throw e;
  }
  await started.app.locals.pool.ready();
  void started.app.locals.scenarios.scenarios().catch(() => undefined); // the dashboard's first request
  process.stdout.write(`popshift dashboard: ${started.url}  (Ctrl+C to stop; finished runs cached in ${started.app.locals.runs.disk.dir})\n`);
  const stop = () => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
