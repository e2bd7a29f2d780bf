/**
 * A mistake the user can fix (a bad scenario file, a bad request): it carries
 * a one-line message naming the file, line and field, and the CLI exit code.
 * Anything else thrown is a programmer error.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  /** Every problem found, one line each; `message` holds them joined. */
  readonly problems: string[];
  constructor(problems: string | string[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.join('\n'));
    this.name = 'UserError';
    this.problems = list;
  }
}

/** Where in which file a value was written. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

/** `file:line:column` for messages; the file relative to the working directory. */
export function formatLocation(loc: Location | undefined, fallbackFile: string): string {
  if (!loc) return fallbackFile;
  return `${loc.file}:${loc.line}:${loc.column}`;
}
