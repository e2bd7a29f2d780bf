/**
 * Parallel writers (the shards of a sweep) making the same new folders at
 * once: each one's output lands, none fails because another made a shared
 * folder first. Separate processes, started together, race for real.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, SPAWN_TIMEOUT } from '../helpers.js';

const WRITERS = 8;
const tmp = mkdtempSync(join(tmpdir(), 'popshift-write-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A node process that waits for `start` (epoch ms), then writes one file output under `dir`. */
function writer(k: number, start: number, dir: string): Promise<{ code: number; stderr: string }> {
  const write = pathToFileURL(resolve(repoRoot, 'dist/results/write.js')).href;
  const script = `
    const { writeOutputs } = await import(${JSON.stringify(write)});
    while (Date.now() < ${start}) {}
    writeOutputs([{ kind: 'file', path: ${JSON.stringify(join(dir, `shards/${k}/shard-${k}.txt`))}, option: '--out', content: 'shard ${k}\\n' }], ['test']);
  `;
  return new Promise((done) =>
    execFile(process.execPath, ['--input-type=module', '-e', script], (err, _out, stderr) => done({ code: err ? Number(err.code ?? -1) : 0, stderr })),
  );
}

describe('outputs written by parallel processes', () => {
  it('share the new folders they all need', { timeout: SPAWN_TIMEOUT }, async () => {
    for (let round = 0; round < 3; round++) {
      const dir = join(tmp, `volume-${round}`, 'sweep');
      // Start together, once every process has loaded.
      const start = Date.now() + 1500;
      const runs = await Promise.all(Array.from({ length: WRITERS }, (_, k) => writer(k, start, dir)));
      runs.forEach((r, k) => expect(r, `writer ${k}: ${r.stderr}`).toMatchObject({ code: 0 }));
      for (let k = 0; k < WRITERS; k++) expect(readFileSync(join(dir, `shards/${k}/shard-${k}.txt`), 'utf8')).toBe(`shard ${k}\n`);
    }
  });
});
