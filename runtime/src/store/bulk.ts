/** SQL for bulk stock (sold by quantity). Quantities change only by the functions here, each inside the caller's write. */
import type { BulkItem, BulkQuery, NewBulkItem } from '../wire/bulk.ts';
import type { Db } from './db.ts';

interface BulkRow {
  id: string;
  sku: string;
  barcode: string | null;
  description: string;
  kind: BulkItem['kind'];
  variant: string | null;
  metal: BulkItem['metal'];
  fineness: number | null;
  cost_minor: number;
  retail_minor: number;
  currency: string;
  location: string;
  quantity: number;
  updated_at: string;
}

function toItem(row: BulkRow): BulkItem {
  return {
    id: row.id,
    sku: row.sku,
    barcode: row.barcode,
    description: row.description,
    kind: row.kind,
    variant: row.variant,
    metal: row.metal,
    fineness: row.fineness,
    costMinor: row.cost_minor,
    retailMinor: row.retail_minor,
    currency: row.currency,
    location: row.location,
    quantity: row.quantity,
    updatedAt: row.updated_at,
  };
}

export function findBulkItem(db: Db, id: string): BulkItem | undefined {
  const row = db.prepare<[string], BulkRow>('SELECT * FROM bulk_items WHERE id = ?').get(id);
  return row && toItem(row);
}

/** The item a scanned or typed code names: item number (SKU) or barcode. */
export function findBulkByCode(db: Db, code: string): BulkItem | undefined {
  const row = db.prepare<[string, string], BulkRow>('SELECT * FROM bulk_items WHERE sku = ? OR barcode = ? LIMIT 1').get(code, code);
  return row && toItem(row);
}

export function searchBulk(db: Db, query: BulkQuery): BulkItem[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (query.q) {
    const like = `%${query.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push("(sku = ? OR barcode = ? OR description LIKE ? ESCAPE '\\' OR variant LIKE ? ESCAPE '\\')");
    params.push(query.q, query.q, like, like);
  }
  if (query.kind) {
    where.push('kind = ?');
    params.push(query.kind);
  }
  if (query.inStock) where.push('quantity > 0');
  const sql = `SELECT * FROM bulk_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY sku LIMIT ? OFFSET ?`;
  return db
    .prepare<(string | number)[], BulkRow>(sql)
    .all(...params, query.limit, query.offset)
    .map(toItem);
}

export function insertBulkItem(db: Db, id: string, item: NewBulkItem, extra: { currency: string; at: string }): void {
  db.prepare(
    `INSERT INTO bulk_items (id, sku, barcode, description, kind, variant, metal, fineness, cost_minor, retail_minor, currency, location, quantity, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    item.sku,
    item.barcode ?? null,
    item.description,
    item.kind,
    item.variant ?? null,
    item.metal ?? null,
    item.fineness ?? null,
    item.costMinor,
    item.retailMinor,
    extra.currency,
    item.location,
    item.quantity,
    extra.at,
    extra.at,
  );
}

/** Adds (positive) or takes (negative) units; false, and nothing changed, when fewer are on hand than are taken. */
export function changeBulkQuantity(db: Db, id: string, delta: number, at: string): boolean {
  return db.prepare('UPDATE bulk_items SET quantity = quantity + ?, updated_at = ? WHERE id = ? AND quantity + ? >= 0').run(delta, at, id, delta).changes === 1;
}
