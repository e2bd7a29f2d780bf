/** `workers: 'auto'` starts threads only on cores other work leaves idle. */
import { describe, it, expect } from 'vitest';
import { idleThreads } from '../../src/uncertainty/simulate.js';

describe('auto threads', () => {
  it('use the cores the load average leaves idle, and always this one', () => {
    expect(idleThreads(2, 0.1)).toBe(2); // a quiet 2-core machine
    expect(idleThreads(2, 1.2)).toBe(1); // another process on one core: a worker would only take turns with it
    expect(idleThreads(2, 3.5)).toBe(1); // busier than the cores: still this thread
    expect(idleThreads(8, 2.9)).toBe(5);
    expect(idleThreads(4, 0)).toBe(4); // never more than the cores
  });
});
