/**
 * Writing a command's outputs whole or not at all. Every output of one
 * command (a results folder, a workbook, a report, a shard file) is checked
 * before any is written; each is then written beside its target under a
 * temporary name and swapped in by one rename (a folder as a whole, with a
 * manifest naming the run), so that the target is always entirely the old
 * results or entirely the new.
 *
 * The writing is synchronous and SIGINT/SIGTERM/SIGHUP are held off while it
 * runs (then end the process, with nothing temporary left). What a hard kill
 * leaves behind is put right by the next write to the same target: temporary
 * copies are removed, and a folder caught between its two renames gets its
 * old results back.
 */
import { accessSync, constants, mkdirSync, readdirSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { UserError } from '../errors.js';

/** One output of a command: a folder of files, or one file. */
export type Output =
  | { kind: 'folder'; path: string; option: string; files: Record<string, string | Buffer> }
  | { kind: 'file'; path: string; option: string; content: string | Buffer };

/** Where an output goes, for checking before anything is computed. */
export type OutputTarget = Pick<Output, 'kind' | 'path' | 'option'>;

/** The file in a results folder that says which run wrote it. */
export const MANIFEST = 'popshift-run.json';

/**
 * The files earlier versions wrote to a results folder without a manifest:
 * such a folder may be replaced too. Any other file in the folder means it is
 * not popshift's to replace.
 */
const FILES_WITHOUT_MANIFEST = /^(system|sectors|places|rollups|organisations|services|schemes|capacity|percentiles|gap-closes|samples|inputs)\.csv$|^(results|simulation)\.json$|^shard-\d+-of-\d+\.bin$/;

/** Temporary names beside a target: `.NAME.popshift-tmp-PID-RANDOM` (being written) and `.NAME.popshift-old-PID-RANDOM` (being replaced). */
const TEMP = /^\.(.+)\.popshift-(tmp|old)-(\d+)-[0-9a-f]+$/;

/** Temporary paths this process has made and not yet renamed or removed. */
const pending = new Set<string>();

/**
 * Check that every output can be written: its folder exists or can be made,
 * is writable, and what is at the path is of the right kind. Throws a
 * UserError naming the option; writes nothing.
 */
export function checkOutputs(outputs: readonly OutputTarget[]): void {
  const seen = new Map<string, string>();
  for (const o of outputs) {
    const target = targetOf(o.path);
    const clash = seen.get(target);
    if (clash) throw new UserError(`${o.option}: ${o.path} is also the ${clash} output`);
    seen.set(target, o.option);
    checkOne(o, target);
    // a workbook under another name (x.csv) would be opened as something it is not
    if (o.option === '--xlsx' && !/\.xlsx$/i.test(o.path)) throw new UserError(`--xlsx: ${o.path}: a workbook's file name ends .xlsx (Excel opens it by its extension)`);
  }
  for (const o of outputs) {
    if (o.kind !== 'folder') continue;
    for (const other of outputs) {
      if (other !== o && other.kind === 'folder' && inside(targetOf(other.path), targetOf(o.path))) {
        throw new UserError(`${other.option}: ${other.path} is inside the ${o.option} folder ${o.path}`);
      }
    }
  }
}

/**
 * Write every output, whole or not at all. `command` (the arguments after
 * `popshift`) names the run in each folder's manifest. A file output inside a
 * folder output is written into that folder (and so is swapped in with it).
 */
export function writeOutputs(outputs: readonly Output[], command: readonly string[]): void {
  checkOutputs(outputs);
  holdSignals();
  const folders = outputs.filter((o) => o.kind === 'folder');
  const nested = new Map<Output, Output>(); // file output → the folder output it is written into
  for (const o of outputs) {
    const home = o.kind === 'file' ? folders.find((f) => inside(targetOf(o.path), targetOf(f.path))) : undefined;
    if (home) nested.set(o, home);
  }
  const created: string[] = [];
  const staged: { output: Output; target: string; temp: string }[] = [];
  let current = outputs[0]!;
  try {
    for (const o of outputs) {
      if (nested.has(o)) continue;
      current = o;
      const target = targetOf(o.path);
      created.push(...makeParents(dirname(target)));
      cleanStale(target);
      const temp = tempName(target, 'tmp');
      pending.add(temp);
      staged.push({ output: o, target, temp });
      if (o.kind === 'file') writeFileSync(temp, o.content, { flag: 'wx' });
      else {
        const files: Record<string, string | Buffer> = { ...o.files };
        for (const [file, home] of nested) if (home === o && file.kind === 'file') files[relative(target, targetOf(file.path))] = file.content;
        writeFolder(temp, files, command);
      }
    }
  } catch (e) {
    for (const s of staged) remove(s.temp);
    // A folder made here may by now hold another process's output: only empty ones go.
    for (const d of created.reverse()) removeIfEmpty(d);
    // Name the folder being written in, not the temporary name in it.
    throw asUserError(e, current, dirname(targetOf(current.path)));
  }
  // Every output is written: swap each in.
  for (const s of staged) {
    try {
      swapIn(s.temp, s.target, s.output.kind);
    } catch (e) {
      for (const rest of staged.slice(staged.indexOf(s))) remove(rest.temp);
      throw asUserError(e, s.output);
    }
  }
}

function checkOne(o: OutputTarget, target: string): void {
  const fail = (why: string): never => {
    throw new UserError(`${o.option}: cannot write ${o.kind === 'folder' ? 'results to ' : ''}${o.path}: ${why}`);
  };
  // The nearest folder that exists must be a folder, and writable.
  let dir = dirname(target);
  for (;;) {
    const st = statOrUndefined(dir);
    if (st && !st.isDirectory()) fail(`${dir} is a file, not a folder`);
    if (st) break;
    if (dirname(dir) === dir) break;
    dir = dirname(dir);
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    fail(reason(e, dir));
  }
  const st = statOrUndefined(target);
  if (!st) return;
  if (o.kind === 'file') {
    if (st.isDirectory()) fail('it is a folder; give a file name');
    if (!st.isFile()) fail('it is not a regular file');
    return;
  }
  if (!st.isDirectory()) fail('it is a file, not a folder');
  const names = readdirSync(target);
  if (names.length && !names.includes(MANIFEST)) {
    const foreign = names.find((n) => !FILES_WITHOUT_MANIFEST.test(n) || !statOrUndefined(join(target, n))?.isFile());
    if (foreign) fail(`the folder holds files popshift did not write (${foreign}): give a new or empty folder, or one popshift wrote`);
  }
}

/** A folder of `files` (names may hold subfolders), with the manifest. */
function writeFolder(dir: string, files: Record<string, string | Buffer>, command: readonly string[]): void {
  mkdirSync(dir);
  const listed: { name: string; bytes: number; sha256: string }[] = [];
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const file = join(dir, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
    listed.push({ name: name.split(sep).join('/'), bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }
  const manifest = { writtenBy: 'popshift', command: ['popshift', ...command].join(' '), files: listed };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}

/** Rename `temp` onto `target`: a file in one rename; a folder in two, moving the old one aside first. */
function swapIn(temp: string, target: string, kind: Output['kind']): void {
  if (kind === 'file' || !statOrUndefined(target)) {
    renameSync(temp, target);
    pending.delete(temp);
    return;
  }
  const old = tempName(target, 'old');
  pending.add(old);
  renameSync(target, old);
  try {
    renameSync(temp, target);
  } catch (e) {
    renameSync(old, target);
    pending.delete(old);
    throw e;
  }
  pending.delete(temp);
  remove(old);
}

/**
 * Put right what a killed write to `target` left beside it: temporary copies
 * are removed, and an old folder whose replacement never arrived is put back.
 * Another live process's temporary files are left alone.
 */
export function cleanStale(target: string): void {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || m[1] !== name) continue;
    const path = join(dir, entry);
    const pid = Number(m[3]);
    if (pending.has(path) || (pid !== process.pid && alive(pid))) continue;
    if (m[2] === 'old' && !statOrUndefined(target)) renameSync(path, target);
    else remove(path);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempName(target: string, what: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.popshift-${what}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * The folders `mkdir -p dir` makes, top-most first (only those made here).
 * A folder another process makes at the same moment (parallel shards writing
 * under one new folder) is shared, not an error, and not this process's to remove.
 */
function makeParents(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !statOrUndefined(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
  const made: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d);
      made.push(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !statOrUndefined(d)?.isDirectory()) throw e;
    }
  }
  return made;
}

let holding = false;

/**
 * From the first write on, SIGINT, SIGTERM and SIGHUP end the process only
 * between steps (JavaScript runs a signal listener when the synchronous
 * writing is done), after removing anything temporary. The listeners stay
 * for the rest of the process: removing one could drop a signal on its way.
 */
function holdSignals(): void {
  if (holding) return;
  holding = true;
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => {
      for (const p of pending) remove(p);
      process.stderr.write(`popshift: stopped by ${signal}\n`);
      process.exit(code);
    });
  }
}

function remove(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Already gone, or its folder cannot be written: nothing more to do.
  }
  pending.delete(path);
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty (another process writes in it), or already gone.
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The path an output replaces: through a symbolic link (which stays a link), else as given. */
function targetOf(path: string): string {
  try {
    return realpathSync(resolve(path));
  } catch {
    return resolve(path);
  }
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function reason(e: unknown, path: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied on ${path}`;
    case 'EROFS':
      return `${path} is on a read-only file system`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'ENOTDIR':
      return `a part of ${path} is a file, not a folder`;
    case 'ENOENT':
      return `${path} does not exist (it was removed while writing)`;
    case 'EEXIST':
      return `${path} was made by something else while writing`;
    default:
      return typeof code === 'string' ? `${code} on ${path}` : String(e);
  }
}

function asUserError(e: unknown, o: Output, folder?: string): unknown {
  if (e instanceof UserError || typeof (e as NodeJS.ErrnoException).code !== 'string') return e;
  const err = e as NodeJS.ErrnoException;
  const why = folder && err.code === 'ENOENT' ? `files cannot be made in ${folder}` : reason(e, folder ?? err.path ?? o.path);
  return new UserError(`${o.option}: cannot write ${o.kind === 'folder' ? 'results to ' : ''}${o.path}: ${why}`);
}
