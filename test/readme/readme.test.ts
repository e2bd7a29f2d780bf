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

  it('marks every figure it computes somewhere', () => {
    for (const name of Object.keys(values)) expect(text, name).toContain(`<!--fig:${name}-->`);
  });
});
