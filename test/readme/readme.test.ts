/**
 * Every figure the README quotes comes from running the code: the README as
 * committed equals the README with each marked figure recomputed from the
 * models (`npm run readme-figures` rewrites them).
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { README, figures, regenerate } from './figures.js';

describe('README figures', () => {
  const text = readFileSync(README, 'utf8');
  const values = figures();

  it('quotes the figures the code computes', () => {
    expect(regenerate(text, values)).toBe(text);
  });

  it("calls Cheshire's councils' 2030/31 gap the do-nothing gap it is, in its own clause", () => {
    // the system's do-nothing gap opens the sentence; the councils' figure, read alone, looked like the gap after schemes
    const clause = text.slice(0, text.indexOf('<!--fig:chs-council-gap-2030-->')).split(/[,;.]/).pop()!;
    expect(clause).toMatch(/councils' do-nothing gap/);
  });

  it('marks every figure it computes somewhere', () => {
    for (const name of Object.keys(values)) expect(text, name).toContain(`<!--fig:${name}-->`);
  });
});
