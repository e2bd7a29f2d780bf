import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    // dist/ for the tests that spawn the compiled CLI (built when stale).
    globalSetup: ['test/global-setup.ts'],
    // Timeouts catch hangs; they do not time anything (speed goals are in
    // `npm run bench`). CPU-bound property tests that take 10 s on a quiet
    // 2-core machine take 40 s or more beside other work, so the limit is wide.
    testTimeout: 180_000,
  },
});
