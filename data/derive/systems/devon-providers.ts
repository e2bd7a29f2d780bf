/**
 * Who provides each Devon practice's care: its shares of hospital activity between the four acute
 * trusts and the rest (out-of-area trusts and the independent sector), its community-services
 * provider, its mental-health trust and who provides its adult social care.
 *
 * ASSUMPTIONS by geography (data/README.md, "Provider shares"): no public file in the reference
 * data gives a practice's or a PCN's activity by provider. The shares are round numbers set from
 * where each PCN's towns are and which hospital is nearest, kept in one table here and written to
 * data/devon/provider-shares.csv so that a finance lead can replace them with SUS figures.
 */
import type { CouncilId, DevonPractice } from './devon-practices.js';
import { NO_PCN } from './devon-practices.js';

/** The acute providers: the four Devon trusts and everyone else. */
export const ACUTE_PROVIDERS = ['rk9', 'rh8', 'rbz', 'ra9', 'other'] as const;
export type AcuteProvider = (typeof ACUTE_PROVIDERS)[number];
type AcuteShares = Readonly<Record<AcuteProvider, number>>;

/** The community-services providers (ASSUMPTION by NEW Devon CCG locality; 99Q's area is Torbay and South Devon NHS FT's). */
export const COMMUNITY_PROVIDERS = ['livewell', 'rh8', 'rbz', 'ra9'] as const;
export type CommunityProvider = (typeof COMMUNITY_PROVIDERS)[number];

const s = (rk9: number, rh8: number, rbz: number, ra9: number, other: number): AcuteShares => ({ rk9, rh8, rbz, ra9, other });

/** Plymouth's pattern, shared with the Plymouth fund: Derriford (University Hospitals Plymouth) for nearly everything. */
export const PLYMOUTH_ACUTE: AcuteShares = s(0.93, 0.01, 0, 0.01, 0.05);

/**
 * ASSUMPTION: each PCN's shares of its practices' hospital activity (A&E, admissions, outpatients),
 * with the reason, and its community provider by locality.
 */
export const PCN_PROVIDERS: Readonly<Record<string, { acute: AcuteShares; community: CommunityProvider; why: string }>> = {
  // Western locality: Plymouth and its hinterland, Derriford; Livewell Southwest's community services
  'BEACON MEDICAL GROUP PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plympton, Plymouth: Derriford' },
  'DRAKE MEDICAL ALLIANCE PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymouth: Derriford' },
  'MAYFLOWER PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymouth: Derriford' },
  'PATHFIELDS MEDICAL GROUP PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymouth: Derriford' },
  'SOUND PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymouth: Derriford' },
  'WATERSIDE HEALTH NETWORK PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymouth: Derriford' },
  'MEWSTONE PCN': { acute: PLYMOUTH_ACUTE, community: 'livewell', why: 'Plymstock and the Yealm: Derriford' },
  'WEST DEVON PCN': { acute: s(0.88, 0.05, 0, 0, 0.07), community: 'livewell', why: 'Tavistock and Yelverton: Derriford; some to Exeter and Cornwall' },
  // Northern locality: North Devon District Hospital, Barnstaple; Northern Devon Healthcare's community services
  'BARNSTAPLE ALLIANCE PCN': { acute: s(0, 0.03, 0.92, 0, 0.05), community: 'rbz', why: 'Barnstaple: North Devon District Hospital' },
  'NORTH DEVON COASTAL PCN': { acute: s(0, 0.04, 0.91, 0, 0.05), community: 'rbz', why: 'Ilfracombe, Braunton, Lynton, South Molton: NDDH' },
  'TORRIDGE PCN': { acute: s(0.01, 0.02, 0.92, 0, 0.05), community: 'rbz', why: 'Bideford, Northam, Torrington: NDDH' },
  'HOLSWORTHY, BUDE & SURROUNDING VILLAGES PCN': { acute: s(0.1, 0.02, 0.73, 0, 0.15), community: 'rbz', why: 'Holsworthy: NDDH, some to Derriford and Cornwall' },
  'MID DEVON HEALTHCARE PCN': { acute: s(0, 0.7, 0.25, 0, 0.05), community: 'rbz', why: 'Crediton, Chulmleigh, Witheridge, Bow: Exeter, the north to NDDH' },
  'NORTH DARTMOOR PCN': { acute: s(0.15, 0.7, 0.1, 0, 0.05), community: 'rbz', why: 'Okehampton, Chagford, Moretonhampstead: Exeter, some to Derriford and NDDH' },
  // Eastern locality: Royal Devon and Exeter; its community services
  'EXETER CITY PCN': { acute: s(0, 0.94, 0, 0.01, 0.05), community: 'rh8', why: 'Exeter: RD&E' },
  'EXETER WEST PCN': { acute: s(0, 0.94, 0, 0.01, 0.05), community: 'rh8', why: 'Exeter: RD&E' },
  'NEXUS (DEVON) PCN': { acute: s(0, 0.94, 0, 0.01, 0.05), community: 'rh8', why: 'Exeter: RD&E' },
  'OUTER EXETER PCN': { acute: s(0, 0.93, 0, 0.02, 0.05), community: 'rh8', why: 'Topsham, Pinhoe, Exminster, Cranbrook: RD&E' },
  'WEB PCN': { acute: s(0, 0.94, 0, 0, 0.06), community: 'rh8', why: 'Exmouth, Budleigh, Woodbury: RD&E' },
  'HONITON/OTTERY/SID VALLEY (HOSMS) PCN': { acute: s(0, 0.9, 0, 0, 0.1), community: 'rh8', why: 'Honiton, Ottery, Sidmouth: RD&E, some to Taunton' },
  'TASC PCN': { acute: s(0, 0.7, 0, 0, 0.3), community: 'rh8', why: 'Seaton, Axminster: RD&E, a part to Yeovil, Dorset and Taunton' },
  'CULM VALLEY PCN': { acute: s(0, 0.85, 0, 0, 0.15), community: 'rh8', why: 'Cullompton, Willand, Silverton: RD&E, some to Taunton' },
  'TIVERTON PCN': { acute: s(0, 0.85, 0.05, 0, 0.1), community: 'rh8', why: 'Tiverton: RD&E, some to Taunton and NDDH' },
  // South Devon and Torbay (99Q): Torbay Hospital; Torbay and South Devon NHS FT, an integrated care organisation
  'TORQUAY PCN': { acute: s(0.01, 0.02, 0, 0.93, 0.04), community: 'ra9', why: 'Torquay: Torbay Hospital' },
  'BAYWIDE PCN': { acute: s(0.01, 0.02, 0, 0.93, 0.04), community: 'ra9', why: 'Torquay, Paignton, Brixham: Torbay Hospital' },
  'BRIXHAM AND PAIGNTON PCN': { acute: s(0.01, 0.02, 0, 0.93, 0.04), community: 'ra9', why: 'Paignton, Brixham: Torbay Hospital' },
  'NEWTON WEST PCN': { acute: s(0, 0.15, 0, 0.8, 0.05), community: 'ra9', why: 'Newton Abbot, Kingskerswell, Bovey Tracey, Chudleigh: Torbay, the north to Exeter' },
  'TEMPLER CARE NETWORK PCN': { acute: s(0, 0.1, 0, 0.85, 0.05), community: 'ra9', why: 'Newton Abbot, Kingsteignton: Torbay' },
  'THE COASTAL NETWORK PCN': { acute: s(0, 0.45, 0, 0.5, 0.05), community: 'ra9', why: 'Dawlish to Exeter, Teignmouth to Torbay' },
  'SOUTH DARTMOOR AND TOTNES PCN': { acute: s(0.15, 0.05, 0, 0.75, 0.05), community: 'ra9', why: 'Totnes, Ashburton, Buckfastleigh, South Brent: Torbay, the west to Derriford' },
  'SOUTH HAMS PCN': { acute: s(0.35, 0, 0, 0.6, 0.05), community: 'ra9', why: 'Kingsbridge, Dartmouth: Torbay; Modbury to Derriford' },
};

/** A practice's providers: acute shares, community provider, mental-health trust, social-care provider. */
export interface PracticeProviders {
  acute: AcuteShares;
  community: CommunityProvider;
  /** Mental health: Livewell Southwest in Plymouth (seed 002), Devon Partnership NHS Trust elsewhere. */
  mentalHealth: 'livewell' | 'dpt';
  /** Adult social care: Torbay's is provided by Torbay and South Devon NHS FT; elsewhere independent providers. */
  socialCare: 'ra9' | 'independent';
  /** Reablement: Torbay and South Devon NHS FT in Torbay, Livewell Southwest in Plymouth (its ASC staff, seed 002), independent elsewhere. */
  reablement: 'ra9' | 'livewell' | 'independent';
}

/** Each practice's providers. The two practices of no known PCN take their council's list-weighted average shares. */
export function practiceProviders(practices: readonly DevonPractice[]): Map<string, PracticeProviders> {
  const councilAverage = (council: CouncilId): { acute: AcuteShares; community: CommunityProvider } => {
    const known = practices.filter((p) => p.council === council && p.area !== NO_PCN);
    const list = known.reduce((a, p) => a + p.registered, 0);
    // rounded to 0.001, the rounding left with other providers so that the shares sum to exactly 1
    const mean = (k: AcuteProvider) => Math.round((1000 * known.reduce((a, p) => a + p.registered * PCN_PROVIDERS[p.area]!.acute[k], 0)) / list) / 1000;
    const trusts = { rk9: mean('rk9'), rh8: mean('rh8'), rbz: mean('rbz'), ra9: mean('ra9') };
    const acute: AcuteShares = { ...trusts, other: Math.round(1000 * (1 - trusts.rk9 - trusts.rh8 - trusts.rbz - trusts.ra9)) / 1000 };
    // the council's most common community provider by list
    const byProvider = new Map<CommunityProvider, number>();
    for (const p of known) byProvider.set(PCN_PROVIDERS[p.area]!.community, (byProvider.get(PCN_PROVIDERS[p.area]!.community) ?? 0) + p.registered);
    const community = [...byProvider].sort((a, b) => b[1] - a[1])[0]![0];
    return { acute, community };
  };
  const out = new Map<string, PracticeProviders>();
  for (const p of practices) {
    const geo = p.area === NO_PCN ? councilAverage(p.council) : PCN_PROVIDERS[p.area];
    if (!geo) throw new Error(`no provider assumption for PCN '${p.area}'`);
    out.set(p.code, {
      acute: geo.acute,
      community: geo.community,
      mentalHealth: p.council === 'pcc' ? 'livewell' : 'dpt',
      socialCare: p.council === 'tc' ? 'ra9' : 'independent',
      reablement: p.council === 'tc' ? 'ra9' : p.council === 'pcc' ? 'livewell' : 'independent',
    });
  }
  return out;
}
