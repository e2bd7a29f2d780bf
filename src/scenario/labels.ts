/**
 * Human names for a scenario's parameters and uncertain inputs: a parameter's
 * `label` where the file writes one, else its name in words
 * (`unit_cost_community_contact` → "Unit cost community contact",
 * `council_asc_funding_2017_18` → "Council adult social care funding 2017/18").
 */
import type { Scenario } from './schema.js';

/**
 * Abbreviations in parameter names as a finance lead would read them: the
 * bodies' initials in capitals, the model's shorthands in full.
 */
const WORDS: Record<string, string> = {
  ae: 'A&E',
  asc: 'adult social care',
  ccg: 'CCG',
  cii: 'cost inflation',
  eol: 'end-of-life',
  gp: 'GP',
  icb: 'ICB',
  ics: 'ICS',
  los: 'length of stay',
  mh: 'mental health',
  ndg: 'growth beyond ageing',
  nhs: 'NHS',
};

/**
 * A parameter name in words: underscores, hyphens and camelCase become
 * spaces, a financial year's two numbers a year (`2017_18` → 2017/18),
 * abbreviations spelt out (WORDS); first letter capital.
 */
export function humanName(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/(^|[^0-9])(\d{4})[_-](\d{2})(?![0-9])/g, '$1$2/$3')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => WORDS[w] ?? w)
    .join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A parameter's label as written, else its name in words. */
export function parameterLabel(sc: Pick<Scenario, 'parameters'>, name: string): string {
  const p = sc.parameters?.[name];
  if (p && typeof p === 'object' && 'label' in p && typeof p.label === 'string' && p.label.trim()) return p.label.trim();
  return humanName(name);
}

/**
 * An uncertain input's human name, from its path (`parameters.ndg_ae.value` →
 * the parameter's label; a choice among population tables, which is drawn once
 * for the whole system → "Population projection"); a distribution written in
 * place elsewhere keeps its path.
 */
export function inputLabel(sc: Pick<Scenario, 'parameters'>, path: string): string {
  const m = /^parameters\.([^.[]+)\.value$/.exec(path) ?? /^parameters\.([^.[]+)$/.exec(path);
  if (m) return parameterLabel(sc, m[1]!);
  return /(^|\.)population\.table$/.test(path) ? 'Population projection' : path;
}
