/**
 * Files that cannot sit in the catalogue as they are (too large, a pipe, a
 * device) and YAML that is valid but heavy: each is refused with one line
 * naming the file, or (aliases used often but harmlessly) accepted.
 */
import { MAX_WORKERS } from '../../src/uncertainty/simulate.js';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { loadScenario, project, UserError } from '../../src/index.js';
import { FILE_LIMITS } from '../../src/scenario/files.js';
import { fixture, repoRoot } from '../helpers.js';
import { MAX_ITERATIONS } from '../../src/cli/uncertainty-args.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'popshift-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The one problem line of loading and projecting `file`. */
function problem(file: string): string {
  try {
    project(loadScenario(file));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.problems).toHaveLength(1);
    expect(e.exitCode).toBe(2);
    return e.problems[0]!;
  }
  throw new Error(`${file} loaded`);
}

const tiny = fixture('tiny/tiny.yaml');
const write = (name: string, text: string | Buffer) => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

describe('files that are not read', () => {
  it('a scenario larger than the limit is refused by its size, without parsing it', () => {
    const f = write('huge.yaml', `name: Huge\ndescription: "${'x'.repeat(1.5 * FILE_LIMITS.scenario)}"\n`);
    expect(problem(f)).toBe(`scenario file ${f} is 1.5 MB, more than the limit of 1 MB for a scenario file`);
  });

  it('a parent larger than the limit is refused at the extends that names it', () => {
    write('huge-parent.yaml', `# ${'x'.repeat(3 * FILE_LIMITS.parent)}\n`);
    const f = write('child-of-huge.yaml', 'extends: huge-parent.yaml\nname: Child\n');
    expect(problem(f)).toBe(`${f}:1:10: extends: parent scenario ${join(dir, 'huge-parent.yaml')} is 3.0 MB, more than the limit of 1 MB for a parent scenario`);
  });

  it('a data table larger than the limit is refused at the field that names it', () => {
    const rows = 'young,0.1,1,2\n'.repeat(Math.ceil((1.1 * FILE_LIMITS.table) / 14));
    write('big.csv', `age_band,admissions,contacts,los\n${rows}`);
    const f = write('big-table.yaml', `extends: ${tiny}\nname: Big table\nservices:\n  - id: contacts\n    activity: { rates: { table: big.csv, column: contacts } }\n`);
    expect(problem(f)).toMatch(new RegExp(`^${f}:5:\\d+: services\\[\\d\\]\\.activity\\.rates\\.table: data table ${join(dir, 'big.csv')} is 17\\.6 MB, more than the limit of 16 MB for a data table$`));
  });

  it('a FIFO is refused at once rather than waited on', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(problem(fifo)).toBe(`scenario file ${fifo} is not a regular file (a device, pipe or socket cannot be read)`);
    const f = write('pipe-parent.yaml', 'extends: pipe.yaml\nname: Child of a pipe\n');
    expect(problem(f)).toBe(`${f}:1:10: extends: parent scenario ${fifo} is not a regular file (a device, pipe or socket cannot be read)`);
  });

  it('/dev/zero is refused without being read, as a scenario or as a table', () => {
    expect(problem('/dev/zero')).toBe('scenario file /dev/zero is not a regular file (a device, pipe or socket cannot be read)');
    const f = write('zero-table.yaml', `extends: ${tiny}\nname: Zero\npopulation: { table: /dev/zero }\n`);
    expect(problem(f)).toBe(`${f}:3:22: population.table: data table /dev/zero is not a regular file (a device, pipe or socket cannot be read)`);
  });

  it('a scenario file that is a folder is named as one', () => {
    const sub = join(dir, 'folder.yaml');
    mkdirSync(sub);
    expect(problem(sub)).toBe(`scenario file ${sub} is a folder, not a file`);
  });
});

describe('text that is not UTF-8', () => {
  it('a data table with a Latin-1 byte names its line', () => {
    write('latin1.csv', Buffer.concat([Buffer.from('age_band,admissions,contacts,los\nyoung,0.1,1,2\n'), Buffer.from([0x6f, 0x6c, 0xe9]), Buffer.from(',0.4,4,10\n')]));
    const f = write('latin1-table.yaml', `extends: ${tiny}\nname: Latin-1\nservices:\n  - id: contacts\n    activity: { rates: { table: latin1.csv, column: contacts } }\n`);
    expect(problem(f)).toMatch(/: data table .*latin1\.csv:3: the file is not valid UTF-8 text \(save it as UTF-8\)$/);
  });

  it('a UTF-8 byte-order mark is not part of the first field', () => {
    const text = readFileSync(tiny, 'utf8').replace('population.csv', fixture('tiny/population.csv')).replace(/rates\.csv/g, fixture('tiny/rates.csv'));
    const f = write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(loadScenario(f).loaded.scenario.name).toBe('Tiny');
  });
});

describe('YAML aliases', () => {
  it('one anchor used a few hundred times loads', () => {
    const params = Array.from({ length: 300 }, (_, i) => `  p${i}: *share`).join('\n');
    const f = write('aliases.yaml', `extends: ${tiny}\nname: Many aliases\nparameters:\n  first: &share 0.25\n${params}\n`);
    expect(loadScenario(f).loaded.scenario.parameters?.p299).toBe(0.25);
  });
});

describe('the limits', () => {
  it('are the ones the README states', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const mb = (bytes: number) => `${bytes / 1024 / 1024} MB`;
    expect(FILE_LIMITS.parent).toBe(FILE_LIMITS.scenario);
    expect(readme).toContain(`A scenario file (and each parent it extends) is at most ${mb(FILE_LIMITS.scenario)} and a data table (CSV) at most ${mb(FILE_LIMITS.table)}`);
    expect(readme).toContain(`\`--iterations\` is at most ${MAX_ITERATIONS.toLocaleString('en-GB')} and \`--workers\` at most ${MAX_WORKERS}`);
  });
});
