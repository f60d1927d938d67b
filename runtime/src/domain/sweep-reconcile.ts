/**
 * Sweep reconciliation: what a count of a store, a showcase or a tray says, from the tags a
 * handheld saw and the catalog as it stands when the count ends.
 *
 * - found: expected here and seen;
 * - missing: in stock here, tagged, expected when the sweep began, and not seen;
 * - away: known to be elsewhere for a reason (repair, memo out, in transit) or held in the back
 *   (reserved, layaway) and not seen: listed apart, never missing;
 * - untagged: in stock here but without a tag; RFID cannot find them, someone must look;
 * - changed: pieces that moved while the sweep was open (sold, sent, received): neither missing
 *   nor unexpected, because the count saw the case before or after the move;
 * - unexpected: seen but not expected here, with the reason.
 * Accuracy = found / (found + missing), in basis points, per location and overall.
 */
import { AWAY, ON_HAND, type PieceStatus } from './piece-status.ts';

/** A piece as a count sees it. */
export interface CountedPiece {
  pieceId: string;
  stockNo: string;
  description: string;
  epc: string | null;
  status: PieceStatus;
  location: string;
}

/** One EPC of a sweep, its reads merged over every reader that saw it. */
export interface SeenTag {
  epc: string;
  reads: number;
  firstSeen: number;
  lastSeen: number;
  bestRssi: number | null;
  readers: string[];
}

export const UNEXPECTED_REASONS = [
  'sold',
  'in_repair',
  'memo_out',
  'in_transit',
  'other_store', // transferred to another store
  'returned_to_vendor',
  'marked_missing', // a piece marked missing has turned up
  'other_location', // in stock, but recorded in a location outside the sweep
  'retired_tag', // a tag replaced when its piece was re-tagged
  'unknown_epc', // a Loupe piece tag of this chain that no piece here carries (another store's?)
  'foreign_tag', // not a Loupe piece tag of this chain: another company's SGTIN, a factory EPC
] as const;
export type UnexpectedReason = (typeof UNEXPECTED_REASONS)[number];

/** A piece in a reconciliation's lists: as the catalog had it when the sweep ended. */
export type PieceLine = CountedPiece;

export interface UnexpectedTag {
  epc: string;
  reason: UnexpectedReason;
  piece: PieceLine | null;
  reads: number;
  bestRssi: number | null;
  readers: string[];
}

export interface LocationAccuracy {
  location: string;
  expected: number;
  found: number;
  /** found / expected in basis points (9950 = 99.50 %), null when nothing was expected. */
  accuracyBp: number | null;
}

export interface Reconciliation {
  found: PieceLine[];
  missing: PieceLine[];
  away: PieceLine[];
  untagged: PieceLine[];
  changed: PieceLine[];
  unexpected: UnexpectedTag[];
  /** Reads of tags a recount was not looking for. */
  ignoredTags: number;
  byLocation: LocationAccuracy[];
  overall: LocationAccuracy;
}

export interface ReconcileInput {
  /** Location path the sweep covers ("Case 3", "Case 3 / Tray B"); null: the whole store. */
  scope: string | null;
  /** Pieces expected when the sweep began (`expectedAt`). */
  expectedAtStart: ReadonlySet<string>;
  /** The catalog when the sweep ends: every piece, with its current status and location. */
  pieces: readonly CountedPiece[];
  /** EPCs retired by re-tagging, to the piece that carried them. */
  retired: ReadonlyMap<string, string>;
  seen: readonly SeenTag[];
  /** Whether an EPC is a Loupe piece tag of this chain (drivers' `decodePieceTag` with the chain's prefixes). */
  isChainTag: (epc: string) => boolean;
  /** A recount: only these pieces are looked for; every other tag is ignored. */
  only?: ReadonlySet<string>;
}

/** A location path's parts: "Case 3 / Tray B" → ["case 3", "tray b"]. */
function pathOf(location: string): string[] {
  return location
    .split('/')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part.length > 0);
}

/** Whether `location` lies within `scope` (null: the whole store). "Case 1" holds "Case 1 / Tray A", not "Case 10". */
export function withinScope(location: string, scope: string | null): boolean {
  if (scope === null) return true;
  const want = pathOf(scope);
  const have = pathOf(location);
  return want.length <= have.length && want.every((part, index) => have[index] === part);
}

/** The pieces a sweep of `scope` expects to see when it begins. */
export function expectedPieces(pieces: readonly CountedPiece[], scope: string | null): CountedPiece[] {
  return pieces.filter((piece) => ON_HAND.has(piece.status) && withinScope(piece.location, scope));
}

/** found / expected in basis points, rounded down; null when nothing was expected. */
export function accuracyBp(found: number, expected: number): number | null {
  return expected === 0 ? null : Math.floor((found * 10_000) / expected);
}

const STATUS_REASON: Partial<Record<PieceStatus, UnexpectedReason>> = {
  sold: 'sold',
  in_repair: 'in_repair',
  memo_out: 'memo_out',
  in_transit: 'in_transit',
  transferred: 'other_store',
  memo_returned: 'returned_to_vendor',
  missing: 'marked_missing',
};

export function reconcile(input: ReconcileInput): Reconciliation {
  const { scope, expectedAtStart, only } = input;
  const byEpc = new Map<string, CountedPiece>();
  for (const piece of input.pieces) if (piece.epc) byEpc.set(piece.epc, piece);
  const pieceById = (id: string) => input.pieces.find((piece) => piece.pieceId === id) ?? null;
  const here = (piece: CountedPiece) => ON_HAND.has(piece.status) && withinScope(piece.location, scope);
  const result: Reconciliation = { found: [], missing: [], away: [], untagged: [], changed: [], unexpected: [], ignoredTags: 0, byLocation: [], overall: { location: scope ?? '', expected: 0, found: 0, accuracyBp: null } };
  const seenPieces = new Set<string>();

  for (const tag of input.seen) {
    const piece = byEpc.get(tag.epc);
    if (only && !(piece && only.has(piece.pieceId))) {
      result.ignoredTags += 1;
      continue;
    }
    const unexpected = (reason: UnexpectedReason, about: CountedPiece | null) =>
      result.unexpected.push({ epc: tag.epc, reason, piece: about, reads: tag.reads, bestRssi: tag.bestRssi, readers: tag.readers });
    if (!piece) {
      const retiredFrom = input.retired.get(tag.epc);
      if (retiredFrom) unexpected('retired_tag', pieceById(retiredFrom));
      else unexpected(input.isChainTag(tag.epc) ? 'unknown_epc' : 'foreign_tag', null);
      continue;
    }
    seenPieces.add(piece.pieceId);
    if (here(piece)) result.found.push(piece);
    else if (expectedAtStart.has(piece.pieceId)) result.changed.push(piece);
    else unexpected(STATUS_REASON[piece.status] ?? 'other_location', piece);
  }

  for (const piece of input.pieces) {
    if (seenPieces.has(piece.pieceId) || (only && !only.has(piece.pieceId))) continue;
    const wasExpected = expectedAtStart.has(piece.pieceId);
    if (!here(piece)) {
      if (wasExpected) result.changed.push(piece);
      else if (AWAY.has(piece.status) && withinScope(piece.location, scope)) result.away.push(piece);
      continue;
    }
    if (piece.status !== 'in_stock') result.away.push(piece); // reserved or on layaway: held in the back
    else if (!piece.epc) result.untagged.push(piece);
    else if (wasExpected) result.missing.push(piece);
    else result.changed.push(piece); // came into stock here during the sweep
  }

  const tally = new Map<string, { expected: number; found: number }>();
  const count = (piece: PieceLine, found: boolean) => {
    const entry = tally.get(piece.location) ?? { expected: 0, found: 0 };
    entry.expected += 1;
    if (found) entry.found += 1;
    tally.set(piece.location, entry);
  };
  for (const piece of result.found) count(piece, true);
  for (const piece of result.missing) count(piece, false);
  result.byLocation = [...tally]
    .map(([location, { expected, found }]) => ({ location, expected, found, accuracyBp: accuracyBp(found, expected) }))
    .sort((a, b) => a.location.localeCompare(b.location));
  const expected = result.found.length + result.missing.length;
  result.overall = { location: scope ?? '', expected, found: result.found.length, accuracyBp: accuracyBp(result.found.length, expected) };
  return result;
}
