/**
 * Reading the files a scenario names (the scenario, its parents, its data
 * tables) and the shard files a merge reads: every such read goes through
 * `readTextFile` or, for a shard's binary numbers, `openRegularFile`. Only regular files are
 * read (a folder, device or pipe is refused without being opened for long: a
 * FIFO does not block, /dev/zero is not read), each kind has a size limit
 * (stated in the README), and text is decoded strictly as UTF-8. Every problem
 * is a one-line UserError naming the file and, for bad bytes, the line.
 */
import { openSync, fstatSync, readSync, closeSync, constants } from 'node:fs';
import { UserError } from '../errors.js';
import { messages } from './messages.js';

/** What a file is for: it sets the noun in messages and the size limit. */
export type FileKind = 'scenario' | 'parent' | 'table' | 'shard';

const MB = 1024 * 1024;

/** The largest file of each kind that is read (the README states them). A shard is read a chunk at a time, never whole. */
export const FILE_LIMITS: Record<FileKind, number> = { scenario: 1 * MB, parent: 1 * MB, table: 16 * MB, shard: 64 * 1024 * MB };

const NOUN: Record<FileKind, string> = { scenario: 'scenario file', parent: 'parent scenario', table: 'data table', shard: 'shard file' };

/** How a file is named in messages: `display` as messages name it; `where` (a `file:line:col: field` prefix) where another file named it; `missing` for a file that is not there. */
export interface FileNaming {
  display: string;
  where?: string;
  missing: string;
}

function failWith(opts: FileNaming) {
  return (problem: string): never => {
    throw new UserError(opts.where ? `${opts.where}: ${problem}` : problem);
  };
}

/**
 * Open `file` for reading if it is a regular file within its kind's size
 * limit, or throw a UserError (a folder, device, pipe or socket is refused
 * without waiting on it). The caller reads `fd` and closes it.
 */
export function openRegularFile(file: string, kind: FileKind, opts: FileNaming): { fd: number; size: number } {
  const fail = failWith(opts);
  const noun = NOUN[kind];
  let fd: number;
  try {
    // Non-blocking, so that opening a FIFO with no writer returns at once (it is then refused as not a file).
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return fail(opts.missing);
    if (code === 'EACCES' || code === 'EPERM') return fail(messages.file.denied(noun, opts.display));
    if (code === 'ENXIO' || code === 'EOPNOTSUPP') return fail(messages.file.notRegular(noun, opts.display));
    if (typeof code === 'string') return fail(messages.file.unreadable(noun, opts.display, code));
    throw e;
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) return fail(messages.file.isFolder(noun, opts.display));
    if (!st.isFile()) return fail(messages.file.notRegular(noun, opts.display));
    const limit = FILE_LIMITS[kind];
    if (st.size > limit) return fail(messages.file.tooLarge(noun, opts.display, st.size / MB, limit / MB));
    return { fd, size: st.size };
  } catch (e) {
    closeSync(fd);
    throw e;
  }
}

/** The text of `file`, or a UserError. */
export function readTextFile(file: string, kind: FileKind, opts: FileNaming): string {
  const fail = failWith(opts);
  const noun = NOUN[kind];
  const limit = FILE_LIMITS[kind];
  const { fd, size } = openRegularFile(file, kind, opts);
  let bytes: Buffer;
  try {
    // Read at most one byte past the limit, in case the file grew since fstat.
    const buf = Buffer.allocUnsafe(size + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > limit) return fail(messages.file.tooLarge(noun, opts.display, n / MB, limit / MB));
    bytes = buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
  try {
    // fatal: bad bytes are an error, not U+FFFD; a leading byte-order mark is dropped.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const { line, column } = firstBadByte(bytes);
    return fail(kind === 'table' ? messages.file.tableNotUtf8(opts.display, line) : `${opts.display}:${line}:${column}: ${messages.file.notUtf8()}`);
  }
}

/** The line and column of the first byte that is not valid UTF-8 (the shortest prefix that fails to decode). */
function firstBadByte(bytes: Buffer): { line: number; column: number } {
  const fails = (n: number) => {
    try {
      // Streaming: an incomplete sequence at the end of the prefix is not yet an error.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, n), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let lo = 0; // fails(lo) is false
  let hi = bytes.length; // fails(hi) is true
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fails(mid)) hi = mid;
    else lo = mid;
  }
  // Decoding fails at the first byte that cannot continue; the bad sequence may have begun up to 3 bytes before.
  let at = hi - 1;
  for (let j = at - 1; j >= Math.max(0, at - 3); j--) {
    const b = bytes[j]!;
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      if (j + length > at) at = j; // a sequence the failing byte could not complete
      break;
    }
    if (bytes[j]! < 0x80) break;
  }
  const lineStart = at > 0 ? bytes.lastIndexOf(0x0a, at - 1) + 1 : 0;
  let line = 1;
  for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line++;
  const column = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, at)).length + 1;
  return { line, column };
}
