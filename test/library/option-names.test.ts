/**
 * A mistake in an option is said with the option's name as the library
 * takes it (`year: …`, `maxIterations: …`), and by the CLI with its flag
 * (`--year: …`, `--max-iterations: …`), from the one message.
 */
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import * as lib from '../../src/index.js';
import { flagOf } from '../../src/cli/flags.js';
import { popshift, repoRoot, SPAWN_TIMEOUT } from '../helpers.js';
import { refusal } from './refusal.js';

const FILE = resolve(repoRoot, 'test/uncertainty/fixtures/tiny-uncertain.yaml');
const s = lib.loadScenario(FILE);
const projection = `(${s.model.years[0]} to ${s.model.years.at(-1)})`;

describe('an option is named as the caller names it', () => {
  it('the library: year, not --year; the CLI: --year', async () => {
    const want = `year: 2099/00 is not in the projection ${projection}`;
    expect((await refusal(() => lib.tornado(s, { year: '2099/00' }))).message).toBe(want);
    expect((await refusal(() => lib.simulate(s, { iterations: 10, year: '2099/00' }))).message).toBe(want);
    expect((await refusal(() => lib.analyse(s, { iterations: 10, metric: 'gapp' }))).message).toMatch(/^metric: unknown metric 'gapp'; choose from gap, /);
    const cli = await popshift('tornado', FILE, '--year', '2099/00');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(`popshift: --${want}\n`);
  }, SPAWN_TIMEOUT);

  it('options named inside a message too, and a flag that is not the option in kebab case (simulate --until-se for simulateUntil\'s target)', async () => {
    const max = await refusal(() => lib.simulateUntil(s, { iterations: 500 }, 1, 100));
    expect(max.message).toBe('maxIterations: must be a whole number at least the starting iterations (500) (got 100)');
    expect(max.said((o) => flagOf(o, 'simulate'))).toEqual(['--max-iterations: must be a whole number at least the starting --iterations (500) (got 100)']);
    const either = await refusal(() => lib.goalSeek(s, { input: '$shiftFraction', target: 0, probability: 0.5 }));
    expect(either.message).toBe('goal seek: give either a target value (target) or a target probability (probability)');
    expect(either.said((o) => flagOf(o, 'goalseek'))).toEqual(['goal seek: give either a target value (--target) or a target probability (--probability)']);
    expect((await refusal(() => lib.optimise(s, { onOff: ['nope'] }))).said((o) => flagOf(o, 'optimise'))).toEqual([expect.stringMatching(/^--on-off: no scheme 'nope'/)]);
    const cli = await popshift('simulate', FILE, '--until-se', '-1');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe('popshift: --until-se: the standard error to reach must be a number above 0, in £ (got -1)\n');
  }, SPAWN_TIMEOUT);
});
