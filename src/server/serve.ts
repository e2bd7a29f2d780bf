/**
 * Start the server: `npm start` and `popshift serve [scenario]`. Prints the
 * scenario's headline figures (the `popshift run` report), then serves the
 * dashboard on it and prints the URL. PORT sets the port (default 3000), HOST
 * the address (default 127.0.0.1: loopback only).
 */
import type { Server } from 'node:http';
import { basename, extname, resolve, relative } from 'node:path';
import { loadScenario, project, UserError } from '../index.js';
import { formatRun } from '../results/format.js';
import { createApp, PROJECT_ROOT, type AppOptions } from './app.js';

export interface Started {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** Listen on `port` (0 = any free port); resolves once listening. */
export function listen(options: AppOptions & { port?: number; host?: string } = {}): Promise<Started> {
  const app = createApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolvePromise, reject) => {
    const server = app.listen(options.port ?? 3000, host);
    server.once('error', reject);
    server.once('listening', () => {
      server.off('error', reject);
      server.headersTimeout = 20_000;
      server.requestTimeout = 60_000;
      const addr = server.address();
      const port = addr && typeof addr === 'object' ? addr.port : options.port;
      const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolvePromise({
        server,
        url: `http://${shown}:${port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function portFromEnv(): number {
  const raw = process.env.PORT ?? '3000';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new UserError(`PORT: expected a port number from 0 to 65535 (got '${raw}')`);
  return port;
}

/** `popshift serve [scenario]` / `npm start`. */
export async function serveCommand(file = 'models/harrogate.yaml'): Promise<void> {
  const results = project(loadScenario(file));
  process.stdout.write(formatRun(results) + '\n\n');
  const modelsDir = resolve(PROJECT_ROOT, 'models');
  const inModels = !relative(modelsDir, resolve(file)).startsWith('..');
  const defaultScenario = inModels ? basename(file, extname(file)) : 'harrogate';
  let started: Started;
  try {
    started = await listen({ port: portFromEnv(), host: process.env.HOST ?? '127.0.0.1', defaultScenario });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') throw new UserError(`PORT: port ${process.env.PORT ?? 3000} is in use; set PORT to another port (e.g. PORT=3001 npm start)`);
    if (err.code === 'EACCES') throw new UserError(`PORT: not allowed to listen on port ${process.env.PORT ?? 3000}`);
    throw e;
  }
  process.stdout.write(`popshift dashboard: ${started.url}  (Ctrl+C to stop)\n`);
  const stop = () => {
    void started.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
