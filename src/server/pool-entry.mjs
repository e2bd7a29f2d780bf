// The server's pool worker entry (piscina calls its default export):
// pool-worker.js from dist/, or pool-worker.ts from the sources (see ../worker-bootstrap.mjs).
import { importModule } from '../worker-bootstrap.mjs';

const worker = await importModule(new URL('./pool-worker.js', import.meta.url));
export default worker.default;
