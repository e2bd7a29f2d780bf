// Worker thread bootstrap: workers are plain Node threads, so register tsx
// here before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
