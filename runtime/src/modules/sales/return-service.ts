/**
 * Returns against the original receipt: which lines can still go back, and the refund itself —
 * decided inside the ledger transaction from the sale and every earlier refund of it, so a line is
 * never refunded twice, not even by two tills at once. The pieces, and units of bulk stock, go back into stock.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import { decideExchange, decideReturn, returnableLines, type OriginalSale, type Refund, type RefundRecord, type ReturnableLine, type ReturnRequestLine } from '../../domain/returns.ts';
import type { SaleCompleted } from '../../wire/events/sales-events.ts';
import type { Settings } from '../../config/settings-schema.ts';
import { nextCounter } from '../../store/audit-log.ts';
import type { Db } from '../../store/db.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { EventDraft } from '../../store/outbox.ts';
import type { Money } from '../../domain/money.ts';
import { findSaleByReceipt, insertRefund, readSaleDocument, refundRecords } from '../../store/sales.ts';
import { movePiece } from '../../store/pieces.ts';
import { changeBulkQuantity } from '../../store/bulk.ts';
import { issueStoredValue } from '../../store/stored-value.ts';
import { enqueuePrintJob } from '../../store/print-jobs.ts';
import { requestDrawer } from '../../store/drawer-jobs.ts';
import { refundSlip } from '../receipts/slip-content.ts';
import { insertMovement, openTillSession } from '../../store/till.ts';
import type { ClientSales } from '../clients/client-sales.ts';

export interface ReturnServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  settings: Settings;
  /** Points reversed and the tier recomputed for the sale's client, in the refund's transaction. */
  clients: ClientSales;
}

export class ReturnService {
  readonly #ctx: ReturnServiceContext;

  constructor(ctx: ReturnServiceContext) {
    this.#ctx = ctx;
  }

  /** The sale behind a receipt, and for each line what could still be returned and for how much. */
  lookup(receiptNo: string): { sale: SaleCompleted; returnable: ReturnableLine[] } {
    const db = this.#ctx.ledger.db;
    const sale = readSale(db, receiptNo);
    return { sale, returnable: returnableLines(original(sale), previous(db, sale.saleId), this.#policy(), this.#ctx.now()) };
  }

  refund(receiptNo: string, request: ReturnRequestLine[], actor: Actor): { refundNo: string; refund: Refund } {
    const sale = readSale(this.#ctx.ledger.db, receiptNo);
    const done = this.#ctx.ledger.write({ action: 'sale.refunded', actor, target: `sale:${sale.saleId}` }, (db) => {
      const decision = decideReturn(original(sale), previous(db, sale.saleId), request, this.#policy(), this.#ctx.now());
      if (!decision.ok) throw refused(decision);
      const { refundNo, event, clientEvents } = this.recordRefund(db, sale, decision.refund, actor);
      if (decision.refund.tenders.some((tender) => tender.refundAs === 'cash')) requestDrawer(db, actor, { id: `refund:${refundNo}`, why: `refund ${refundNo}`, at: this.#ctx.now().toISOString() });
      return { result: { refundNo, refund: decision.refund }, after: event.payload, events: [event, ...clientEvents] };
    }).result;
    return done;
  }

  /**
   * An exchange's return, decided against the new sale's total: what the returned lines are worth
   * as credit towards it (`exchangeCredit`), the rest going back to the original tenders. Read only;
   * the refund itself is recorded by the new sale's completion, in its transaction.
   */
  exchange(db: Db, receiptNo: string, request: ReturnRequestLine[], newTotal: Money): { sale: SaleCompleted; refund: Refund } {
    const sale = readSale(db, receiptNo);
    const decision = decideExchange(original(sale), previous(db, sale.saleId), request, this.#policy(), this.#ctx.now(), newTotal);
    if (!decision.ok) throw refused(decision);
    return { sale, refund: decision.refund };
  }

  /** Writes a decided refund inside the caller's transaction: the refund, its till movements, the pieces back in stock, its slip queued for the printer, and what it does to the client. */
  recordRefund(db: Db, sale: SaleCompleted, refund: Refund, actor: Actor): { refundNo: string; event: EventDraft; clientEvents: EventDraft[] } {
    const till = openTillSession(db);
    if (!till) throw new LoupeError('LOUPE_E_CASH_TILL_CLOSED');
    const { store, device } = this.#ctx.settings;
    const refundNo = `${store.id}-${device.number}-R${String(nextCounter(db, 'refund')).padStart(6, '0')}`;
    const at = this.#ctx.now().toISOString();
    const record: RefundRecord = { lines: refund.lines.map(({ lineId, quantity }) => ({ lineId, quantity })), tenders: refund.tenders.map(({ tenderId, amount }) => ({ tenderId, amount })), rounding: refund.rounding };
    const refundId = this.#ctx.newId();
    insertRefund(db, { id: refundId, refundNo, saleId: sale.saleId, at, staffId: actor.staff?.staffId ?? '', amount: refund.amount, record: JSON.stringify(record) });
    for (const tender of refund.tenders) {
      insertMovement(db, { id: this.#ctx.newId(), sessionId: till.id, at, staffId: actor.staff?.staffId ?? null, kind: 'refund', tender: tender.refundAs, currency: sale.currency, amount: -tender.amount, reason: null, reference: refundNo });
    }
    for (const line of refund.lines) {
      const sold = sale.lines.find((candidate) => candidate.lineId === line.lineId);
      if (sold?.bulkItemId) changeBulkQuantity(db, sold.bulkItemId, line.quantity, at);
      else if (sold?.pieceId && !movePiece(db, sold.pieceId, 'return', at)) throw new LoupeError('LOUPE_E_PIECE_MOVE_REFUSED', { pieceId: sold.pieceId, move: 'return' });
    }
    // What goes back as store credit (credit notes, gift cards, trade-ins paid with) is one new credit note.
    const credit = refund.tenders.filter((tender) => tender.refundAs === 'store_credit').reduce((sum, tender) => sum + tender.amount, 0);
    const creditNote = credit > 0 ? issueStoredValue(db, { kind: 'store_credit', currency: sale.currency, amount: credit, at, reference: refundNo }) : null;
    const slip = refundSlip(refund, sale, refundNo, at, this.#ctx.settings, actor.staff?.name ?? '', creditNote);
    enqueuePrintJob(db, { id: refundNo, kind: 'refund', refundId, page: JSON.stringify(slip), at });
    const payload = { refundNo, receiptNo: sale.receiptNo, creditNote, ...refund, lines: [...refund.lines], tenders: [...refund.tenders] };
    const clientEvents = this.#ctx.clients.refunded(db, sale.saleId, refund, at, this.#ctx.now());
    return { refundNo, event: { stream: 'sales', type: 'sale.refunded', schemaVersion: 1, businessKey: `refund:${refundNo}`, payload }, clientEvents };
  }

  #policy() {
    return { windowDays: this.#ctx.settings.selling.returnWindowDays, cashIncrement: this.#ctx.settings.selling.cashIncrement };
  }
}

function refused(decision: { reason: string; lineId: string | null }): LoupeError {
  return new LoupeError('LOUPE_E_SALE_RETURN_REFUSED', { reason: decision.reason, lineId: decision.lineId }, `That return cannot be taken (${decision.reason}).`);
}

function readSale(db: Db, receiptNo: string): SaleCompleted {
  const row = findSaleByReceipt(db, receiptNo);
  if (!row) throw new LoupeError('LOUPE_E_SALE_RECEIPT_NOT_FOUND', { receiptNo });
  return readSaleDocument(row.document);
}

function previous(db: Db, saleId: string): RefundRecord[] {
  return refundRecords(db, saleId).map((record) => JSON.parse(record) as RefundRecord);
}

function original(sale: SaleCompleted): OriginalSale {
  return {
    saleId: sale.saleId,
    currency: sale.currency,
    soldAt: sale.completedAt,
    lines: sale.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity, total: line.totalMinor, tax: line.taxMinor, finalSale: line.finalSale === true })),
    tenders: sale.tenders.map((tender) => ({ tenderId: tender.tenderId, kind: tender.kind, applied: tender.appliedMinor })),
  };
}
