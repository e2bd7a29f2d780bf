/** Argument parsing shared by the uncertainty commands: strict numbers, clear messages. */
import { UserError } from '../errors.js';

/** A whole number, or a UserError naming the option. */
export function wholeNumber(option: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UserError(`${option}: required`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value.trim())) throw new UserError(`${option}: expected a whole number (got '${value}')`);
  return Number(value);
}

/** A number, or a UserError naming the option. */
export function number(option: string, value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new UserError(`${option}: expected a number (got '${value}')`);
  return x;
}

/** `lo,hi` */
export function range(option: string, value: string | undefined): [number, number] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',');
  if (parts.length !== 2) throw new UserError(`${option}: write the range as low,high (got '${value}')`);
  return [number(option, parts[0]!), number(option, parts[1]!)];
}
