/**
 * Pieces: one physical, serialized item. The rules here are what a jeweler would refuse on paper:
 * a fineness that is not hallmarkable for the metal, memo stock without a vendor and a due-back
 * date, a certificate without a report number.
 */
export const METALS = ['gold', 'platinum', 'palladium', 'silver'] as const;
export type Metal = (typeof METALS)[number];

/** Hallmarkable finenesses in parts per thousand (jewelry-domain.md §2.4): 10k=417, 14k=585, 18k=750, 22k=916, 24k=999, Pt950. */
export const FINENESS: Readonly<Record<Metal, readonly number[]>> = {
  gold: [333, 375, 417, 585, 750, 833, 916, 999],
  platinum: [850, 900, 950, 999],
  palladium: [500, 950],
  silver: [800, 925, 958, 999],
};

export const CATEGORIES = ['ring', 'earrings', 'pendant', 'necklace', 'bracelet', 'brooch', 'watch', 'cufflinks', 'other'] as const;
export const OWNERSHIPS = ['owned', 'memo', 'consignment'] as const;
export const METAL_COLOURS = ['yellow', 'white', 'rose', 'two-tone', 'black'] as const;
export const CLARITIES = ['FL', 'IF', 'VVS1', 'VVS2', 'VS1', 'VS2', 'SI1', 'SI2', 'I1', 'I2', 'I3'] as const;
export const LABS = ['GIA', 'IGI', 'HRD', 'AGS', 'GCAL', 'SSEF', 'Gubelin', 'AGL', 'other'] as const;

export type Category = (typeof CATEGORIES)[number];
export type Ownership = (typeof OWNERSHIPS)[number];

/** Karat of a gold fineness, for display: 750 → 18. */
export function karatOf(fineness: number): number {
  return Math.round((fineness * 24) / 1000);
}

export interface PieceFacts {
  metal: Metal;
  fineness: number;
  ownership: Ownership;
  memoVendor?: string | null;
  memoDueBack?: string | null;
}

export type PieceProblem = { field: string; reason: string };

export function pieceProblems(piece: PieceFacts): PieceProblem[] {
  const problems: PieceProblem[] = [];
  if (!FINENESS[piece.metal].includes(piece.fineness)) {
    problems.push({ field: 'fineness', reason: `${piece.fineness} is not a fineness for ${piece.metal}; allowed: ${FINENESS[piece.metal].join(', ')}` });
  }
  if (piece.ownership === 'memo' && (!piece.memoVendor || !piece.memoDueBack)) {
    problems.push({ field: 'memoVendor', reason: 'memo stock needs the vendor and the due-back date' });
  }
  return problems;
}
