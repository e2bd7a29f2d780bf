/**
 * The library names an option as its options object writes it (`year`,
 * `maxIterations`); the CLI names it by its flag (`--year`,
 * `--max-iterations`). A UserError's problems are said with these names
 * when the CLI reports them.
 */

/** Options whose flag is not their name in kebab case, by command (the same name may be two commands' different flags). */
const FLAGS: Record<string, Record<string, string>> = {
  simulate: { target: '--until-se', thresholds: '--threshold', 'stress.percentiles': '--stress-range' },
};

/** Options that name a part of a flag's value, said in the flag's syntax. */
const WITHIN: Record<string, string> = { 'prices.deflator': 'real:YYYY/YY:<id>' };

/** How `command` names `option`: its flag. */
export function flagOf(option: string, command: string | undefined): string {
  return FLAGS[command ?? '']?.[option] ?? WITHIN[option] ?? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
