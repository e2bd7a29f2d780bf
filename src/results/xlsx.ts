/**
 * Results as an Excel workbook for finance leads (exceljs). Money cells are
 * numbers in £ (unrounded, as the engine computed them) shown with a £ number
 * format; every header states its units; financial years are text
 * ('2017/18'); each table's header row is frozen and filterable.
 *
 * Sheets: Summary, Reconciliation (the bridge from the base-year gap: to the
 * calibration target, and to the horizon), Places (every place's figures, which
 * sum to the system), Organisation positions, Activity, Capacity (when beds are
 * stated), Waterfall, Schemes, Stranded cost, Pools, Envelopes, Monte Carlo
 * percentiles (when a summary is given), Assumptions and sources. Every sheet
 * with money states its price base (cash, or real terms with the deflator
 * named): in a title or note, or in a note below its tables.
 */
import ExcelJS from 'exceljs';
import type { PreparedScenario } from '../api.js';
import { waterfall, type Results } from './summary.js';
import { pickFocusYear, paybackText, scopeWords } from './format.js';
import { displayPath } from '../scenario/load.js';
import { assumptionsOf } from './report/assumptions.js';
import { toMonteCarloSummary, type MonteCarloSummary, type SimulationLike } from './report/montecarlo.js';
import { appraise, GREEN_BOOK_RATE } from './appraisal.js';
import type { MetricAnalysis } from '../uncertainty/analysis.js';
import type { SpiderResult } from '../uncertainty/spider.js';
import type { TornadoResult } from '../uncertainty/sensitivity.js';
import { discountRateArgument, optionKeys, optionsArgument, resultsArgument, scenarioArgument, yearOption } from '../api-arguments.js';

export type { MonteCarloSummary, MonteCarloRow, SimulationLike } from './report/montecarlo.js';

export interface WorkbookOptions {
  /** The prepared scenario the results came from: needed for the parameters and data tables on the assumptions sheet. */
  scenario?: PreparedScenario;
  /** Monte Carlo percentiles by metric and year (flat, or as `simulate()` returns them). */
  monteCarlo?: MonteCarloSummary | SimulationLike;
  /** The waterfall year on the Summary sheet (default: the calibration year, else the horizon). */
  year?: string;
  /** Discount rate a year for the investment appraisal sheet, as a fraction (default the Green Book's 3.5%). */
  discountRate?: number;
  /** A metric's S-curve, histogram, contribution to variance and stress analyses (sheets of their own). */
  analysis?: MetricAnalysis;
  /** A tornado of the uncertain inputs (a sheet of its own). */
  tornado?: TornadoResult;
  /** A spider of the uncertain inputs (a sheet of its own). */
  spider?: SpiderResult;
}

const WORKBOOK_OPTIONS = optionKeys<WorkbookOptions>({
  scenario: 'optional', monteCarlo: 'optional', year: 'optional', discountRate: 'optional', analysis: 'optional', tornado: 'optional', spider: 'optional',
});

/** Whole pounds, negatives with a minus sign (greyscale-safe: no red). */
export const GBP = '"£"#,##0;-"£"#,##0';
/** Pounds and pence (unit costs). */
export const GBP_PENCE = '"£"#,##0.00;-"£"#,##0.00';
/** Counts of activity and people. */
export const COUNT = '#,##0;-#,##0';
const PERCENT = '0.0%';

export const SHEETS = {
  summary: 'Summary',
  reconciliation: 'Reconciliation',
  places: 'Places',
  rollups: 'Roll-ups',
  positions: 'Organisation positions',
  capacity: 'Capacity',
  activity: 'Activity',
  waterfall: 'Waterfall',
  schemes: 'Schemes',
  stranded: 'Stranded cost',
  pools: 'Pools',
  envelopes: 'Envelopes',
  appraisal: 'Investment appraisal',
  monteCarlo: 'Monte Carlo percentiles',
  scurve: 'S-curve',
  histogram: 'Histogram',
  contribution: 'Contribution to variance',
  stress: 'Stress analysis',
  tornado: 'Tornado',
  spider: 'Spider',
  assumptions: 'Assumptions and sources',
} as const;

type Cell = string | number | null | undefined;
interface Col {
  header: string;
  fmt?: string;
  /** Wrap the text of this column's cells. */
  wrap?: boolean;
  /** The sheet column (1-based) to write to; default the next one. */
  at?: number;
}

const num = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const money = (header: string): Col => ({ header: `${header} (£)`, fmt: GBP });
const count = (header: string): Col => ({ header, fmt: COUNT });

/** Write a table (header + rows) from `startRow`; returns the row after it. */
function table(ws: ExcelJS.Worksheet, cols: Col[], rows: Cell[][], startRow = 1, filter = true): number {
  const head = ws.getRow(startRow);
  const at = cols.map((c, j) => c.at ?? j + 1);
  cols.forEach((c, j) => {
    const cell = head.getCell(at[j]!);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'top' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6E6E6' } };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF000000' } } };
  });
  rows.forEach((r, i) => {
    const row = ws.getRow(startRow + 1 + i);
    r.forEach((v, j) => {
      if (v === null || v === undefined) return;
      const cell = row.getCell(at[j]!);
      cell.value = v;
      const c = cols[j];
      if (c?.fmt && typeof v === 'number') cell.numFmt = c.fmt;
      if (c?.wrap) cell.alignment = { wrapText: true, vertical: 'top' };
    });
  });
  if (filter && rows.length) ws.autoFilter = { from: { row: startRow, column: 1 }, to: { row: startRow + rows.length, column: cols.length } };
  return startRow + rows.length + 1;
}

/** A sheet whose first row is frozen. */
function sheet(wb: ExcelJS.Workbook, name: string, xSplit = 0): ExcelJS.Worksheet {
  return wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit, ySplit: 1, topLeftCell: xSplit ? 'B2' : 'A2', activeCell: 'A2' }] });
}

/** Column widths from content: headers up to 28 characters, numbers as shown, text up to 60; wrapped columns as given. */
function fitColumns(ws: ExcelJS.Worksheet, wrapWidths: Record<number, number> = {}): void {
  const widths: number[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const v = cell.value;
      let w: number;
      if (typeof v === 'number') w = cell.numFmt && cell.numFmt.includes('£') ? Math.max(8, Math.abs(v) >= 1 ? Math.floor(Math.log10(Math.abs(v))) * 1.34 + 5 : 5) : Math.min(16, String(Number(v.toPrecision(8))).length + 2);
      else if (typeof v === 'string') w = cell.font?.bold ? Math.min(28, v.length + 2) : Math.min(60, v.length + 2);
      else w = 8;
      widths[col] = Math.max(widths[col] ?? 8, w);
    });
  });
  widths.forEach((w, col) => {
    if (w !== undefined) ws.getColumn(col).width = wrapWidths[col] ?? Math.ceil(w);
  });
}

function note(ws: ExcelJS.Worksheet, row: number, text: string): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { italic: true };
}

/** The sheets of a Monte Carlo run's figures: in the run's price base (which `simulate` states). */
const RUN_SHEETS: readonly string[] = [SHEETS.monteCarlo, SHEETS.scurve, SHEETS.histogram, SHEETS.stress];
/** The sheets of the tornado and spider: projected in the scenario's own prices, whatever the results' price base. */
const SENSITIVITY_SHEETS: readonly string[] = [SHEETS.tornado, SHEETS.spider];

/**
 * Below a sheet with money, its units and price base (unless it states them
 * already): a sheet copied into a board paper on its own still says them.
 * `runBase`: the Monte Carlo run's price base, when it is known.
 */
function priceBaseNote(ws: ExcelJS.Worksheet, r: Results, runBase: string | undefined): void {
  const own = "the scenario's own price base (Monte Carlo samples are not deflated)";
  const inOwn = r.prices.basis === 'cash' ? r.priceBase : own;
  const base = RUN_SHEETS.includes(ws.name) ? (runBase ?? inOwn) : SENSITIVITY_SHEETS.includes(ws.name) ? inOwn : r.priceBase;
  let money = false;
  let stated = false;
  ws.eachRow((row) =>
    row.eachCell((c) => {
      if (typeof c.value === 'number' && c.numFmt?.includes('£')) money = true;
      else if (typeof c.value === 'string' && c.value.includes(base)) stated = true;
    }),
  );
  if (!money || stated) return;
  note(ws, ws.rowCount + 2, `Money in £, ${base}.`);
}

function sectionTitle(ws: ExcelJS.Worksheet, row: number, text: string): void {
  const cell = ws.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size: 12 };
}

/**
 * Build the workbook. Pass `options.scenario` (the prepared scenario the
 * results came from) for the full assumptions sheet, and `options.monteCarlo`
 * for the percentiles sheet.
 */
export async function resultsWorkbook(r: Results, options: WorkbookOptions = {}): Promise<Buffer> {
  resultsArgument('resultsWorkbook', r);
  optionsArgument('resultsWorkbook', options, WORKBOOK_OPTIONS, 2);
  if (options.scenario !== undefined) scenarioArgument('resultsWorkbook', options.scenario, 'options.scenario');
  yearOption(options.year, r.years);
  if (options.discountRate !== undefined) discountRateArgument('resultsWorkbook', options.discountRate, 'options.discountRate');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'popshift';
  wb.title = r.scenario;
  // Fixed dates: the same results give the same workbook contents.
  wb.created = new Date(Date.UTC(2000, 0, 1));
  wb.modified = wb.created;
  const mc = options.monteCarlo ? toMonteCarloSummary(options.monteCarlo) : undefined;
  const focus = options.year ?? pickFocusYear(r);

  summarySheet(wb, r, focus, mc);
  reconciliationSheet(wb, r);
  placesSheet(wb, r);
  if (r.rollups.length) rollupsSheet(wb, r);
  positionsSheet(wb, r);
  activitySheet(wb, r);
  if (r.capacity.length) capacitySheet(wb, r);
  waterfallSheet(wb, r);
  schemesSheet(wb, r);
  appraisalSheet(wb, r, options.discountRate ?? GREEN_BOOK_RATE);
  strandedSheet(wb, r);
  poolsSheet(wb, r);
  envelopesSheet(wb, r);
  if (mc) monteCarloSheet(wb, mc);
  if (options.analysis) analysisSheets(wb, options.analysis);
  if (options.tornado) tornadoSheet(wb, options.tornado);
  if (options.spider) spiderSheet(wb, options.spider);
  assumptionsSheet(wb, r, options.scenario);
  for (const ws of wb.worksheets) if (ws.name !== SHEETS.assumptions) priceBaseNote(ws, r, mc?.priceBase);

  const buf = await wb.xlsx.writeBuffer();
  return fixZipTimes(Buffer.from(buf as ArrayBuffer));
}

/** 2000-01-01 00:00 as a zip entry's MS-DOS date and time: the workbook's fixed creation date. */
const ZIP_DATE = ((2000 - 1980) << 9) | (1 << 5) | 1;
const ZIP_TIME = 0;

/**
 * Stamp every zip entry with the fixed date: exceljs stamps each with the
 * clock, so the same results gave different bytes each second (a new ETag
 * for the server's workbook, a changed file for `run --xlsx`).
 */
function fixZipTimes(zip: Buffer): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('xlsx: the workbook is not a zip file');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('xlsx: the workbook\'s zip directory is damaged');
    zip.writeUInt16LE(ZIP_TIME, at + 12);
    zip.writeUInt16LE(ZIP_DATE, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('xlsx: the workbook\'s zip entry is damaged');
    zip.writeUInt16LE(ZIP_TIME, local + 10);
    zip.writeUInt16LE(ZIP_DATE, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

function summarySheet(wb: ExcelJS.Workbook, r: Results, focus: string, mc: MonteCarloSummary | undefined): void {
  const ws = wb.addWorksheet(SHEETS.summary, { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  const t = ws.getCell(1, 1);
  t.value = `popshift results: ${r.scenario}`;
  t.font = { bold: true, size: 14 };
  const kv: [string, Cell, string?][] = [
    ['Scenario', r.scenario],
    ['File', displayPath(r.file)],
    ['Base year', r.baseYear],
    ['Horizon', r.horizon],
    ['Price base', r.priceBase],
    ['Units', `Money in £ (${r.prices.basis === 'cash' ? 'cash' : `real terms, ${r.prices.year} prices`}). Money cells are numbers shown in whole pounds; the full value is kept.`],
    ...r.notes.map((n): [string, Cell] => ['Note', n]),
    ['Gap', 'Cost + investment − funding: positive is a shortfall. Positions: + surplus, − deficit.'],
  ];
  const c = r.calibration;
  if (c) {
    kv.push(
      ['Calibration', `'${c.parameter}' fitted so the do-nothing gap of ${scopeWords(c.scope, r)} in ${c.year} hits its published value, to within £${Math.round(c.tolerance).toLocaleString('en-GB')} (see '${SHEETS.reconciliation}')`],
      ['Calibrated parameter', c.parameter],
      ['Value as written', c.initial],
      ['Fitted value', c.fitted],
      ['Target year', c.year],
      ['Target do-nothing gap (£)', c.target, GBP],
      ['Achieved do-nothing gap (£)', c.achieved, GBP],
      ['Goal-seek steps', c.iterations],
      ['Target source', c.source ?? ''],
    );
  } else kv.push(['Calibration', 'none (every assumption as written)']);
  if (mc) kv.push(['Monte Carlo', `${mc.iterations ?? '?'} iterations${mc.seed !== undefined ? `, seed ${mc.seed}` : ''}: see '${SHEETS.monteCarlo}'`]);
  let row = 3;
  for (const [k, v, fmt] of kv) {
    const a = ws.getCell(row, 1);
    a.value = k;
    a.font = { bold: true };
    const b = ws.getCell(row, 2);
    if (v !== null && v !== undefined) b.value = v;
    if (fmt) b.numFmt = fmt;
    b.alignment = { horizontal: 'left' };
    row++;
  }
  row++;
  sectionTitle(ws, row++, 'System by year');
  const hasSchemes = r.schemes.length > 0;
  row = table(
    ws,
    [{ header: 'Year' }, money('Funding'), money('Cost'), money('Investment'), money('Gap'), money('Do-nothing gap'), money('Gap closed by schemes'), count('Population (persons)')],
    r.years.map((y, t) => [
      y,
      num(r.system.funding[t]),
      num(r.system.cost[t]),
      num(r.system.investment[t]),
      num(r.system.gap[t]),
      num(r.system.doNothingGap[t]),
      num(r.system.doNothingGap[t]! - r.system.gap[t]!),
      num(r.population.total[t]),
    ]),
    row,
    false,
  );
  row++;
  sectionTitle(ws, row++, `Gap-closure waterfall, ${focus}${hasSchemes ? '' : ' (no schemes)'}`);
  let running = 0;
  table(
    ws,
    [{ header: 'Step' }, { header: 'Kind' }, money('Amount'), money('Gap after step')],
    waterfall(r, focus).map((s) => {
      running = s.kind === 'start' || s.kind === 'end' ? s.value : running + s.value;
      return [s.label, s.kind, num(s.value), num(running)];
    }),
    row,
    false,
  );
  fitColumns(ws);
  ws.getColumn(1).width = 30;
  ws.getColumn(2).width = Math.max(ws.getColumn(2).width ?? 0, 18);
}

function reconciliationSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.reconciliation);
  const bridges = [...(r.calibration ? [{ title: `To the calibration target, ${r.calibration.year}`, b: r.calibration.reconciliation }] : []), ...r.drivers.map((b) => ({ title: `To ${b.year}`, b }))];
  let row = 1;
  for (const { title: heading, b } of bridges) {
    if (row > 1) row++;
    sectionTitle(ws, row++, `${heading}: do-nothing gap of ${scopeWords(b.scope, r)} (${r.priceBase})`);
    row = table(ws, [{ header: 'Step' }, money('Amount'), { header: 'What it is' }], b.steps.map((st) => [st.label, num(st.value), st.id]), row, false);
  }
  if (!bridges.length) note(ws, 2, 'A one-year projection: nothing to reconcile.');
  fitColumns(ws);
}

function placesSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.places, 2);
  table(
    ws,
    [{ header: 'Place' }, { header: 'Council' }, { header: 'Area' }, { header: 'Year' }, count('Population (persons)'), money('Funding'), money('Cost'), money('Investment'), money('Gap'), money('Do-nothing gap')],
    [
      ...r.places.flatMap((p) => r.years.map((y, t) => [p.id, p.council ?? '', p.area ?? '', y, num(p.population.total[t]), num(p.funding[t]), num(p.cost[t]), num(p.investment[t]), num(p.gap[t]), num(p.doNothingGap[t])])),
      ...r.years.map((y, t) => ['system', '', '', y, num(r.population.total[t]), num(r.system.funding[t]), num(r.system.cost[t]), num(r.system.investment[t]), num(r.system.gap[t]), num(r.system.doNothingGap[t])]),
    ],
  );
  fitColumns(ws);
}

function rollupsSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.rollups, 2);
  table(
    ws,
    [{ header: 'By' }, { header: 'Group' }, { header: 'Name' }, { header: 'Year' }, count('Places'), count('Population (persons)'), money('Funding'), money('Cost'), money('Investment'), money('Gap'), money('Do-nothing gap')],
    r.rollups.flatMap((g) => r.years.map((y, t) => [g.by, g.id, g.name, y, g.places.length, num(g.population[t]), num(g.funding[t]), num(g.cost[t]), num(g.investment[t]), num(g.gap[t]), num(g.doNothingGap[t])])),
  );
  fitColumns(ws);
}

function capacitySheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.capacity, 2);
  table(
    ws,
    [{ header: 'Service' }, { header: 'Provider' }, { header: 'Year' }, count('Beds available'), { header: 'Target occupancy', fmt: PERCENT }, count('Bed days'), count('Beds needed'), count('Beds needed, do nothing'), { header: 'Over capacity' }],
    r.capacity.flatMap((c) =>
      r.years.map((y, t) => [c.service, c.provider, y, num(c.beds[t]), c.occupancy, num(c.bedDays[t]), num(c.bedsNeeded[t]), num(c.doNothingBedsNeeded[t]), c.breaches.includes(y) ? 'OVER CAPACITY' : c.doNothingBreaches.includes(y) ? 'over without schemes' : '']),
    ),
  );
  fitColumns(ws);
}

function positionsSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.positions);
  table(
    ws,
    [
      { header: 'Organisation' },
      { header: 'Name' },
      { header: 'Kind' },
      { header: 'Year' },
      money('Funding'),
      money('Income'),
      money('Payments'),
      money('Cost'),
      money('Investment'),
      money('Position'),
      money('Do-nothing position'),
      money('Change from schemes'),
    ],
    r.organisations.flatMap((o) =>
      r.years.map((y, t) => [
        o.id,
        o.name,
        o.kind,
        y,
        num(o.funding[t]),
        num(o.income[t]),
        num(o.payments[t]),
        num(o.cost[t]),
        num(o.investment[t]),
        num(o.position[t]),
        num(o.doNothingPosition[t]),
        num(o.position[t]! - o.doNothingPosition[t]!),
      ]),
    ),
  );
  fitColumns(ws);
}

function activitySheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.activity);
  table(
    ws,
    [
      { header: 'Service' },
      { header: 'Name' },
      { header: 'Setting' },
      { header: 'Unit' },
      { header: 'Provider' },
      { header: 'Commissioner' },
      { header: 'Year' },
      count('Do-nothing activity (units)'),
      count('Activity after schemes (units)'),
      count('Change in activity (units)'),
      money('Do-nothing cost'),
      money('Cost after schemes'),
      money('Payment to provider'),
    ],
    r.services.flatMap((s) =>
      r.years.map((y, t) => [
        s.id,
        s.name,
        s.setting,
        s.unit,
        s.provider,
        s.commissioner,
        y,
        num(s.doNothingActivity[t]),
        num(s.activity[t]),
        num(s.activity[t]! - s.doNothingActivity[t]!),
        num(s.doNothingCost[t]),
        num(s.cost[t]),
        num(s.payment[t]),
      ]),
    ),
  );
  fitColumns(ws);
}

function waterfallSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.waterfall, 1);
  const steps = r.years.map((y) => waterfall(r, y));
  const labels = steps[0]?.map((s) => s.label) ?? [];
  table(
    ws,
    [{ header: 'Year' }, ...labels.map((l) => money(l)), money('Check: residual − do-nothing − steps')],
    r.years.map((y, t) => {
      const s = steps[t]!;
      const between = s.slice(1, -1).reduce((acc, x) => acc + x.value, 0);
      return [y, ...s.map((x) => num(x.value)), num(s[s.length - 1]!.value - s[0]!.value - between)];
    }),
  );
  ws.getRow(1).height = 45;
  fitColumns(ws, Object.fromEntries(labels.map((_, i) => [i + 2, 18])));
  if (!r.schemes.length) note(ws, r.years.length + 3, 'No schemes in this scenario: the residual gap is the do-nothing gap.');
}

function schemesSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.schemes);
  const units = new Map(r.services.map((s) => [s.id, s.unit]));
  table(
    ws,
    [
      { header: 'Scheme' },
      { header: 'Name' },
      { header: 'Type' },
      { header: 'From service' },
      { header: 'From unit' },
      { header: 'To service' },
      { header: 'To unit' },
      { header: 'Year' },
      count('Removed (from-service units)'),
      count('Added (to-service units)'),
      count('Bed days removed with admissions (bed days)'),
      money('Effect on system cost'),
      money('Investment'),
      money('Effect on gap'),
      ...r.organisations.map((o) => money(`Change in ${o.id} position`)),
    ],
    r.schemes.flatMap((k) =>
      r.years.map((y, t) => [
        k.id,
        k.name,
        k.type,
        k.service,
        units.get(k.service) ?? '',
        k.target ?? '',
        k.target ? (units.get(k.target) ?? '') : '',
        y,
        num(k.removed[t]),
        num(k.added[t]),
        num(k.followerRemoved[t]),
        num(k.effect[t]),
        num(k.investment[t]),
        num(k.effect[t]! + k.investment[t]!),
        ...r.organisations.map((o) => num(k.byOrganisation[o.id]?.[t])),
      ]),
    ),
  );
  ws.getRow(1).height = 45;
  fitColumns(ws);
  if (!r.schemes.length) note(ws, 3, 'No schemes in this scenario.');
}

function appraisalSheet(wb: ExcelJS.Workbook, r: Results, rate: number): void {
  const ws = sheet(wb, SHEETS.appraisal);
  const a = appraise(r, rate);
  const cols = (what: string): Col[] => [
    { header: what },
    { header: 'Name' },
    money('Investment, undiscounted'),
    money(`Present value of investment, ${a.baseYear}`),
    money(`Present value of benefit, ${a.baseYear}`),
    money('Net present value'),
    { header: 'Payback year' },
    { header: 'Years to pay back' },
    { header: 'Discounted payback year' },
  ];
  const rows = (list: typeof a.schemes) => list.map((x) => [x.id, x.name, num(x.investment), num(x.pvInvestment), num(x.pvBenefit), num(x.npv), paybackText(x, x.payback), x.paybackYears, paybackText(x, x.discountedPayback)]);
  let row = table(ws, cols('Scheme'), rows(a.schemes));
  row++;
  if (a.organisations.length) row = table(ws, cols('Organisation'), rows(a.organisations), row, false) + 1;
  note(ws, row, a.method);
  ws.getRow(1).height = 30;
  fitColumns(ws);
}

function strandedSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.stranded);
  const svcs = r.services.filter((s) => s.stranded.some((v) => v !== 0));
  table(
    ws,
    [{ header: 'Service' }, { header: 'Name' }, { header: 'Provider' }, { header: 'Unit' }, { header: 'Year' }, money('Stranded cost'), count('Further fall in activity to release the next capacity step (units)')],
    svcs.flatMap((s) => r.years.map((y, t) => [s.id, s.name, s.provider, s.unit, y, num(s.stranded[t]), num(s.nextStepRelease[t])])),
  );
  ws.getRow(1).height = 45;
  fitColumns(ws, { 7: 24 });
  if (!svcs.length) note(ws, 3, 'No stranded cost: no service keeps cost after its activity falls.');
}

function poolsSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.pools);
  const partners: string[] = [];
  for (const p of r.pools) for (const q of p.partners) if (!partners.includes(q.id)) partners.push(q.id);
  table(
    ws,
    [
      { header: 'Pool' },
      { header: 'Name' },
      { header: 'Host' },
      { header: 'Year' },
      money('Budget'),
      money('Spend'),
      money('Variance (+ overspend)'),
      money('Reserve used'),
      money('Underspends used'),
      money('Released for performance'),
      money('Overspend shared'),
      money('Underspend shared'),
      ...partners.flatMap((id) => [money(`${id} contribution`), { header: `${id} share of contributions (%)`, fmt: PERCENT }, money(`${id} share of variance (+ pays)`)]),
    ],
    r.pools.flatMap((p) =>
      r.years.map((y, t) => {
        const total = p.partners.reduce((acc, q) => acc + q.contribution[t]!, 0);
        return [
          p.id,
          p.name,
          p.host,
          y,
          num(p.budget[t]),
          num(p.spend[t]),
          num(p.variance[t]),
          num(p.reserveUsed[t]),
          num(p.underspendsUsed[t]),
          num(p.released[t]),
          num(p.overspendShared[t]),
          num(p.underspendShared[t]),
          ...partners.flatMap((id) => {
            const q = p.partners.find((x) => x.id === id);
            return q ? [num(q.contribution[t]), total ? num(q.contribution[t]! / total) : null, num(q.share[t])] : [null, null, null];
          }),
        ];
      }),
    ),
  );
  ws.getRow(1).height = 45;
  fitColumns(ws);
  if (!r.pools.length) note(ws, 3, 'No pooled budgets in this scenario.');
}

function envelopesSheet(wb: ExcelJS.Workbook, r: Results): void {
  const ws = sheet(wb, SHEETS.envelopes);
  table(
    ws,
    [
      { header: 'Envelope' },
      { header: 'Name' },
      { header: 'Provider' },
      { header: 'Commissioner' },
      { header: 'Year' },
      money('Envelope'),
      money('Provider cost'),
      money('Margin before settlement'),
      money('Settlement (+ to provider)'),
      money('Commissioner payment'),
      money('Final margin'),
      money('Tariff income (Payment by Results)'),
      money('Envelope − tariff income'),
      count('Need-weighted population (persons)'),
    ],
    r.envelopes.flatMap((e) =>
      r.years.map((y, t) => [
        e.id,
        e.name,
        e.provider,
        e.commissioner,
        y,
        num(e.envelope[t]),
        num(e.cost[t]),
        num(e.margin[t]),
        num(e.settlement[t]),
        num(e.payment[t]),
        num(e.finalMargin[t]),
        num(e.tariffIncome[t]),
        num(e.envelope[t]! - e.tariffIncome[t]!),
        num(e.weightedPopulation[t]),
      ]),
    ),
  );
  ws.getRow(1).height = 45;
  fitColumns(ws);
  if (!r.envelopes.length) note(ws, 3, 'No capitated envelopes in this scenario.');
}

function monteCarloSheet(wb: ExcelJS.Workbook, mc: MonteCarloSummary): void {
  const ws = sheet(wb, SHEETS.monteCarlo);
  const allMoney = mc.metrics.every((m) => (m.unit ?? '£') === '£');
  const stat = (h: string): Col => (allMoney ? money(h) : { header: `${h} (in the metric's unit)`, fmt: undefined });
  const rows = mc.metrics.map((m) => [m.name, m.label ?? '', m.unit ?? '£', m.year, num(m.mean), num(m.sd), num(m.p5), num(m.p10), num(m.p50), num(m.p90), num(m.p95)]);
  table(ws, [{ header: 'Metric' }, { header: 'Label' }, { header: 'Unit' }, { header: 'Year' }, stat('Mean'), stat('Standard deviation'), stat('5th percentile'), stat('10th percentile'), stat('Median'), stat('90th percentile'), stat('95th percentile')], rows);
  // Money metrics get the £ format row by row when units are mixed.
  if (!allMoney)
    mc.metrics.forEach((m, i) => {
      if ((m.unit ?? '£') === '£') for (let j = 5; j <= 11; j++) ws.getCell(i + 2, j).numFmt = GBP;
    });
  ws.getRow(1).height = 30;
  fitColumns(ws);
}

/** The analysed metric's value or probability cells: £ for money metrics. */
function metricCol(a: { unit: string }, header: string): Col {
  return a.unit === '£' ? money(header) : { header: `${header} (${a.unit})` };
}

function analysisSheets(wb: ExcelJS.Workbook, a: MetricAnalysis): void {
  const what = `${a.metricLabel}, ${a.year}: ${a.iterations} iterations, seed ${a.seed}`;
  const d = a.distribution;
  let ws = sheet(wb, SHEETS.scurve);
  let row = table(ws, [{ header: 'Cumulative probability', fmt: PERCENT }, metricCol(a, 'At or below')], d.curve.map((c) => [c.p, num(c.value)]));
  if (d.below.length) row = table(ws, [metricCol(a, 'Threshold'), { header: 'P(metric ≤ threshold)', fmt: PERCENT }], d.below.map((b) => [num(b.threshold), b.probability]), row + 1, false);
  note(ws, row + 1, `S-curve of ${what}. Percentiles interpolate between order statistics (type 7).`);
  fitColumns(ws);
  ws = sheet(wb, SHEETS.histogram);
  row = table(ws, [metricCol(a, 'From'), metricCol(a, 'To'), count('Iterations'), { header: 'Share', fmt: PERCENT }], d.histogram.map((b) => [num(b.from), num(b.to), b.count, b.share]));
  note(ws, row + 1, `Histogram of ${what}: equal-width bins, each [from, to), the last closed.`);
  fitColumns(ws);
  if (a.contributions.length) {
    ws = sheet(wb, SHEETS.contribution);
    row = table(ws, [{ header: 'Input' }, { header: 'Name' }, { header: 'Scenario path' }, { header: 'Rank correlation (Spearman)' }, { header: 'Share of variance', fmt: PERCENT }], a.contributions.map((c) => [c.label, c.input, c.path, c.rho, c.share]));
    note(ws, row + 1, `Contribution to the variance of ${what}: each input's squared rank correlation with the metric, divided by their sum (as @RISK does); exact for a monotone additive model of independent inputs, an approximation otherwise.`);
    fitColumns(ws);
  }
  if (a.stress.length) {
    ws = sheet(wb, SHEETS.stress);
    const stats = ['Mean', 'Median', '10th percentile', '90th percentile'];
    row = table(
      ws,
      [{ header: 'Input' }, { header: 'Name' }, { header: 'From percentile', fmt: PERCENT }, { header: 'To percentile', fmt: PERCENT }, { header: 'Input from' }, { header: 'Input to' }, count('Iterations'), ...stats.map((h) => metricCol(a, `${h}, stressed`)), ...stats.map((h) => metricCol(a, `${h}, whole run`))],
      a.stress.map((x) => [x.label, x.input, x.percentiles[0], x.percentiles[1], x.inputRange[0], x.inputRange[1], x.iterations, num(x.stressed.mean), num(x.stressed.p50), num(x.stressed.p10), num(x.stressed.p90), num(x.baseline.mean), num(x.baseline.p50), num(x.baseline.p10), num(x.baseline.p90)]),
    );
    note(ws, row + 1, `Stress analysis of ${what}: the metric over the iterations in which the input fell in the percentile range of its samples (by default its worst decile).`);
    ws.getRow(1).height = 30;
    fitColumns(ws);
  }
}

function tornadoSheet(wb: ExcelJS.Workbook, t: TornadoResult): void {
  const ws = sheet(wb, SHEETS.tornado);
  const at = (x: string) => metricCol(t, `${t.metricLabel}, ${t.year}, input at its ${x}`);
  const row = table(
    ws,
    [{ header: 'Input' }, { header: 'Name' }, { header: 'Scenario path' }, { header: 'Input p10 (a choice: the option giving the least)' }, { header: 'Input central' }, { header: 'Input p90 (a choice: the option giving the most)' }, at('p10'), at('p90'), metricCol(t, 'Swing')],
    // a choice's ends are options, by name (their indices are only their order in the file)
    t.bars.map((b) => [b.label, b.input, b.path, b.options?.low ?? b.low, b.options?.central ?? b.central, b.options?.high ?? b.high, num(b.atLow), num(b.atHigh), num(b.swing)]),
  );
  note(ws, row + 1, `Tornado: ${t.metricLabel} in ${t.year} with each input at its p10 and at its p90 (a choice among named options at the options giving the least and the most), the others at their central values (central: ${Math.round(t.central).toLocaleString('en-GB')}); largest swing first.`);
  fitColumns(ws);
}

function spiderSheet(wb: ExcelJS.Workbook, s: SpiderResult): void {
  const ws = sheet(wb, SHEETS.spider);
  let row = table(
    ws,
    [{ header: 'Input' }, { header: 'Name' }, { header: 'Scenario path' }, { header: 'Percentile', fmt: PERCENT }, { header: 'Input value' }, metricCol(s, `${s.metricLabel}, ${s.year}`)],
    s.lines.flatMap((l) => l.points.map((p) => [l.label, l.input, l.path, p.percentile, p.input, num(p.value)])),
  );
  note(ws, row + 1, `Spider: ${s.metricLabel} in ${s.year} with each input at its percentiles, the others at their central values (central: ${Math.round(s.central).toLocaleString('en-GB')}).`);
  if (s.choices.length) {
    row = table(
      ws,
      [{ header: 'Input' }, { header: 'Name' }, { header: 'Scenario path' }, { header: 'Probability', fmt: PERCENT }, { header: 'Option' }, metricCol(s, `${s.metricLabel}, ${s.year}`)],
      s.choices.flatMap((c) => c.options.map((o) => [c.label, c.input, c.path, o.probability, o.option, num(o.value)])),
      row + 3,
      false,
    );
    note(ws, row + 1, `A choice among named options has no percentiles (its options have no order): the metric with each option instead, the others at their central values (central option: ${s.choices.map((c) => `${c.label}, ${c.central}`).join('; ')}).`);
  }
  fitColumns(ws);
}

function assumptionsSheet(wb: ExcelJS.Workbook, r: Results, scenario: PreparedScenario | undefined): void {
  const ws = sheet(wb, SHEETS.assumptions, 1);
  const a = scenario ? assumptionsOf(scenario) : undefined;
  const seriesYears = r.years.slice(1);
  const params = a?.parameters ?? [];
  const hasSeries = params.some((p) => p.byYear);
  const isMoney = (unit: string) => /^(GBP|£)/i.test(unit);
  let row = table(
    ws,
    [
      { header: 'Parameter' },
      { header: 'Value (in its unit)' },
      { header: 'Unit' },
      { header: 'Source', wrap: true },
      { header: 'Note', wrap: true },
      ...(hasSeries ? seriesYears.map((y) => ({ header: `${y} (series)` })) : []),
    ],
    params.map((p) => [p.name, p.value, p.unit, p.source, p.byYear ? `a series: each year's value (right) is the change from the year before${p.note ? '; ' + p.note : ''}` : p.note, ...(hasSeries ? seriesYears.map((_, i) => (p.byYear ? num(p.byYear[i]?.value) : null)) : [])]),
    1,
  );
  params.forEach((p, i) => {
    const cell = ws.getCell(i + 2, 2);
    if (typeof cell.value === 'number') cell.numFmt = isMoney(p.unit) ? GBP_PENCE : 'General';
  });
  if (!a) {
    note(ws, 2, 'Parameters not listed: the workbook was built without the prepared scenario (pass options.scenario).');
    row = 3;
  }
  row++;
  sectionTitle(ws, row++, 'Data tables used');
  row = table(
    ws,
    [{ header: 'File' }, { header: 'Used by', at: 4, wrap: true }, { header: 'Source', at: 5, wrap: true }],
    (a?.tables ?? []).map((t) => [t.file, t.usedBy.join('; '), t.source || 'see data/README.md where the table is in data/']),
    row,
    false,
  );
  row++;
  sectionTitle(ws, row++, 'Other sources written in the scenario');
  const sources = a?.sources ?? [
    ...(r.calibration?.source ? [{ where: 'calibration', name: r.calibration.parameter, source: r.calibration.source }] : []),
    ...r.schemes.map((k) => ({ where: `schemes[${k.id}]`, name: k.name, source: k.source })),
  ];
  table(ws, [{ header: 'Where' }, { header: 'Name', at: 3, wrap: true }, { header: 'Source', at: 4, wrap: true }], sources.map((s) => [s.where, s.name, s.source]), row, false);
  fitColumns(ws, { 4: 80, 5: 40 });
  ws.getColumn(1).width = Math.min(ws.getColumn(1).width ?? 30, 45);
  ws.getColumn(2).width = Math.max(ws.getColumn(2).width ?? 0, 20);
  ws.getColumn(3).width = Math.min(Math.max(ws.getColumn(3).width ?? 0, 14), 40);
  ws.getRow(1).height = 45;
}
