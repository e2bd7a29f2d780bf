/**
 * Every user-facing message about scenario files, in one place, so wording
 * stays consistent and the bad-input catalogue can be checked against it.
 */

export const messages = {
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  notAnObject: () => 'a scenario file must be a mapping of fields (name, baseYear, services, ...)',
  fileMissing: (file: string) => `file not found: ${file}`,
  extendsMissing: (parent: string) => `extends: parent scenario not found: ${parent}`,
  extendsCycle: (chain: string[]) => `extends: cycle ${chain.join(' -> ')}`,
  unknownKey: (key: string, suggestion: string | undefined) =>
    `unknown field '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
  wrongType: (expected: string, got: string) => `expected ${expected}, got ${got}`,
  notNumberInput: (got: string) => `expected a number, a $parameter or a distribution, got ${got}`,
  oneOf: (options: readonly unknown[], got: string) => `must be one of ${options.join(', ')} (got ${got})`,
  badFormat: (rule: string, got: string) => `${rule} (got ${got})`,
  tooSmall: (minimum: unknown, inclusive: boolean, got: string) => `must be ${inclusive ? 'at least' : 'more than'} ${minimum} (got ${got})`,
  tooBig: (maximum: unknown, inclusive: boolean, got: string) => `must be ${inclusive ? 'at most' : 'less than'} ${maximum} (got ${got})`,
  tooFewItems: (minimum: unknown) => `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`,
  tooManyItems: (maximum: unknown) => `has more than ${maximum} item${maximum === 1 ? '' : 's'}`,
  required: () => 'required field is missing',
  notFinite: (what: string) => `${what} must be a finite number`,
  negative: (what: string, value: number) => `${what} must not be negative (got ${value})`,
  outOfUnitRange: (what: string, value: number) => `${what} must be between 0 and 1 (got ${value})`,
  unknownReference: (kind: string, id: string, suggestion: string | undefined) =>
    `unknown ${kind} '${id}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
  wrongOrgKind: (id: string, kind: string, role: string) => `organisation '${id}' is a ${kind}, so it cannot be a ${role}`,
  duplicateId: (kind: string, id: string) => `duplicate ${kind} id '${id}'`,
  horizonBeforeBase: (base: string, horizon: string) => `horizon ${horizon} is before the base year ${base}`,
  yearOutsideHorizon: (year: string, base: string, horizon: string) =>
    `year ${year} is outside the projection ${base} to ${horizon}`,
  unknownParameter: (name: string, suggestion: string | undefined) =>
    `unknown parameter '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
  parameterCycle: (name: string) => `parameter '${name}' refers to itself`,
  seriesWhereNumber: (name: string) => `parameter '${name}' is a series by year; a single number is needed here`,
  table: {
    missing: (file: string) => `data table not found: ${file}`,
    empty: (file: string) => `data table ${file} has no rows`,
    missingColumn: (file: string, column: string) => `data table ${file} has no column '${column}'`,
    missingKeyColumn: (file: string, key: string) => `data table ${file} has no key column '${key}'`,
    missingRow: (file: string, key: string, value: string) => `data table ${file} has no row for ${key} ${value}`,
    notNumeric: (file: string, line: number, column: string, cell: string) =>
      `data table ${file}:${line}: column '${column}' is not a number ('${cell}')`,
    notFinite: (file: string, line: number, column: string, cell: string) =>
      `data table ${file}:${line}: column '${column}' must be a finite number ('${cell}')`,
    negative: (file: string, line: number, column: string, value: number) =>
      `data table ${file}:${line}: column '${column}' must not be negative (got ${value})`,
    raggedRow: (file: string, line: number) => `data table ${file}:${line}: wrong number of cells`,
  },
  scheme: {
    selfShift: (scheme: string, service: string) => `scheme '${scheme}' shifts service '${service}' to itself`,
    followerSource: (service: string) =>
      `service '${service}' is bed days that follow admissions: change them with a 'los' scheme, or shift the admissions`,
    losNeedsBedDays: (service: string) => `a 'los' scheme needs a bed-day service (one with activity.follows); '${service}' is not`,
    losNeedsOne: () => "a 'los' scheme needs exactly one of 'fraction' or 'days'",
    targetNeedsConversion: () => "a 'los' scheme with a target can set 'conversion'; without a target it cannot",
    fractionsOutsideHorizon: (year: string) => `phasing year ${year} is outside the projection`,
  },
  pool: {
    notPartner: (id: string, pool: string) => `'${id}' is not a partner of pool '${pool}' (partners are those who contribute)`,
    contributionKind: () => "a contribution needs exactly one of 'amount', 'byYear' or 'shareOf'",
    missingYear: (year: string) => `no contribution for ${year}`,
    sharesSum: (sum: number) => `shares must add up to 1 (they add up to ${+sum.toFixed(6)})`,
    needs: (method: string, field: string) => `the ${method} method needs '${field}'`,
    bandsOverlap: (i: number) => `band ${i + 1} overlaps the band before it`,
    bandsGap: (i: number, expected: number) => `band ${i + 1} leaves a gap: it should start at ${expected}`,
    bandEmpty: (i: number) => `band ${i + 1} must end after it starts`,
    lastBandOpen: () => "the last band must be open (leave out 'to') so every variance is shared",
    serviceNotInPool: (id: string, pool: string) => `service '${id}' is not in pool '${pool}'`,
    remainderCapped: (id: string) => `the remainder partner '${id}' cannot also be capped`,
  },
  envelope: {
    otherProvider: (id: string, provider: string) => `service '${id}' is not provided by '${provider}'`,
    twice: (id: string, other: string) => `service '${id}' is already in envelope '${other}'`,
    otherCommissioner: (id: string, commissioner: string, envelopeCommissioner: string) =>
      `service '${id}' is commissioned by '${commissioner}', not by the envelope's commissioner '${envelopeCommissioner}'`,
    needsQuality: () => "a quality-scaled share rate needs a 'qualityScore' (0 to 1)",
  },
  payment: {
    negativePrice: (value: number) => `price must not be negative (got ${value})`,
  },
  calibration: {
    notNamed: (name: string) => `calibration parameter '${name}' is not a parameter of this scenario`,
    notScalar: (name: string) => `calibration parameter '${name}' must be a single number, not a series or distribution`,
    unreachable: (target: number, lo: number, hi: number, range: [number, number]) =>
      `calibration cannot reach ${target}: over the range [${range[0]}, ${range[1]}] the metric goes from ${lo.toFixed(0)} to ${hi.toFixed(0)}`,
  },
};

/** The closest candidate by edit distance, if it is close enough to be a likely typo. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
