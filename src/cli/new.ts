/** `popshift new <dir> [--place NAME]`: a commented starter scenario and its CSV tables, written whole or not at all. */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
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

/** The `new` command: write the starter and say what was written and how to run it. */
export function newCommand(dir: string, opts: { place?: string; force?: boolean }): void {
  // an empty folder name (popshift new "") would mean the current folder, which the user did not name
  if (!dir.trim()) throw new UserError('new: name the folder to write the starter into, e.g. popshift new models/east-riding (an empty name is not the current folder: write . for that)');
  const place = opts.place ?? placeFromFolder(dir);
  const written = writeStarter(dir, place, opts.force === true);
  const scenario = written[0]!;
  process.stdout.write(
    `Wrote a starter scenario for ${place.trim()}:\n${written.map((f) => `  ${f}\n`).join('')}` +
      `Every figure in it is a PLACEHOLDER, named with the publication to take the real one from.\n` +
      `Run it with: popshift run ${scenario}\n`,
  );
}

/** A place's name from its folder's (`models/east-riding` → "East Riding"): what `new` writes when no --place is given. */
export function placeFromFolder(dir: string): string {
  const name = basename(resolve(dir)).replace(/[-_]+/g, ' ').trim();
  return name.replace(/\b\w/g, (c) => c.toUpperCase()) || 'My place';
}
