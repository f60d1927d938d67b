/** SQL for completed sales, parked sales and refunds. The priced sale document is kept whole beside the rows. */
import type { Db } from './db.ts';
import type { SaleCompleted } from '../wire/events/sales-events.ts';

export interface SaleRow {
  id: string;
  receiptNo: string;
  completedAt: string;
  staffId: string;
  document: string;
}

export interface SaleInsert {
  id: string;
  receiptNo: string;
  completedAt: string;
  staffId: string;
  approverId: string | null;
  currency: string;
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
  document: SaleCompleted;
  lines: { lineNo: number; pieceId: string | null; bulkItemId: string | null; description: string; quantity: number; unit: number; discount: number; tax: number }[];
  tenders: { tenderNo: number; kind: string; amount: number; currency: string; applied: number; rate: string | null; reference: string | null }[];
}

/**
 * The sale document of a `sales.document` column, as completion wrote it. The column is written
 * only by `insertSale`, from a `SaleCompleted`, so it is read back as one without checking again.
 */
export function readSaleDocument(text: string): SaleCompleted {
  return JSON.parse(text);
}

export function insertSale(db: Db, sale: SaleInsert): void {
  db.prepare(
    `INSERT INTO sales (id, receipt_no, completed_at, staff_id, approver_id, currency, subtotal_minor, discount_minor, tax_minor, total_minor, document)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(sale.id, sale.receiptNo, sale.completedAt, sale.staffId, sale.approverId, sale.currency, sale.subtotal, sale.discount, sale.tax, sale.total, JSON.stringify(sale.document));
  const line = db.prepare(
    'INSERT INTO sale_lines (sale_id, line_no, piece_id, bulk_item_id, description, quantity, unit_minor, discount_minor, tax_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const l of sale.lines) line.run(sale.id, l.lineNo, l.pieceId, l.bulkItemId, l.description, l.quantity, l.unit, l.discount, l.tax);
  const tender = db.prepare(
    'INSERT INTO sale_tenders (sale_id, tender_no, kind, amount_minor, currency, applied_minor, rate, reference) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const t of sale.tenders) tender.run(sale.id, t.tenderNo, t.kind, t.amount, t.currency, t.applied, t.rate, t.reference);
}

export function findSaleByReceipt(db: Db, receiptNo: string): SaleRow | undefined {
  return db
    .prepare<[string], SaleRow>('SELECT id, receipt_no AS receiptNo, completed_at AS completedAt, staff_id AS staffId, document FROM sales WHERE receipt_no = ?')
    .get(receiptNo);
}

export function refundRecords(db: Db, saleId: string): string[] {
  return db
    .prepare<[string], { record: string }>('SELECT record FROM refunds WHERE sale_id = ? ORDER BY refunded_at, refund_no')
    .all(saleId)
    .map((row) => row.record);
}

export function insertRefund(db: Db, refund: { id: string; refundNo: string; saleId: string; at: string; staffId: string; amount: number; record: string }): void {
  db.prepare('INSERT INTO refunds (id, refund_no, sale_id, refunded_at, staff_id, amount_minor, record) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    refund.id,
    refund.refundNo,
    refund.saleId,
    refund.at,
    refund.staffId,
    refund.amount,
    refund.record,
  );
}

export function insertParked(db: Db, parked: { id: string; at: string; staffId: string; label: string; cart: string }): void {
  db.prepare('INSERT INTO parked_sales (id, parked_at, staff_id, label, cart) VALUES (?, ?, ?, ?, ?)').run(parked.id, parked.at, parked.staffId, parked.label, parked.cart);
}

export function listParked(db: Db): { id: string; parkedAt: string; staffId: string; label: string }[] {
  return db.prepare('SELECT id, parked_at AS parkedAt, staff_id AS staffId, label FROM parked_sales ORDER BY parked_at').all() as {
    id: string;
    parkedAt: string;
    staffId: string;
    label: string;
  }[];
}

export function takeParked(db: Db, id: string): string | undefined {
  const row = db.prepare<[string], { cart: string }>('SELECT cart FROM parked_sales WHERE id = ?').get(id);
  if (row) db.prepare('DELETE FROM parked_sales WHERE id = ?').run(id);
  return row?.cart;
}

export function findSaleDocument(db: Db, saleId: string): { document: string; staffId: string } | undefined {
  return db.prepare<[string], { document: string; staffId: string }>('SELECT document, staff_id AS staffId FROM sales WHERE id = ?').get(saleId);
}

/** The latest sale of a piece still standing (not refunded since), if any. */
export function lastSaleOfPiece(db: Db, pieceId: string): { receiptNo: string; completedAt: string; document: string } | undefined {
  return db
    .prepare<[string], { receiptNo: string; completedAt: string; document: string }>(
      `SELECT s.receipt_no AS receiptNo, s.completed_at AS completedAt, s.document FROM sales s JOIN sale_lines l ON l.sale_id = s.id
       WHERE l.piece_id = ? ORDER BY s.completed_at DESC LIMIT 1`,
    )
    .get(pieceId);
}
