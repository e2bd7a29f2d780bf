// The Monte Carlo pool's worker entry (piscina calls its default export):
// worker.js from dist/, or worker.ts from the sources (see ../worker-bootstrap.mjs).
import { importModule } from '../worker-bootstrap.mjs';

const worker = await importModule(new URL('./worker.js', import.meta.url));
export default worker.default;
