/** What the library tests share: the UserError a call throws. */
import { expect } from 'vitest';
import { UserError } from '../../src/index.js';

/** The UserError a call throws (or its promise rejects with); any other error, or none, fails the test. */
export async function refusal(run: () => unknown): Promise<UserError> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('no error was thrown');
}

/** A value as plain JavaScript may pass it, whatever its type. */
export const bad = <T>(o: T) => o as never;
