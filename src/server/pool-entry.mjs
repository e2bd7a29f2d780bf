// Pool worker bootstrap (piscina): workers are plain Node threads, so register
// tsx here before loading the TypeScript worker; piscina calls its default export.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./pool-worker.ts');
export default worker.default;
