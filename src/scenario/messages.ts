/**
 * Every user-facing message about scenario files, in one place, so wording
 * stays consistent and the bad-input catalogue can be checked against it.
 */
import { MAX_MAGNITUDE } from './schema.js';

export const messages = {
  yamlSyntax: (detail: string) => `YAML syntax error: ${detail}`,
  notAnObject: () => 'a scenario file must be a mapping of fields (name, baseYear, services, ...)',
  fileMissing: (file: string) => `file not found: ${file}`,
  // a file saved from the dashboard names the server's copy of its parent: moved to another machine, it needs pointing at the local one
  extendsMissing: (parent: string) => `extends: parent scenario not found: ${parent} (write the path of your copy of ${parent.split(/[\\/]/).pop()}, absolute or relative to this file)`,
  extendsCycle: (chain: string[]) => `extends: cycle ${chain.join(' -> ')}`,
  unknownKey: (key: string, suggestion: string | undefined) =>
    `unknown field '${key}'${suggestion && suggestion !== key ? ` (did you mean '${suggestion}'?)` : ''}`,
  wrongType: (expected: string, got: string) => `expected ${expected}, got ${got}`,
  notNumberInput: (got: string, written?: unknown) => `expected a number, a $parameter, a formula (=…) or a distribution, got ${got}${percentHint(written)}`,
  oneOf: (options: readonly unknown[], got: string) => `must be one of ${options.join(', ')} (got ${got})`,
  badFormat: (rule: string, got: string) => `${rule} (got ${got})`,
  tooSmall: (minimum: unknown, inclusive: boolean, got: string) => `must be ${inclusive ? 'at least' : 'more than'} ${bound(minimum)} (got ${got})`,
  tooBig: (maximum: unknown, inclusive: boolean, got: string) => `must be ${inclusive ? 'at most' : 'less than'} ${bound(maximum)} (got ${got})`,
  tooFewItems: (minimum: unknown) => `needs at least ${minimum} item${minimum === 1 ? '' : 's'}`,
  tooManyItems: (maximum: unknown) => `has more than ${maximum} item${maximum === 1 ? '' : 's'}`,
  required: () => 'required field is missing',
  notFinite: (what: string) => `${what} must be a finite number`,
  tooLarge: (what: string, value: number, limit: number) => `${what} must be within ±${bound(limit)} (got ${value})`,
  rateOutOfRange: (what: string, value: number, min: number, max: number) => {
    const fraction = value / 100;
    const meant = fraction >= min && fraction <= max ? `; did you mean ${+fraction.toPrecision(12)}?` : '';
    return `${what} must be between ${min} and ${max} a year, as a fraction (0.02 = 2%) (got ${value}${meant})`;
  },
  negative: (what: string, value: number) => `${what} must not be negative (got ${value})`,
  outOfUnitRange: (what: string, value: number) =>
    `${what} must be between 0 and 1, that is 0% to 100% (got ${value}: ${percent(value)} is ${value > 1 ? 'more than 100%' : 'less than 0%'})`,
  /**
   * A number outside a schema's bound (files and requests alike), in the units
   * the user typed: a share of 1.5 is also said as 150%.
   */
  aboveMax: (value: number, maximum: number, inclusive: boolean) =>
    inclusive
      ? `${shown(value, maximum)} is above the largest allowed value, ${bound(maximum)}${maximum === 1 ? ' (100%)' : ''}`
      : `must be less than ${bound(maximum)}${maximum === 1 ? ' (100%)' : ''} (got ${shown(value, maximum)})`,
  belowMin: (value: number, minimum: number, inclusive: boolean) =>
    inclusive
      ? `${shown(value, minimum)} is below the smallest allowed value, ${bound(minimum)}${minimum === -1 ? ' (-100%)' : ''}`
      : `must be more than ${bound(minimum)} (got ${shown(value, minimum)})`,
  unknownReference: (kind: string, id: string, suggestion: string | undefined) =>
    `unknown ${kind} '${id}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
  wrongOrgKind: (id: string, kind: string, role: string) => `organisation '${id}' is a ${kind}, so it cannot be a ${role}`,
  duplicateId: (kind: string, id: string) => `duplicate ${kind} id '${id}'`,
  horizonBeforeBase: (base: string, horizon: string) => `horizon ${horizon} is before the base year ${base}`,
  yearOutsideHorizon: (year: string, base: string, horizon: string) =>
    `year ${year} is outside the projection ${base} to ${horizon}`,
  unknownParameter: (name: string, suggestion: string | undefined) =>
    `unknown parameter '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
  parameterCycle: (cycle: string[]) =>
    cycle.length <= 2 ? `parameter '${cycle[0]}' refers to itself` : `parameters refer to each other in a cycle: ${cycle.map((n) => `'${n}'`).join(' → ')}`,
  seriesWhereNumber: (name: string) => `parameter '${name}' is a series by year; a single number is needed here`,
  file: {
    isFolder: (noun: string, file: string) => `${noun} ${file} is a folder, not a file`,
    notRegular: (noun: string, file: string) => `${noun} ${file} is not a regular file (a device, pipe or socket cannot be read)`,
    denied: (noun: string, file: string) => `cannot read ${noun} ${file}: permission denied`,
    unreadable: (noun: string, file: string, code: string) => `cannot read ${noun} ${file} (${code})`,
    tooLarge: (noun: string, file: string, mb: number, limitMb: number) =>
      `${noun} ${file} is ${mb.toFixed(1)} MB, more than the limit of ${limitMb} MB for a ${noun}`,
    notUtf8: () => 'the file is not valid UTF-8 text (save it as UTF-8)',
    tableNotUtf8: (file: string, line: number) => `data table ${file}:${line}: the file is not valid UTF-8 text (save it as UTF-8)`,
  },
  yaml: {
    undefinedAlias: (name: string) => `YAML alias *${name} has no anchor &${name} before it`,
    tooManyAliases: (limit: number) => `YAML aliases expand this file to more than ${limit.toLocaleString('en-GB')} values: write the values out, or share them with extends`,
    tooDeep: (limit: number) => `values are nested more than ${limit} levels deep`,
    collectionKey: () => 'a field name must be text, not a list or mapping (a key written as [..] or {..})',
  },
  nonDecimal: (source: string, base: string, decimal: string | undefined) =>
    `${source} is ${base === 'octal' ? 'an' : 'a'} ${base} number: write numbers in decimal${decimal !== undefined ? ` (${decimal})` : ''}, or put text in quotes`,
  digitSeparators: (source: string, decimal: string) => `${source} is written with '_' between its digits: write ${decimal}, or put text in quotes`,
    emptyExtends: () => 'extends: expected the parent scenario\'s file name, got empty text',
  table: {
    missing: (file: string) => `data table not found: ${file}`,
    empty: (file: string) => `data table ${file} has no rows`,
    // the columns it has, so a mistyped name is seen at once
    missingColumn: (file: string, column: string, columns: readonly string[]) => `data table ${file} has no column '${column}' (its columns: ${columns.join(', ')})`,
    missingKeyColumn: (file: string, key: string) => `data table ${file} has no key column '${key}'`,
    missingRow: (file: string, key: string, value: string) => `data table ${file} has no row for ${key} ${value}`,
    notNumeric: (file: string, line: number, column: string, cell: string) =>
      `data table ${file}:${line}: column '${column}' is not a number (${quoteCell(cell)})`,
    notFinite: (file: string, line: number, column: string, cell: string) =>
      `data table ${file}:${line}: column '${column}' must be a finite number within ±${bound(MAX_MAGNITUDE)} (${quoteCell(cell)})`,
    negative: (file: string, line: number, column: string, value: number) =>
      `data table ${file}:${line}: column '${column}' must not be negative (got ${value})`,
    duplicateRow: (file: string, line: number, key: string, firstLine: number) =>
      `data table ${file}:${line}: a second row for ${key} (the first is on line ${firstLine})`,
    raggedRow: (file: string, line: number, got: number, want: number) =>
      `data table ${file}:${line}: wrong number of cells: ${got} where the header has ${want} (${got > want ? 'a comma inside a cell needs the cell in double quotes' : 'an empty cell is still written, between its commas'})`,
    unclosedQuote: (file: string, line: number) => `data table ${file}:${line}: a quoted cell is never closed (a " without its closing ")`,
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
    coverTwice: (step: string) => `'${step}' is listed twice in cover: each kind of cover is used once, in the order given`,
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
    boundsOrder: () => 'the bounds must go from low to high',
    boundsOutsideDomain: (name: string, bounds: [number, number], domain: { min?: number; max?: number; what: string }) =>
      `the bounds [${bounds[0]}, ${bounds[1]}] reach outside what '${name}' may be where it is used (${domain.what}: from ${domain.min ?? '-∞'} to ${domain.max ?? '∞'}); keep the bounds within that range`,
    needsBounds: () => "a calibration needs 'bounds' (the range the parameter is fitted within)",
    unreachable: (parameter: string, target: number, lo: number, hi: number, bounds: [number, number]) =>
      `calibration cannot reach ${money(target)}: with '${parameter}' anywhere in its bounds [${bounds[0]}, ${bounds[1]}] the gap goes from ${money(lo)} to ${money(hi)}, so the bounds exclude every solution; widen them or check the target`,
    notReached: (parameter: string, target: number, tolerance: number, closest: { x: number; value: number }, bracket: [number, number], values: [number, number]) =>
      `calibration cannot reach ${money(target)} to within £${Math.round(tolerance).toLocaleString('en-GB')}: the closest is ${money(closest.value)} with '${parameter}' = ${+closest.x.toPrecision(6)}; ` +
      `between ${distinct(bracket[0], bracket[1])[0]} and ${distinct(bracket[0], bracket[1])[1]} the gap jumps from ${money(values[0])} to ${money(values[1])} (a capacity step: stepped cost adds or releases a whole ward or team), ` +
      `so no value of '${parameter}' reaches the target; fit a parameter that moves cost smoothly, or change the step sizes`,
  },
  place: {
    unknown: (id: string, suggestion: string | undefined) => `unknown place '${id}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    noPopulation: () => "a scenario needs a 'population' table, or 'places' each with its own",
    bothPopulations: () => "give the population on each place, not also at the top of the scenario",
    noRows: (file: string, key: string) => `data table ${file} has no rows for place '${key}' (its place column)`,
    noVariantRows: (file: string, variant: string, have: string[]) => `data table ${file} has no rows for variant '${variant}' (its variant column has ${have.join(', ')})`,
    variantColumn: (file: string) => `data table ${file} has a variant column: choose a variant with a choice (table: { dist: choice, options: [{ name, table, p }] })`,
    choiceDiffers: (first: string) => `every population choice must offer the same options with the same probabilities as ${first}'s: one variant is drawn for the whole system`,
    variantBaseYear: (variant: string, year: string, band: string, got: number, central: number) =>
      `variant '${variant}' has ${got} persons aged ${band} in the base year ${year} where the central option has ${central}: the variants must share the base year (popshift derives activity rates from it)`,
    missingYear: (file: string, key: string, year: string) => `data table ${file} has no row for place '${key}' in ${year}`,
    noCommissioner: (service: string, place: string, role: string) =>
      `service '${service}' names no commissioner and place '${place}' has no ${role}: give the service a commissioner, or the place a ${role}`,
    sharesOver: (service: string, place: string, sum: number) =>
      `providers' shares of place '${place}' activity on '${service}' add up to ${+sum.toFixed(6)}: they must be at most 1`,
    sharesMissing: (place: string) => `no share for place '${place}'`,
    shareTableNoPlace: (file: string) => `data table ${file} needs a 'place' column for shares by place`,
    providerAndProviders: () => "give either 'provider' or 'providers', not both",
    noProvider: () => "a service needs a 'provider' or 'providers'",
    followerProviders: (service: string, parent: string) =>
      `bed days follow their admissions' providers: '${service}' can list providers only to give each a capacity, and only providers of '${parent}'`,
    followerPlaces: (service: string, parent: string) => `bed days follow their admissions' places: '${service}' takes the places of '${parent}'`,
    noBeds: (year: string) => `no beds for ${year}`,
    followerShare: () => "bed days follow their admissions' shares: leave out 'share'",
    capacityNotBedDays: (service: string) => `capacity is stated in beds: '${service}' is not a bed-day service (one with activity.follows, or unit 'bed day')`,
    capacityWhichProvider: (service: string) => `service '${service}' has several providers: state capacity on each of its providers`,
    notInService: (place: string, service: string) => `place '${place}' is not one of service '${service}''s places`,
    tableCell: (file: string, line: number, column: string, problem: string) => `data table ${file} line ${line}, column ${column}: ${problem}`,
    badId: (id: string) => `'${id}' is not an id (lower-case letters, digits and hyphens)`,
    duplicateRow: (id: string, first: number) => `place '${id}' is listed twice (first on line ${first})`,
  },
  funding: {
    baseOrAllocations: () => "a funding stream needs exactly one of 'base' or 'allocations'",
    growthWithAllocations: () => "allocations grow by 'beyond' (weighted population, real growth, deflator), not 'growth'",
    allocationGap: (year: string, before: string, after: string) => `allocations have a gap: none for ${year} between ${before} and ${after}`,
    allocationYear: (year: string) => `allocation year ${year} is outside the projection`,
    needsBeyond: (first: string, last: string) => `allocations are published for ${first} to ${last} only: give 'beyond' to say how they move in the other years`,
    noAllocationYears: (file: string, base: string, horizon: string) => `data table ${file} has no allocation for any year from ${base} to ${horizon}`,
    noAllocationGiven: (base: string, horizon: string) => `give the allocation of at least one year from ${base} to ${horizon}: 'beyond' moves it into the other years`,
    beyondNeedsAllocations: () => "'beyond' applies to allocations: give 'allocations' too",
    unknownDeflator: (id: string, suggestion: string | undefined) => `unknown deflator '${id}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    sharedIndex: (stream: string, index: string, services: string[]) =>
      `funding '${stream}' and the cost of ${services.length > 3 ? `${services.slice(0, 3).join(', ')} and ${services.length - 3} more` : services.join(', ')} both move with '${index}': that index cancels between funding and cost, so the gap moves only with activity and real growth`,
  },
  deflator: {
    notCovering: (id: string, last: string, horizon: string) =>
      `deflator '${id}' has rates only to ${last}: give rates to ${horizon}, or a 'thereafter'`,
    uncertain: (id: string) => `deflator '${id}' must be a number or a series of numbers, not a distribution: results in real terms use one index`,
  },
  formula: {
    syntax: (detail: string) => `formula: ${detail}`,
    notAllowed: (what: string) => `formula: '${what}' is not allowed (use numbers, parameter names, + - * / ^, parentheses, min, max, exp, log, sqrt, abs)`,
    unknownName: (name: string, suggestion: string | undefined) => `formula: unknown parameter '${name}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}`,
    notFinite: (value: number) => `formula: gives ${value}, not a finite number`,
    implicit: (what: string) => `formula: '${what}' multiplies without '*': write the '*' between them`,
  },
  scheme2: {
    targetOrTargets: () => "a scheme sends what it moves to one 'target' (with 'conversion') or to 'targets', not both",
    needsTarget: () => "a shift needs a 'target' (with 'conversion') or 'targets'",
    needsConversion: () => "a shift to one 'target' needs a 'conversion'",
    targetsSum: (sum: number) => `the targets' shares must add up to 1 (they add up to ${+sum.toFixed(6)})`,
    efficiencyPlaces: () => "an efficiency scheme cuts the cost of a provider's whole line: it cannot be limited to some places",
  },
  starter: {
    badPlace: (name: string) => `'${name}' is not a place name: give its name in letters and digits, e.g. --place "Harrogate and Rural District"`,
    exists: (file: string) => `${file} already exists: popshift new replaces nothing; give a new folder, or --force to replace the starter's files`,
  },
  alliance: {
    sharesSum: (sum: number) => `the alliance members' shares must add up to 1 (they add up to ${+sum.toFixed(6)})`,
    notMember: (service: string, provider: string) => `service '${service}' is provided by '${provider}', which is not a member of the alliance`,
  },
  // the library's fitDistributions (the CLI's fit names the file and line before it gets there)
  fit: {
    tooFew: (n: number, least: number) => `fitDistributions: fitting needs at least ${least} values (got ${n})`,
    notFinite: (index: number, value: unknown) =>
      `fitDistributions: data[${index}] is ${typeof value === 'number' ? value : JSON.stringify(value) ?? String(value)}, not a finite number (leave missing values out)`,
    unknownFamily: (family: unknown, families: readonly string[]) => `fitDistributions: '${String(family)}' is not a family popshift fits (${families.join(', ')})`,
  },
  // the library's entry points, called from plain JavaScript: what an argument must be (src/api-arguments.ts)
  argument: {
    scenario: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a prepared scenario from loadScenario(file) (got ${got})`,
    scenarioOrFile: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a prepared scenario from loadScenario(file), or a scenario file's path (got ${got})`,
    results: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be results from project(scenario) (got ${got})`,
    resultsList: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a list of one or more results from project(scenario) (got ${got})`,
    simulation: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a Monte Carlo run's results from simulate(scenario, options) (got ${got})`,
    file: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a scenario file's path (YAML or JSON), such as 'models/harrogate.yaml' (got ${got})`,
    values: (fn: string, arg: string, what: string, got: string) => `${fn}: ${arg} must be a Float64Array of ${what} (got ${got})`,
    options: (fn: string, arg: string, known: readonly string[], got: string) => `${fn}: ${arg} must be an object of options (${known.join(', ')}) (got ${got})`,
    unknownOption: (fn: string, key: string, suggestion: string | undefined, known: readonly string[]) =>
      `${fn}: unknown option '${key}'${suggestion ? ` (did you mean '${suggestion}'?)` : ''}; its options: ${known.join(', ')}`,
    year: (fn: string, arg: string, first: string, last: string, got: string) => `${fn}: ${arg} must be a year of the projection, ${first} to ${last} (got ${got})`,
    place: (fn: string, arg: string, places: readonly string[], got: string, suggestion: string | undefined) =>
      `${fn}: ${arg} must be one of the results' places, ${places.join(', ') || 'of which there are none'} (got ${got}${suggestion ? `; did you mean '${suggestion}'?` : ''})`,
    deflator: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be a deflator's index by year from deflatorIndex(scenario, p), one a year of the results (got ${got})`,
    discountRate: (fn: string, arg: string, got: string) => `${fn}: ${arg} must be the discount rate a year as a fraction above -1 (-100%), such as 0.035 (got ${got})`,
    sameLength: (fn: string, what: string, n: number, expected: string) => `${fn}: ${what} holds ${n} values; it must hold ${expected}`,
    empty: (fn: string, arg: string) => `${fn}: ${arg} holds no values`,
    noSamples: (fn: string) => `${fn}: samples are asked for, but the run kept none (simulate with samples: true)`,
    // an option's problem, said after its name (`year: …`)
    iterationsAbove0: (n: unknown) => `the number of iterations must be a whole number above 0 (got ${n})`,
    yearOption: (year: string, first: string, last: string) => `${year} is not in the projection (${first} to ${last})`,
    missingOption: (fn: string, key: string, known: readonly string[]) => `${fn}: the option ${key} is required (its options: ${known.join(', ')})`,
  },
  // the library's goalSeek options that the CLI's parsing never lets through (said after the option's name)
  goalSeek: {
    notFinite: (value: unknown) => `expected a finite number (got ${typeof value === 'string' ? `'${value}'` : String(value)})`,
    tolerance: (value: unknown) => `the tolerance on the metric must be a number above 0 (got ${typeof value === 'string' ? `'${value}'` : String(value)})`,
  },
};

/** A fraction as a percentage: 1.5 → 150%. */
function percent(v: number): string {
  return `${+(v * 100).toPrecision(12)}%`;
}

/** A value beside a bound: with its percentage where the bound is a share's (0, ±1). */
function shown(v: number, limit: number): string {
  if (Math.abs(limit) === 1) return `${v} (${percent(v)})`;
  return Number.isInteger(v) && Math.abs(v) >= 1e6 && Math.abs(v) < 1e21 ? v.toLocaleString('en-GB') : String(v);
}

/** A cell as messages show it: quoted, control characters escaped, at most 40 characters. */
function quoteCell(cell: string): string {
  const shown = cell.length > 40 ? cell.slice(0, 40) + '…' : cell;
  // eslint-disable-next-line no-control-regex
  return `'${shown.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))}'`;
}

/** A zod bound issue (too small or too big) as a message: numbers in the units typed, lists by their items. */
export function boundMessage(issue: { code: 'too_small'; minimum: unknown; inclusive?: boolean; origin: string } | { code: 'too_big'; maximum: unknown; inclusive?: boolean; origin: string }, value: unknown): string {
  const inclusive = issue.inclusive ?? true;
  const limit = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  if (issue.origin === 'array') return issue.code === 'too_small' ? messages.tooFewItems(limit) : messages.tooManyItems(limit);
  // a number read from text (a query's ?target=1e12) is bounded as the number it is
  if (typeof value === 'string' && issue.origin === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) value = Number(value);
  if (typeof value === 'number' && typeof limit === 'number') {
    return issue.code === 'too_small' ? messages.belowMin(value, limit, inclusive) : messages.aboveMax(value, limit, inclusive);
  }
  const got = typeof value === 'string' ? `text of ${value.length} characters` : String(value);
  return issue.code === 'too_small' ? messages.tooSmall(limit, inclusive, got) : messages.tooBig(limit, inclusive, got);
}

/** Two close numbers with just enough significant digits to tell them apart. */
function distinct(a: number, b: number): [string, string] {
  for (let d = 6; d < 17; d++) {
    const x = String(+a.toPrecision(d));
    const y = String(+b.toPrecision(d));
    if (x !== y) return [x, y];
  }
  return [String(a), String(b)];
}

/** £ in millions to the nearest £10k, as calibration messages state targets. */
function money(v: number): string {
  return `£${(v / 1e6).toFixed(2)}m`;
}

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

/** A schema bound as a reader writes it: 100,000,000,000 rather than 100000000000. */
function bound(v: unknown): string {
  return typeof v === 'number' && Math.abs(v) >= 1e6 ? v.toLocaleString('en-GB') : String(v);
}

/** Shares and rates are fractions: text such as '75%' is told the number it means. */
function percentHint(written: unknown): string {
  const m = typeof written === 'string' ? /^\s*(-?\d+(?:\.\d+)?)\s*%\s*$/.exec(written) : null;
  return m ? ` (a percentage is written as a fraction: ${+(Number(m[1]) / 100).toPrecision(12)} for ${m[1]}%)` : '';
}
