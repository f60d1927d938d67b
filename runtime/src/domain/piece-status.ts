/**
 * A piece's life: one status at a time, and only the moves a jeweler would make on paper. Every
 * status change in the ledger names the move (`PieceMove`); the move decides which statuses it may
 * start from and where it leads. A move from anywhere else is refused, so a piece on memo out
 * cannot be "returned" into stock by a sales return, and a sold piece cannot be reserved.
 */
export const PIECE_STATUSES = [
  'in_stock', // in the store, sellable
  'reserved', // held for a client (pick-up, HQ reservation)
  'on_layaway', // paid in part, kept in the back
  'sold',
  'in_repair', // at the bench or sent out for service
  'memo_out', // lent to a client or another dealer on approval
  'in_transit', // sent to another store, not yet received
  'transferred', // received by the other store: no longer this store's
  'memo_returned', // vendor's memo goods sent back to the vendor
  'missing', // not found in a count
] as const;
export type PieceStatus = (typeof PIECE_STATUSES)[number];

/** The statuses in which a piece is physically in the store (a sweep expects to see it). */
export const ON_HAND: ReadonlySet<PieceStatus> = new Set(['in_stock', 'reserved', 'on_layaway']);

/** Away for a reason the store knows: a count lists these apart, never as missing. */
export const AWAY: ReadonlySet<PieceStatus> = new Set(['in_repair', 'memo_out', 'in_transit']);

export const PIECE_MOVES = {
  sell: { from: ['in_stock', 'reserved', 'on_layaway', 'memo_out'], to: 'sold' },
  return: { from: ['sold'], to: 'in_stock' },
  reserve: { from: ['in_stock'], to: 'reserved' },
  release: { from: ['reserved'], to: 'in_stock' },
  layaway: { from: ['in_stock', 'reserved'], to: 'on_layaway' },
  cancelLayaway: { from: ['on_layaway'], to: 'in_stock' },
  toRepair: { from: ['in_stock'], to: 'in_repair' },
  fromRepair: { from: ['in_repair'], to: 'in_stock' },
  memoOut: { from: ['in_stock'], to: 'memo_out' },
  memoIn: { from: ['memo_out'], to: 'in_stock' },
  transferOut: { from: ['in_stock'], to: 'in_transit' },
  transferDelivered: { from: ['in_transit'], to: 'transferred' },
  transferCancelled: { from: ['in_transit'], to: 'in_stock' },
  transferIn: { from: ['transferred', 'in_transit'], to: 'in_stock' },
  returnToVendor: { from: ['in_stock', 'reserved'], to: 'memo_returned' },
  receiveAgain: { from: ['memo_returned'], to: 'in_stock' },
  markMissing: { from: ['in_stock', 'reserved', 'on_layaway', 'in_repair', 'memo_out'], to: 'missing' },
  markFound: { from: ['missing'], to: 'in_stock' },
} as const satisfies Record<string, { from: readonly PieceStatus[]; to: PieceStatus }>;
export type PieceMove = keyof typeof PIECE_MOVES;

/**
 * The moves a manager may make as a stock correction (an adjustment, after a count): never a sale,
 * a return, a reservation, a layaway or a transfer, which each have their own record elsewhere.
 */
export const CORRECTION_MOVES = ['toRepair', 'fromRepair', 'memoIn', 'receiveAgain', 'markMissing', 'markFound'] as const satisfies readonly PieceMove[];
export type CorrectionMove = (typeof CORRECTION_MOVES)[number];

/** Where `move` leads from `from`, or null when the move is not allowed from that status. */
export function nextStatus(from: PieceStatus, move: PieceMove): PieceStatus | null {
  const rule = PIECE_MOVES[move];
  return (rule.from as readonly PieceStatus[]).includes(from) ? rule.to : null;
}
