/**
 * The results workbook, read back with exceljs and compared cell by cell with
 * the JSON results (to the penny): organisation positions, the gap, the
 * waterfall, pool shares, envelopes, Monte Carlo percentiles; £ formats on
 * every money cell, frozen headers, years as text, and an assumptions sheet
 * that lists every parameter with a source.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import ExcelJS from 'exceljs';
import { loadScenario, project, resultsWorkbook, simulate, type PreparedScenario, type Results, type SimulationResult } from '../../src/index.js';
import { toJson } from '../../src/results/export.js';
import { SHEETS } from '../../src/results/xlsx.js';
import { model } from '../helpers.js';

type Row = Record<string, ExcelJS.CellValue>;

async function read(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}

/** The table whose header is on `headerRow`, as objects keyed by header, up to the first empty row. */
function rowsOf(ws: ExcelJS.Worksheet, headerRow = 1): Row[] {
  const head = ws.getRow(headerRow);
  const names: string[] = [];
  head.eachCell((c, col) => (names[col] = String(c.value)));
  const out: Row[] = [];
  for (let i = headerRow + 1; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    if (!row.hasValues) break;
    const o: Row = {};
    names.forEach((n, col) => n !== undefined && (o[n] = row.getCell(col).value));
    out.push(o);
  }
  return out;
}

/** The row number of the first cell in column A with this text. */
function findRow(ws: ExcelJS.Worksheet, text: string): number {
  for (let i = 1; i <= ws.rowCount; i++) if (ws.getCell(i, 1).value === text) return i;
  throw new Error(`'${text}' not found on ${ws.name}`);
}

/** A table header cell (bold on a grey fill). */
function isHeader(cell: ExcelJS.Cell): boolean {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return !!cell.font?.bold && fill?.type === 'pattern' && fill.fgColor?.argb === 'FFE6E6E6';
}

const PENNY = 0.005;
function penny(cell: ExcelJS.CellValue, expected: number | undefined): void {
  expect(typeof cell).toBe('number');
  expect(Math.abs((cell as number) - expected!)).toBeLessThan(PENNY);
}

let pooledScenario: PreparedScenario;
let pooled: Results;
let pooledJson: ReturnType<typeof toJson>;
let pooledBook: ExcelJS.Workbook;
let capitated: Results;
let capitatedBook: ExcelJS.Workbook;
let sim: SimulationResult;
let uncertainBook: ExcelJS.Workbook;

beforeAll(async () => {
  pooledScenario = loadScenario(model('harrogate-pooled-budget.yaml'));
  pooled = project(pooledScenario);
  // Compare with the JSON document a run writes, as a finance lead would.
  pooledJson = JSON.parse(JSON.stringify(toJson(pooled)));
  const capScenario = loadScenario(model('harrogate-capitated.yaml'));
  capitated = project(capScenario);
  const uncertain = loadScenario(model('harrogate-integrated-care-uncertain.yaml'));
  sim = await simulate(uncertain, { iterations: 200, seed: 7, workers: 1 });
  const [a, b, c] = await Promise.all([
    resultsWorkbook(pooled, { scenario: pooledScenario }),
    resultsWorkbook(capitated, { scenario: capScenario }),
    resultsWorkbook(project(uncertain), { scenario: uncertain, monteCarlo: sim }),
  ]);
  [pooledBook, capitatedBook, uncertainBook] = await Promise.all([read(a), read(b), read(c)]);
}, 30_000);

describe('sheets and layout', () => {
  it('has the sheets in order, Monte Carlo only when given', () => {
    const names = pooledBook.worksheets.map((w) => w.name);
    expect(names).toEqual([SHEETS.summary, SHEETS.reconciliation, SHEETS.places, SHEETS.positions, SHEETS.activity, SHEETS.capacity, SHEETS.waterfall, SHEETS.schemes, SHEETS.appraisal, SHEETS.stranded, SHEETS.pools, SHEETS.envelopes, SHEETS.assumptions]);
    expect(uncertainBook.worksheets.map((w) => w.name)).toContain(SHEETS.monteCarlo);
  });

  it("says the appraisal's discount rate once, as a percentage (it also said 'Discount rate 0.035 a year')", () => {
    const notes: string[] = [];
    pooledBook.getWorksheet(SHEETS.appraisal)!.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === 'string' && /Discount rate|Discounted at/.test(cell.value) && notes.push(cell.value))));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^Discounted at 3\.5% a year \(HM Treasury Green Book\)/);
  });

  it('freezes the header row of every sheet', () => {
    for (const ws of [...pooledBook.worksheets, ...uncertainBook.worksheets]) {
      const v = ws.views[0] as { state?: string; ySplit?: number } | undefined;
      expect(v?.state, ws.name).toBe('frozen');
      expect(v?.ySplit, ws.name).toBe(1);
    }
  });

  it('stores money as numbers with £ formats under headers that say (£)', () => {
    let checked = 0;
    for (const ws of [...pooledBook.worksheets, ...capitatedBook.worksheets, ...uncertainBook.worksheets]) {
      // Every header row on the sheet (tables below sections too): cells whose header ends "(£)".
      ws.eachRow((row, r) => {
        row.eachCell((cell, col) => {
          if (typeof cell.value !== 'string' || !/\(£\)$/.test(cell.value) || !isHeader(cell)) return;
          for (let i = r + 1; i <= ws.rowCount; i++) {
            const below = ws.getCell(i, col);
            if (below.value === null || below.value === undefined) break;
            expect(typeof below.value, `${ws.name}!${below.address}`).toBe('number');
            expect(below.numFmt, `${ws.name}!${below.address}`).toMatch(/^"£"#,##0(\.00)?;-"£"#,##0/);
            checked++;
          }
        });
      });
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('states the price base on every sheet with money, so a sheet copied on its own still says it', async () => {
    const real = project(pooledScenario, undefined, { prices: { real: '2017/18' } });
    const realBook = await read(await resultsWorkbook(real, { scenario: pooledScenario }));
    const books: [ExcelJS.Workbook, string][] = [
      [pooledBook, pooled.priceBase],
      [capitatedBook, capitated.priceBase],
      [uncertainBook, pooled.priceBase],
      [realBook, real.priceBase],
    ];
    expect(real.priceBase).toMatch(/^real terms at 2017\/18 prices/);
    let checked = 0;
    for (const [wb, base] of books) {
      for (const ws of wb.worksheets) {
        if (ws.name === SHEETS.assumptions) continue; // each parameter is in its own unit and price year
        const texts: string[] = [];
        let money = false;
        ws.eachRow((row) => row.eachCell((c) => (typeof c.value === 'number' && c.numFmt?.includes('£') ? (money = true) : typeof c.value === 'string' && texts.push(c.value))));
        if (!money) continue;
        expect(texts.some((t) => t.includes(base)), `${ws.name} states '${base}'`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });

  it('names the calibration’s scope in words, as the CLI and report do, not by its id', () => {
    const ws = pooledBook.getWorksheet(SHEETS.reconciliation)!;
    expect(String(ws.getCell(1, 1).value)).toMatch(/^To the calibration target, 2020\/21: do-nothing gap of local health economy \(NHS\) \(cash;/);
    const summary: string[] = [];
    pooledBook.getWorksheet(SHEETS.summary)!.eachRow((row) => row.eachCell((c) => typeof c.value === 'string' && summary.push(c.value)));
    for (const book of [pooledBook, capitatedBook]) book.worksheets.forEach((w) => w.eachRow((row) => row.eachCell((c) => expect(String(c.value ?? ''), `${w.name}!${c.address}`).not.toMatch(/\bsector:/))));
    expect(summary).toContain("'otherSpendResidual' fitted so the do-nothing gap of local health economy (NHS) in 2020/21 hits its published value, to within £1,000 (see 'Reconciliation')");
  });

  it('writes financial years as text', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.positions)!);
    expect(rows.length).toBe(pooled.organisations.length * pooled.years.length);
    for (const r of rows) expect(r.Year).toMatch(/^\d{4}\/\d{2}$/);
    expect(rows[0]!.Year).toBe('2017/18');
  });

  it('is the same bytes whenever it is made: every zip entry carries the fixed date, not the clock', async () => {
    // a minute apart, so the clock's two-second resolution in a zip cannot hide the difference
    const at = async (iso: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(iso));
      try {
        return await resultsWorkbook(pooled, { scenario: pooledScenario });
      } finally {
        vi.useRealTimers();
      }
    };
    const a = await at('2026-03-01T09:00:00Z');
    const b = await at('2026-03-01T09:01:00Z');
    expect(b.equals(a)).toBe(true);
    expect((await read(a)).worksheets.length).toBeGreaterThan(5);
  });
  it('sets column widths', () => {
    const ws = pooledBook.getWorksheet(SHEETS.positions)!;
    expect(ws.getColumn(2).width).toBeGreaterThan(20);
  });
});

describe('figures match the JSON results to the penny', () => {
  it('every organisation position by year, with do-nothing positions and the flows', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.positions)!);
    for (const o of pooledJson.organisations) {
      pooledJson.years.forEach((y, t) => {
        const row = rows.find((r) => r.Organisation === o.id && r.Year === y)!;
        expect(row, `${o.id} ${y}`).toBeDefined();
        penny(row['Position (£)'], o.position[t]);
        penny(row['Do-nothing position (£)'], o.doNothingPosition[t]);
        penny(row['Funding (£)'], o.funding[t]);
        penny(row['Income (£)'], o.income[t]);
        penny(row['Payments (£)'], o.payments[t]);
        penny(row['Cost (£)'], o.cost[t]);
        penny(row['Investment (£)'], o.investment[t]);
      });
    }
    // and the per-year view of the JSON agrees
    for (const b of pooledJson.byYear as { year: string; positions: Record<string, number> }[])
      for (const [id, v] of Object.entries(b.positions)) penny(rows.find((r) => r.Organisation === id && r.Year === b.year)!['Position (£)'], v);
  });

  it('the gap by year on the Summary, and the calibration', () => {
    const ws = pooledBook.getWorksheet(SHEETS.summary)!;
    const rows = rowsOf(ws, findRow(ws, 'System by year') + 1);
    expect(rows.map((r) => r.Year)).toEqual(pooledJson.years);
    rows.forEach((r, t) => {
      penny(r['Gap (£)'], pooledJson.system.gap[t]);
      penny(r['Do-nothing gap (£)'], pooledJson.system.doNothingGap[t]);
      penny(r['Funding (£)'], pooledJson.system.funding[t]);
      penny(r['Cost (£)'], pooledJson.system.cost[t]);
    });
    const fitted = ws.getCell(findRow(ws, 'Fitted value'), 2).value;
    expect(fitted).toBe(pooled.calibration!.fitted);
    expect(ws.getCell(findRow(ws, 'Target year'), 2).value).toBe('2020/21');
    // the calibration year's waterfall ends at the gap
    const wf = rowsOf(ws, findRow(ws, 'Gap-closure waterfall, 2020/21') + 1);
    penny(wf[0]!['Amount (£)'], pooledJson.system.doNothingGap[3]);
    penny(wf.at(-1)!['Amount (£)'], pooledJson.system.gap[3]);
  });

  it('the waterfall for every year adds up to the residual gap', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.waterfall)!);
    expect(rows.length).toBe(pooled.years.length);
    rows.forEach((r, t) => {
      penny(r['Do-nothing gap (£)'], pooledJson.system.doNothingGap[t]);
      penny(r['Residual gap (£)'], pooledJson.system.gap[t]);
      for (const k of pooledJson.schemes) penny(r[`${k.name} (£)`], k.effect[t]);
      expect(Math.abs(r['Check: residual − do-nothing − steps (£)'] as number)).toBeLessThan(PENNY);
    });
  });

  it('each pool partner’s contribution and share by year', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.pools)!);
    const pool = pooledJson.pools[0]!;
    expect(pool.partners.length).toBeGreaterThan(1);
    pooledJson.years.forEach((y, t) => {
      const row = rows.find((r) => r.Pool === pool.id && r.Year === y)!;
      penny(row['Budget (£)'], pool.budget[t]);
      penny(row['Variance (+ overspend) (£)'], pool.variance[t]);
      for (const p of pool.partners) {
        penny(row[`${p.id} contribution (£)`], p.contribution[t]);
        penny(row[`${p.id} share of variance (+ pays) (£)`], p.share[t]);
      }
    });
  });

  it('each scheme’s effect on every organisation', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.schemes)!);
    for (const k of pooledJson.schemes)
      pooledJson.years.forEach((y, t) => {
        const row = rows.find((r) => r.Scheme === k.id && r.Year === y)!;
        penny(row['Effect on system cost (£)'], k.effect[t]);
        for (const o of pooledJson.organisations) penny(row[`Change in ${o.id} position (£)`], k.byOrganisation[o.id]![t]);
      });
  });

  it('activity by service and year, with unit and setting', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.activity)!);
    for (const s of pooled.services) {
      const mine = rows.filter((r) => r.Service === s.id);
      expect(mine.length).toBe(pooled.years.length);
      expect(mine[0]!.Unit).toBe(s.unit);
      expect(mine[0]!.Setting).toBe(s.setting);
      mine.forEach((r, t) => {
        expect(r['Activity after schemes (units)']).toBeCloseTo(s.activity[t]!, 6);
        penny(r['Cost after schemes (£)'], s.cost[t]);
      });
    }
  });

  it('envelopes: envelope, cost, settlement, final margin and tariff income', () => {
    const rows = rowsOf(capitatedBook.getWorksheet(SHEETS.envelopes)!);
    const e = capitated.envelopes[0]!;
    capitated.years.forEach((y, t) => {
      const row = rows.find((r) => r.Envelope === e.id && r.Year === y)!;
      penny(row['Envelope (£)'], e.envelope[t]);
      penny(row['Provider cost (£)'], e.cost[t]);
      penny(row['Settlement (+ to provider) (£)'], e.settlement[t]);
      penny(row['Final margin (£)'], e.finalMargin[t]);
      penny(row['Tariff income (Payment by Results) (£)'], e.tariffIncome[t]);
    });
  });

  it('Monte Carlo percentiles by metric and year', () => {
    const rows = rowsOf(uncertainBook.getWorksheet(SHEETS.monteCarlo)!);
    const gap = sim.metrics.find((x) => x.id === 'gap')!;
    expect(rows.length).toBe(sim.metrics.length * sim.years.length);
    for (const y of gap.byYear) {
      const row = rows.find((r) => r.Metric === 'gap' && r.Year === y.year)!;
      penny(row['5th percentile (£)'], y.p5);
      penny(row['Median (£)'], y.p50);
      penny(row['95th percentile (£)'], y.p95);
      penny(row['Mean (£)'], y.mean);
    }
  });
});

describe('assumptions and sources', () => {
  it('lists every named parameter with its value and a source; the residual at its fitted value', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.assumptions)!);
    expect(rows.length).toBe(pooledScenario.model.parameters.size);
    for (const r of rows) expect(String(r.Source ?? '').length, String(r.Parameter)).toBeGreaterThan(5);
    const ndg = rows.find((r) => r.Parameter === 'otherSpendResidual')!;
    expect(ndg['Value (in its unit)']).toBe(pooled.calibration!.fitted);
    expect(ndg.Unit).toBe('fraction a year');
    expect(String(ndg.Note)).toMatch(/fitted by calibration/);
    const unitCost = rows.find((r) => r.Parameter === 'unit_cost_ae_attendance')!;
    expect(unitCost['Value (in its unit)']).toBe(223.5);
  });

  it('shows a series parameter by year', () => {
    const rows = rowsOf(pooledBook.getWorksheet(SHEETS.assumptions)!);
    const cii = rows.find((r) => r.Parameter === 'cii')!;
    expect(cii['Value (in its unit)']).toBeNull();
    expect(cii['2018/19 (series)']).toBeCloseTo(0.016, 12);
    expect(cii['2022/23 (series)']).toBeCloseTo(0.0732, 12);
    expect(cii['2030/31 (series)']).toBeCloseTo(0.02, 12);
  });

  it('lists the data tables used and the other sources', () => {
    const ws = pooledBook.getWorksheet(SHEETS.assumptions)!;
    const tables = rowsOf(ws, findRow(ws, 'Data tables used') + 1);
    const files = tables.map((t) => String(t.File));
    for (const f of ['population.csv', 'parameters.csv', 'activity-rates.csv', 'length-of-stay.csv']) expect(files.some((x) => x.endsWith(`data/harrogate/${f}`)), f).toBe(true);
    const other = rowsOf(ws, findRow(ws, 'Other sources written in the scenario') + 1);
    expect(other.some((r) => r.Where === 'calibration')).toBe(true);
    expect(other.some((r) => r.Where === 'pools[integrated-care-fund]')).toBe(true);
    expect(other.some((r) => r.Where === 'schemes[avoidable-admissions]')).toBe(true);
  });
});
