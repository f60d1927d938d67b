/**
 * Bulk stock: goods that are not serialized and are sold by the unit from a quantity on hand
 * (chains cut to length, watch batteries, care products, boxes). A count that differs from the
 * quantity on hand is an adjustment a manager approves, never a silent overwrite.
 */
export const BULK_KINDS = ['chain', 'battery', 'care', 'packaging', 'findings', 'other'] as const;
export type BulkKind = (typeof BULK_KINDS)[number];

/** The adjustment a count makes: counted − on hand (negative: shrinkage). */
export function countAdjustment(onHand: number, counted: number): number {
  if (!Number.isSafeInteger(onHand) || onHand < 0 || !Number.isSafeInteger(counted) || counted < 0) throw new RangeError('quantities are whole units, 0 or more');
  return counted - onHand;
}
