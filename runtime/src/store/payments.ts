/**
 * SQL for card payments: one row per payment asked of the terminal, written before the terminal
 * is asked and moved through its states by the payments module (modules/payments/). Not tied to
 * carts: `purpose` and `purpose_ref` say what the money was for (a sale's cart today; service
 * payments, pickups and gold buying through the same tender desk later).
 */
import type { Db } from './db.ts';
import { nextCounter } from './audit-log.ts';

export type CardPaymentState = 'requested' | 'approved' | 'unknown' | 'declined' | 'cancelled' | 'captured' | 'reversed';

/** States in which the terminal may hold money that no sale has taken: each must end captured or reversed. */
export const OPEN_STATES: readonly CardPaymentState[] = ['requested', 'approved', 'unknown'];

export interface CardPayment {
  id: string;
  serviceId: string;
  /** Our nexo SaleTransactionID. */
  transactionId: string;
  purpose: 'sale';
  purposeRef: string;
  amountMinor: number;
  currency: string;
  state: CardPaymentState;
  requestedAt: string;
  staffId: string | null;
  terminalRef: string | null;
  /** The terminal's TimeStamp of its POITransactionID: a nexo reversal names both. */
  terminalAt: string | null;
  approvalCode: string | null;
  maskedPan: string | null;
  brand: string | null;
  approvedAt: string | null;
  settledRef: string | null;
  settledAt: string | null;
  note: string | null;
  /** Settled by the start-up recovery, not at the counter. */
  recovered: boolean;
}

const COLUMNS = `id, service_id AS serviceId, transaction_id AS transactionId, purpose, purpose_ref AS purposeRef, amount_minor AS amountMinor, currency, state, requested_at AS requestedAt,
  staff_id AS staffId, terminal_ref AS terminalRef, terminal_at AS terminalAt, approval_code AS approvalCode, masked_pan AS maskedPan, brand, approved_at AS approvedAt,
  settled_ref AS settledRef, settled_at AS settledAt, note, recovered`;

type Row = Omit<CardPayment, 'recovered'> & { recovered: number };
const fromRow = (row: Row): CardPayment => ({ ...row, recovered: row.recovered === 1 });

/** A nexo ServiceID for the next payment: at most 10 characters, never reused on this ledger. */
export function nextServiceId(db: Db): string {
  return `P${nextCounter(db, 'card_payment').toString(36).toUpperCase().padStart(9, '0')}`;
}

export function insertCardPayment(db: Db, payment: Pick<CardPayment, 'id' | 'serviceId' | 'transactionId' | 'purpose' | 'purposeRef' | 'amountMinor' | 'currency' | 'requestedAt' | 'staffId'>): void {
  db.prepare(
    `INSERT INTO card_payments (id, service_id, transaction_id, purpose, purpose_ref, amount_minor, currency, state, requested_at, staff_id)
     VALUES (@id, @serviceId, @transactionId, @purpose, @purposeRef, @amountMinor, @currency, 'requested', @requestedAt, @staffId)`,
  ).run(payment);
}

export function findCardPayment(db: Db, id: string): CardPayment | undefined {
  const row = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM card_payments WHERE id = ?`).get(id);
  return row ? fromRow(row) : undefined;
}

export function findCardPaymentByTerminalRef(db: Db, terminalRef: string): CardPayment | undefined {
  const row = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM card_payments WHERE terminal_ref = ?`).get(terminalRef);
  return row ? fromRow(row) : undefined;
}

/** Payments, newest first; `states` narrows them. */
export function listCardPayments(db: Db, states: readonly CardPaymentState[] | null, limit: number): CardPayment[] {
  const where = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
  return db
    .prepare<unknown[], Row>(`SELECT ${COLUMNS} FROM card_payments ${where} ORDER BY requested_at DESC, id DESC LIMIT ?`)
    .all(...(states ?? []), limit)
    .map(fromRow);
}

/** The terminal approved: who paid, how, and the terminal's own reference to reverse it by. */
export function markApproved(db: Db, id: string, approval: { terminalRef: string; terminalAt: string; approvalCode: string; maskedPan: string; brand: string; at: string }): void {
  db.prepare(
    `UPDATE card_payments SET state = 'approved', terminal_ref = @terminalRef, terminal_at = @terminalAt, approval_code = @approvalCode, masked_pan = @maskedPan, brand = @brand, approved_at = @at
     WHERE id = @id AND state IN ('requested', 'unknown')`,
  ).run({ id, ...approval });
}

/** A final state other than approved: declined, cancelled, unknown (kept open), reversed. */
export function markSettled(db: Db, id: string, state: Exclude<CardPaymentState, 'requested' | 'approved' | 'captured'>, at: string, note: string | null, recovered: boolean): void {
  db.prepare('UPDATE card_payments SET state = ?, settled_at = ?, note = ?, recovered = ? WHERE id = ?').run(state, at, note, recovered ? 1 : 0, id);
}

/** Inside a sale's completion: its approved card payments are taken by the receipt. Returns how many. */
export function capturePayments(db: Db, purposeRef: string, receiptNo: string, at: string): number {
  return db
    .prepare("UPDATE card_payments SET state = 'captured', settled_ref = ?, settled_at = ? WHERE purpose = 'sale' AND purpose_ref = ? AND state = 'approved'")
    .run(receiptNo, at, purposeRef).changes;
}
