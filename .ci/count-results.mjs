// "passed failed skipped" from vitest's JSON report (argv[2]) and its exit status (argv[3]), for .ci/run's closing line.
// A file that fails outside a test (in a hook, or on import) fails no test but fails the run: it counts as a
// failure (named on stderr), and so does a non-zero exit with nothing failed or a report that cannot be read.
import { readFileSync } from 'node:fs';

const [file, status] = [process.argv[2], Number(process.argv[3])];
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 1 0');
  process.exit(0);
}
const outside = r.testResults.filter((f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'));
for (const f of outside) console.error(`FAILED outside a test: ${f.name}: ${(f.message || '').split('\n')[0]}`);
let failed = r.numFailedTests + outside.length;
if (status !== 0 && failed === 0) {
  console.error(`vitest exited ${status} with no failed test`);
  failed = 1;
}
console.log(`${r.numPassedTests} ${failed} ${r.numPendingTests + r.numTodoTests}`);
