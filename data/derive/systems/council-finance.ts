/**
 * Councils' published adult social care, £, from DLUHC RSX 2021-22 (RS 2017-18 is base-year.ts's
 * `ascNet2017`), so that each system can say how close its modelled social-care lines come to what
 * its councils reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { num, parseCsv } from '../table.js';

const RSX_2021_22 = 'council-finance/mhclg_rsx_2021_22_revenue_outturn_service_summary_by_LA.csv';

/**
 * RSX 2021-22, adult social care (row 360): total expenditure (C3) and net current expenditure
 * (C7), £, for an ONS code. The file has title rows above its table; its column codes (C1R190 …)
 * sit on the row that begins with six empty cells, and its values carry thousands separators.
 */
export function ascRsx2021(dir: string, onsCode: string): { total: number; net: number } {
  const text = readFileSync(path.join(dir, RSX_2021_22), 'utf8');
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.startsWith(',,,,,,C1R190'));
  if (at < 0) throw new Error('RSX 2021-22: no column-code row');
  const rows = parseCsv(['ecode,ons,la,notes,class,dclass' + lines[at]!.slice(5), ...lines.slice(at + 1)].join('\n'));
  const r = rows.find((x) => x['ons'] === onsCode);
  if (!r) throw new Error(`RSX 2021-22: no ${onsCode}`);
  const value = (code: string) => num((r[code] ?? '').replace(/,/g, ''), `RSX ${code}`) * 1000;
  return { total: value('C3R360'), net: value('C7R360') };
}
