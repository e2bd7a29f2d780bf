/**
 * The GP practices of NHS Devon CCG (15N) as NHS England's allocation files list them: the 138
 * practices of its two predecessors, Northern, Eastern and Western Devon (99P) and South Devon and
 * Torbay (99Q), on the 2018/19 registered-population basis, each with its primary care network,
 * its council and the providers serving it. Devon's places are these practices; Plymouth's fund
 * compares its resident population with the registered lists of Plymouth's practices.
 *
 * A practice's council is the 2022/23 practice file's UTLA21 where the practice is still there
 * (122 of the 138). The other 16, which have no PCN in the 2018/19 file either (they closed or
 * merged before the PCN lookup was attached), are placed by CLOSED_PRACTICES below: where a
 * public source or the registered lists show the practice that took its patients, that
 * practice's council and PCN; otherwise the place its name or address gives; two whose location
 * no source in reach gives go to their CCG's larger council (ASSUMPTION, data/README.md).
 */
import { loadPractices } from './registered-places.js';

/** The CCGs that merged into NHS Devon CCG on 1 April 2019. */
export const DEVON_PREDECESSOR_CCGS = ['99P', '99Q'] as const;

/** The three councils of the Devon ICB area: ONS code, revenue-outturn E-code, the id the models use, and the name in the 2022/23 file. */
export const DEVON_COUNCILS = [
  { code: 'E10000008', eCode: 'E1121', id: 'dcc', name: 'Devon County Council', utla: 'Devon' },
  { code: 'E06000026', eCode: 'E1101', id: 'pcc', name: 'Plymouth City Council', utla: 'Plymouth' },
  { code: 'E06000027', eCode: 'E1102', id: 'tc', name: 'Torbay Council', utla: 'Torbay' },
] as const;
export type CouncilId = (typeof DEVON_COUNCILS)[number]['id'];

/** A practice on the 2018/19 basis, placed. */
export interface DevonPractice {
  code: string;
  name: string;
  ccg: '99P' | '99Q';
  /** The PCN name on the 2018/19 file, or '' when it has none. */
  pcn: string;
  /** The roll-up it is reported in: its PCN, or for a practice with none, the PCN that took its patients (or NO_PCN). */
  area: string;
  council: CouncilId;
  /** How its council was found. */
  councilBasis: string;
  /** Local authority district (LAD21 code) on the 2022/23 file ('' for a closed practice). */
  district: string;
  registered: number;
  wpOverall: number;
  wpGA: number;
  /** NHS England's target including the remote-areas adjustment, £ (2019/20 allocation year). */
  target: number;
  targetExcRemote: number;
  /** Still on the 2022/23 file. */
  open2022: boolean;
}

/** The roll-up of the two closed practices whose location was not found. */
export const NO_PCN = 'NO PCN (CLOSED; LOCATION NOT FOUND)';

/**
 * The 16 practices of the 2018/19 file with no PCN and no row in the 2022/23 file. `area` is the
 * PCN (2018/19 spelling) of the practice that took their patients, or the nearest; `basis` says
 * how. "List growth" = the receiving practice's 2022/23 list exceeds its 2018/19 list grown at
 * the 15N average (11.1%) by about the closed practice's list.
 */
export const CLOSED_PRACTICES: Readonly<Record<string, { council: CouncilId; area: string; basis: string }>> = {
  L83061: { council: 'pcc', area: 'DRAKE MEDICAL ALLIANCE PCN', basis: 'Mannamead is a district of Plymouth; list growth at Lisson Grove, Wycliffe and Peverell Park (ASSUMPTION: area)' },
  L83065: { council: 'dcc', area: 'MID DEVON HEALTHCARE PCN', basis: 'list growth: New Valley Practice, Crediton, +6,502 above trend against Chiddenbrook\'s 7,157 (ASSUMPTION)' },
  L83074: { council: 'pcc', area: 'MAYFLOWER PCN', basis: 'Ocean Health, Plymouth, handed back its contract in 2017 (Pulse); Mayflower Medical Group runs five Plymouth surgeries (BBC, 2022); list growth at Ernesettle (Mayflower PCN) +25,369 above trend' },
  L83080: { council: 'pcc', area: 'PATHFIELDS MEDICAL GROUP PCN', basis: 'ASSUMPTION: a Plymouth practice; list growth at Pathfields +6,300 above trend' },
  L83107: { council: 'pcc', area: 'PATHFIELDS MEDICAL GROUP PCN', basis: 'Crownhill is a district of Plymouth; list growth at Pathfields (ASSUMPTION: area)' },
  L83117: { council: 'dcc', area: NO_PCN, basis: 'ASSUMPTION: location not found; its CCG\'s (99P) larger council' },
  L83125: { council: 'pcc', area: 'DRAKE MEDICAL ALLIANCE PCN', basis: 'Barton Surgery, Plymstock, closed in November 2019, its patients sent to Wycliffe and Friary House surgeries (Pulse; ITV)' },
  L83139: { council: 'dcc', area: 'BARNSTAPLE ALLIANCE PCN', basis: 'Boutport Street is in Barnstaple; list growth at Queen\'s Medical Centre, Barnstaple, +1,859 above trend (ASSUMPTION)' },
  L83144: { council: 'dcc', area: 'OUTER EXETER PCN', basis: 'ASSUMPTION: an Exeter practice; list growth at Pinhoe Surgery, Exeter, +982 above trend against its 775' },
  L83643: { council: 'pcc', area: 'MAYFLOWER PCN', basis: 'ASSUMPTION: list growth at Ernesettle (Mayflower) +25,369 ≈ Ocean Health 20,248 + Highlands 3,910 + Freedom 675' },
  L83644: { council: 'pcc', area: 'MAYFLOWER PCN', basis: 'ASSUMPTION: as Freedom Health Centre (list growth at Ernesettle)' },
  L83647: { council: 'dcc', area: 'HOLSWORTHY, BUDE & SURROUNDING VILLAGES PCN', basis: 'Hatherleigh is a town in Torridge; list growth at Ruby Country Medical Group, Holsworthy, +1,587 above trend (ASSUMPTION: area)' },
  L83022: { council: 'dcc', area: 'THE COASTAL NETWORK PCN', basis: 'Teignmouth is in Teignbridge; list growth at Channel View Surgery, Teignmouth, +8,305 above trend against its 9,473' },
  L83078: { council: 'tc', area: 'BRIXHAM AND PAIGNTON PCN', basis: 'St Lukes Medical Centre, New Road, Brixham (CQC); Mayfield Medical Centre took on its contract (BBC, 2023); list growth at Mayfield +5,842 above trend' },
  L83130: { council: 'tc', area: 'TORQUAY PCN', basis: 'Parkhill Medical Practice, Torquay, proposed to merge with Brunel Medical Practice (Practice Business, via Devon Live)' },
  L83145: { council: 'tc', area: NO_PCN, basis: 'ASSUMPTION: location not found; its CCG\'s (99Q) larger council by the lists placed' },
};

/** Devon's 138 practices on the 2018/19 basis, in the file's order, each with its council and roll-up. */
export function loadDevonPractices(dir: string): DevonPractice[] {
  const out: DevonPractice[] = loadPractices(dir, DEVON_PREDECESSOR_CCGS).map((p) => {
    const pcn = p.pcnName === 'NULL' ? '' : p.pcnName;
    let council: CouncilId;
    let councilBasis: string;
    let area = pcn;
    if (p.utlaName) {
      const c = DEVON_COUNCILS.find((x) => x.utla === p.utlaName);
      if (!c) throw new Error(`practice ${p.code}: UTLA21 '${p.utlaName}' is not a Devon council`);
      council = c.id;
      councilBasis = '2022/23 practice file, UTLA21';
      if (!pcn) throw new Error(`practice ${p.code} is open in 2022/23 but has no PCN on the 2018/19 file`);
    } else {
      const closed = CLOSED_PRACTICES[p.code];
      if (!closed) throw new Error(`practice ${p.code} is not in the 2022/23 file and not placed in CLOSED_PRACTICES`);
      if (pcn) throw new Error(`closed practice ${p.code} has a PCN (${pcn}) on the 2018/19 file`);
      council = closed.council;
      councilBasis = closed.basis;
      area = closed.area;
    }
    return {
      code: p.code, name: p.name, ccg: p.ccg as '99P' | '99Q', pcn, area, council, councilBasis, district: p.lad,
      registered: p.registered, wpOverall: p.weighted, wpGA: p.weightedGA, target: p.targetIncRemote, targetExcRemote: p.target,
      open2022: p.utlaName !== '',
    };
  });
  if (out.length !== 138) throw new Error(`expected 138 Devon practices on the 2018/19 basis, found ${out.length}`);
  const placedAreas = new Set(out.filter((p) => p.pcn).map((p) => p.pcn));
  for (const p of out) if (p.area !== NO_PCN && !placedAreas.has(p.area)) throw new Error(`practice ${p.code}: area '${p.area}' is not a PCN of the file`);
  return out;
}
