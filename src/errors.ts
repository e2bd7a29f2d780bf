/**
 * A problem whose words name options: said with the library's option names
 * (`year: …`), or, by the CLI, with its flags (`--year: …`), from the one text.
 */
export type Worded = (name: (option: string) => string) => string;

/** How the library names an option: as it is written in the options object. */
const optionName = (option: string) => option;

/**
 * A mistake the user can fix (a bad scenario file, a bad request): it carries
 * a one-line message naming the file, line and field, and the CLI exit code.
 * Anything else thrown is a programmer error.
 */
export class UserError extends Error {
  readonly exitCode = 2;
  /** Every problem found, one line each; `message` holds them joined. */
  readonly problems: string[];
  /** The problems as given, for a surface that names options its own way (`said`). */
  readonly #parts: (string | Worded)[];
  constructor(problems: string | Worded | (string | Worded)[]) {
    const parts = Array.isArray(problems) ? problems : [problems];
    const list = parts.map((p) => (typeof p === 'string' ? p : p(optionName)));
    super(list.join('\n'));
    this.name = 'UserError';
    this.problems = list;
    this.#parts = parts;
  }

  /** The problems with each option named by `name` (the CLI gives its flags). */
  said(name: (option: string) => string): string[] {
    return this.#parts.map((p) => (typeof p === 'string' ? p : p(name)));
  }
}

/** A mistake in one option of a call: `year: 2099/00 is not in the projection (…)`; `detail` may name other options. */
export function optionProblem(option: string, detail: string | Worded): Worded {
  return (name) => `${name(option)}: ${typeof detail === 'string' ? detail : detail(name)}`;
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
