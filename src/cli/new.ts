/** `popshift new <dir> --place NAME`: a commented starter scenario and its CSV tables, written whole or not at all. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { messages } from '../scenario/messages.js';
import { starterFiles } from '../scenario/starter.js';
import { writeOutputs, type Output } from '../results/write.js';

/** Write the starter into `dir` (made if missing); refuses to replace any of its files unless `force`. Returns the paths written. */
export function writeStarter(dir: string, place: string, force = false): string[] {
  const outputs: Output[] = Object.entries(starterFiles(dir, place)).map(([name, content]) => ({ kind: 'file', path: join(dir, name), option: 'new', content }));
  if (!force) {
    const existing = outputs.find((o) => existsSync(o.path));
    if (existing) throw new UserError(messages.starter.exists(existing.path));
  }
  writeOutputs(outputs, ['new', dir, '--place', place]);
  return outputs.map((o) => o.path);
}

export function newCommand(dir: string, opts: { place: string; force?: boolean }): void {
  const written = writeStarter(dir, opts.place, opts.force === true);
  const scenario = written[0]!;
  process.stdout.write(
    `Wrote a starter scenario for ${opts.place.trim()}:\n${written.map((f) => `  ${f}\n`).join('')}` +
      `Every figure in it is a PLACEHOLDER, named with the publication to take the real one from.\n` +
      `Run it with: popshift run ${scenario}\n`,
  );
}
