/**
 * Which field needs which permission: the one table every answer goes through — API replies
 * (audit before/after snapshots and Form 8300 records included) and live socket messages alike.
 * A field is named by the last keys of its path (array positions skipped), so `costMinor` is every
 * cost wherever it sits and `history.returns.amountMinor` only that amount.
 *
 * Identity numbers (taxpayer ids, identity document numbers) are masked for everyone, keeping the
 * last four characters; a role that needs the full value reveals it with an audited action.
 */
import type { Permission } from './roles.ts';

interface FieldRule {
  /** The last keys of the field's path. */
  path: readonly string[];
  /** Shown only to a role holding this permission; else removed (`drop`) or set to null (`null`). */
  needs: Permission;
  hide: 'drop' | 'null';
}

export const FIELD_RULES: readonly FieldRule[] = [
  { path: ['costMinor'], needs: 'catalog.readCost', hide: 'drop' },
  // A below-cost price to approve (error details, override snapshots): its cost and the revenue against it.
  { path: ['approvals', 'cost'], needs: 'catalog.readCost', hide: 'drop' },
  { path: ['approvals', 'revenue'], needs: 'catalog.readCost', hide: 'drop' },
  { path: ['figures'], needs: 'client.figures', hide: 'null' },
  { path: ['lifetimeValueMinor'], needs: 'client.figures', hide: 'drop' },
  { path: ['rollingSpendMinor'], needs: 'client.figures', hide: 'drop' },
  { path: ['previousSpendMinor'], needs: 'client.figures', hide: 'drop' },
  { path: ['averageTicketMinor'], needs: 'client.figures', hide: 'drop' },
  { path: ['toNextTierMinor'], needs: 'client.figures', hide: 'drop' },
  { path: ['history', 'purchases', 'totalMinor'], needs: 'client.figures', hide: 'null' },
  { path: ['history', 'purchases', 'refundedMinor'], needs: 'client.figures', hide: 'null' },
  { path: ['history', 'returns', 'amountMinor'], needs: 'client.figures', hide: 'null' },
  { path: ['dateOfBirth'], needs: 'client.identify', hide: 'null' },
  { path: ['placeOfBirth'], needs: 'client.identify', hide: 'null' },
  { path: ['client', 'address'], needs: 'client.identify', hide: 'null' },
  { path: ['identity', 'address'], needs: 'client.identify', hide: 'null' },
];

/** Identity numbers: masked for everyone. */
export const MASKED_PATHS: readonly (readonly string[])[] = [['taxpayerId'], ['identityDocument', 'number'], ['document', 'number']];

const ends = (path: readonly string[], suffix: readonly string[]) => suffix.length <= path.length && suffix.every((key, i) => path[path.length - suffix.length + i] === key);

/** `123-45-6789` → `•••••••6789`: the length kept, all but the last four characters hidden. */
export function maskIdentityNumber(value: string): string {
  const keep = value.length > 4 ? 4 : 0;
  return '•'.repeat(value.length - keep) + value.slice(value.length - keep);
}

export interface Viewer {
  holds(permission: Permission): boolean;
  /** False only for the audited reveal of identity numbers. */
  masksIdentity: boolean;
}

/** A copy of `value` with every field the viewer may not see hidden and identity numbers masked. */
export function visibleTo<T>(value: T, viewer: Viewer): T {
  return walk(value, [], viewer) as T;
}

function walk(value: unknown, path: string[], viewer: Viewer): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, path, viewer));
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    const at = [...path, key];
    const rule = FIELD_RULES.find((candidate) => ends(at, candidate.path));
    if (rule && !viewer.holds(rule.needs)) {
      if (rule.hide === 'null') out[key] = null;
      continue;
    }
    if (viewer.masksIdentity && typeof field === 'string' && MASKED_PATHS.some((masked) => ends(at, masked))) out[key] = maskIdentityNumber(field);
    else out[key] = walk(field, at, viewer);
  }
  return out;
}
