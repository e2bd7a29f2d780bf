#!/usr/bin/env node
// The CLI is the compiled JavaScript in dist/. In a clone of the repository
// (scripts/build.mjs beside bin/, which the package does not ship), dist/ is
// first rebuilt if a source is newer, so the command always runs the sources.
import { existsSync } from 'node:fs';

const builder = new URL('../scripts/build.mjs', import.meta.url);
if (existsSync(builder)) {
  const { stale, build } = await import(builder.href);
  if (stale()) {
    process.stderr.write('popshift: compiling src/ into dist/ (npm run build)...\n');
    try {
      build();
    } catch (e) {
      process.stderr.write(`popshift: ${e.message}\n`);
      process.exit(1);
    }
  }
}
await import('../dist/cli/main.js');
