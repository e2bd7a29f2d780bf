// The Monte Carlo worker thread's entry: worker.js from dist/, or worker.ts
// from the sources (see ../worker-bootstrap.mjs).
import { importModule } from '../worker-bootstrap.mjs';

await importModule(new URL('./worker.js', import.meta.url));
