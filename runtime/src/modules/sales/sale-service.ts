/**
 * Selling: ring pieces up, discount them within the clerk's limit (beyond it with a manager's
 * approval), take split tenders, and complete the sale in ONE ledger transaction that marks each
 * piece sold only if it is still in stock — so two tills, or two taps, can never sell it twice.
 * Parking, resuming and voiding are audited commands too; an open cart itself is not committed.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor, StaffRef } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { priceCart, type Discount, type PricedCart, type TaxRules } from '../../domain/cart-pricing.ts';
import type { RateQuote } from '../../domain/money.ts';
import { settleTenders, type Settlement, type TenderKind } from '../../domain/tenders.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Role } from '../../domain/roles.ts';
import { nextCounter } from '../../store/audit-log.ts';
import type { Db, Ledger } from '../../store/ledger.ts';
import { listReservations } from '../../store/hq-documents.ts';
import { findPieceByCode, movePiece } from '../../store/pieces.ts';
import { insertParked, insertSale, listParked, takeParked } from '../../store/sales.ts';
import { insertMovement, openTillSession } from '../../store/till.ts';
import { CartBook, type CartItem, type OpenCart } from './cart-book.ts';
import type { ReturnService } from './return-service.ts';
import type { PaymentTerminal } from '../../../../drivers/index.ts';
import type { EventBus } from '../../event-bus.ts';
import { enqueuePrintJob } from '../../store/print-jobs.ts';
import { attachSaleToClient, findClient } from '../../store/clients.ts';
import type { ClientSales } from '../clients/client-sales.ts';

export interface SaleServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  settings: Settings;
  /** The HQ exchange rate for cash in `currency`, in store currency per unit; null when HQ sent none. */
  rateFor: (currency: string) => RateQuote | null;
  terminal: PaymentTerminal;
  bus: EventBus;
  returns: ReturnService;
  /** Large cash, loyalty points and tiers of the client the sale is for. */
  clients: ClientSales;
}

/** A cart as the counter sees it: what is in it, what it costs, what has been paid. */
export interface CartView {
  cart: OpenCart;
  priced: PricedCart;
  settlement: Settlement;
}

/** The permission a discount above the clerk's limit needs; a manager may approve it on the spot. */
export const DISCOUNT_OVERRIDE = 'sale.discountOverride' as const;

export class SaleService {
  readonly #ctx: SaleServiceContext;
  readonly #carts = new CartBook();

  constructor(ctx: SaleServiceContext) {
    this.#ctx = ctx;
  }

  open(actor: Actor): CartView {
    const cart = this.#carts.open({
      id: this.#ctx.newId(),
      staffId: staffOf(actor).staffId,
      openedAt: this.#ctx.now().toISOString(),
      items: [],
      cartDiscount: null,
      approver: null,
      tenders: [],
      pendingCard: null,
      exchange: null,
    });
    return this.view(cart.id);
  }

  view(cartId: string): CartView {
    const cart = this.#carts.get(cartId);
    const priced = this.#price(cart, null).cart;
    const settled = settleTenders({ minor: priced.total, currency: priced.currency }, cart.tenders, { cashIncrement: this.#ctx.settings.selling.cashIncrement });
    if (!settled.ok) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: settled.reason, tenderId: settled.tenderId });
    return { cart, priced, settlement: settled.settlement };
  }

  /**
   * Adds the piece a scan or a typed code names: stock no., barcode, EPC or certificate no. A piece
   * reserved for a client is sold only with `approver` (a manager, or one's approval): the clerk
   * confirms it is going to the client it is held for, and the receipt's audit entry names both.
   */
  addPiece(cartId: string, code: string, approver: StaffRef | null = null): CartView {
    const cart = this.#unpaid(cartId);
    const piece = findPieceByCode(this.#ctx.ledger.db, code);
    if (!piece) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { code });
    if (piece.status === 'reserved' && !approver) {
      const held = listReservations(this.#ctx.ledger.db).find((reservation) => reservation.pieceId === piece.id && reservation.state === 'held');
      throw new LoupeError('LOUPE_E_SALE_PIECE_RESERVED', { stockNo: piece.stockNo, customerRef: held?.customerRef ?? null, holdUntil: held?.holdUntil ?? null });
    }
    if (piece.status !== 'in_stock' && piece.status !== 'reserved') throw new LoupeError('LOUPE_E_SALE_PIECE_UNAVAILABLE', { stockNo: piece.stockNo, status: piece.status });
    if (cart.items.some((item) => item.pieceId === piece.id) || this.#carts.holding(piece.id, cartId)) {
      throw new LoupeError('LOUPE_E_SALE_PIECE_IN_ANOTHER_SALE', { stockNo: piece.stockNo });
    }
    const description = [piece.description, piece.karat ? `${piece.karat}k ${piece.metal}` : `${piece.metal} ${piece.fineness}`].join(', ');
    cart.items.push({
      lineId: this.#ctx.newId(),
      pieceId: piece.id,
      stockNo: piece.stockNo,
      description,
      facts: {
        metal: piece.metal,
        fineness: piece.fineness,
        karat: piece.karat,
        metalWeightUg: piece.metalWeightUg,
        stones: piece.stones.map(({ certificate: _certificate, ...stone }) => stone),
        certificates: piece.stones.flatMap((stone) => (stone.certificate ? [stone.certificate] : [])),
      },
      unitPrice: piece.retailMinor,
      unitCost: piece.costMinor ?? 0,
      taxCategory: this.#ctx.settings.selling.taxClassOf[piece.category] ?? 'standard',
      discount: null,
      soldFrom: piece.status,
    });
    if (piece.status === 'reserved') cart.approver ??= approver;
    return this.view(cartId);
  }

  removeLine(cartId: string, lineId: string): CartView {
    const cart = this.#unpaid(cartId);
    const index = cart.items.findIndex((item) => item.lineId === lineId);
    if (index < 0) throw new LoupeError('LOUPE_E_SALE_LINE_NOT_FOUND', { lineId });
    cart.items.splice(index, 1);
    return this.view(cartId);
  }

  /**
   * Sets a line discount (lineId) or the cart discount (lineId null). Above the clerk's limit, or
   * below cost, it needs `approver`: without one it is refused with LOUPE_E_AUTH_APPROVAL_REQUIRED.
   */
  discount(cartId: string, lineId: string | null, discount: Discount | null, role: Role, approver: StaffRef | null): CartView {
    const cart = this.#unpaid(cartId);
    const item = lineId === null ? null : cart.items.find((candidate) => candidate.lineId === lineId);
    if (lineId !== null && !item) throw new LoupeError('LOUPE_E_SALE_LINE_NOT_FOUND', { lineId });
    const trial: OpenCart = {
      ...cart,
      cartDiscount: lineId === null ? discount : cart.cartDiscount,
      items: cart.items.map((entry) => (entry.lineId === lineId ? { ...entry, discount } : entry)),
    };
    const { cart: priced } = this.#price(trial, role);
    if (priced.approvals.length > 0 && !approver) {
      throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: DISCOUNT_OVERRIDE, approvals: priced.approvals as unknown as Json });
    }
    cart.cartDiscount = trial.cartDiscount;
    cart.items = trial.items;
    if (priced.approvals.length > 0) cart.approver = approver;
    return this.view(cartId);
  }

  /** Takes a payment. Foreign cash is converted at HQ's rate; a card can never pay more than is due. */
  tender(cartId: string, offer: { kind: TenderKind; amountMinor: number; currency: string; reference?: string | undefined }): CartView {
    const cart = this.#carts.get(cartId);
    const store = this.#ctx.settings.store.currency;
    const rate = offer.currency === store ? null : this.#ctx.rateFor(offer.currency);
    const tender = { tenderId: this.#ctx.newId(), kind: offer.kind, amount: { minor: offer.amountMinor, currency: offer.currency }, rate, reference: offer.reference ?? null, terminalTransactionId: null };
    const priced = this.view(cartId).priced;
    const settled = settleTenders({ minor: priced.total, currency: store }, [...cart.tenders, tender], { cashIncrement: this.#ctx.settings.selling.cashIncrement });
    if (!settled.ok) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: settled.reason }, `That payment cannot be taken (${settled.reason}).`);
    // Clients: large cash judged with the client's related cash; points only from the client's balance.
    const { db } = this.#ctx.ledger;
    if (offer.kind === 'cash') this.#ctx.clients.cash.check(db, cart.clientId ?? null, settled.settlement.tenders, this.#ctx.now());
    if (offer.kind === 'loyalty') this.#ctx.clients.checkPoints(db, cart.clientId ?? null, settled.settlement.tenders, this.#ctx.now());
    cart.tenders.push(tender);
    return this.view(cartId);
  }

  /**
   * Pays by card on the terminal. Approved: the card tender is added with brand, last digits and
   * approval code. Declined, cancelled or unknown: a coded refusal, and the sale stays as it was.
   */
  async payByCard(cartId: string, amountMinor: number): Promise<CartView> {
    const cart = this.#carts.get(cartId);
    const currency = this.#ctx.settings.store.currency;
    const remaining = this.view(cartId).settlement.remaining;
    if (amountMinor > remaining) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'tender.card_overpay' }, 'That payment cannot be taken (tender.card_overpay).');
    const transactionId = `${cart.id}.${cart.tenders.length + 1}`;
    cart.pendingCard = transactionId;
    const outcome = await this.#ctx.terminal.authorize({ transactionId, amountMinor, currency }).finally(() => {
      cart.pendingCard = null;
    });
    if (outcome.result === 'declined') throw new LoupeError('LOUPE_E_SALE_CARD_DECLINED', { reason: outcome.reason });
    if (outcome.result === 'cancelled') throw new LoupeError('LOUPE_E_SALE_CARD_CANCELLED');
    if (outcome.result === 'unknown') throw new LoupeError('LOUPE_E_SALE_CARD_UNKNOWN', { reason: outcome.reason });
    cart.tenders.push({
      tenderId: this.#ctx.newId(),
      kind: 'card',
      amount: { minor: amountMinor, currency },
      rate: null,
      reference: `${outcome.brand} ${outcome.maskedPan.slice(-4)} ${outcome.approvalCode}`,
      terminalTransactionId: outcome.terminalTransactionId,
    });
    return this.view(cartId);
  }

  /**
   * Says who the sale is for (null: nobody). Any time before completion, since large cash may
   * only show that a client is needed once paid; not once points of the client have been tendered.
   */
  attachClient(cartId: string, clientId: string | null): CartView {
    const cart = this.#carts.get(cartId);
    if (cart.tenders.some((tender) => tender.kind === 'loyalty')) {
      throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'sale.points_tendered' }, 'The client’s points pay part of this sale: remove the sale’s payments to change the client.');
    }
    const client = clientId === null ? null : findClient(this.#ctx.ledger.db, clientId);
    if (clientId !== null && (!client || client.state !== 'active')) throw new LoupeError('LOUPE_E_CLIENT_NOT_FOUND', { clientId, mergedInto: client?.mergedInto ?? null });
    cart.clientId = clientId;
    return this.view(cartId);
  }

  /** Asks the terminal to abort the card payment in progress on this sale, if there is one. */
  async cancelCard(cartId: string): Promise<void> {
    const pending = this.#carts.get(cartId).pendingCard;
    if (pending) await this.#ctx.terminal.cancel(pending);
  }

  /**
   * Takes pieces of an earlier sale back against this one: their value becomes the first tender
   * (store credit), any value beyond this sale's total goes back to the original tenders. Nothing
   * is committed until the sale completes; the return and the new sale then commit together.
   * Scan the new pieces first: the sale cannot change once a tender is on it.
   */
  exchange(cartId: string, receiptNo: string, lines: { lineId: string; quantity: number }[]): CartView {
    const cart = this.#unpaid(cartId);
    if (cart.items.length === 0) throw new LoupeError('LOUPE_E_SALE_EMPTY');
    const { priced } = this.view(cartId);
    const { refund } = this.#ctx.returns.exchange(this.#ctx.ledger.db, receiptNo, lines, { minor: priced.total, currency: priced.currency });
    cart.exchange = { receiptNo, lines, credit: refund.exchangeCredit };
    cart.tenders.push({ tenderId: this.#ctx.newId(), kind: 'store_credit', amount: { minor: refund.exchangeCredit, currency: priced.currency }, rate: null, reference: `exchange ${receiptNo}`, terminalTransactionId: null });
    return this.view(cartId);
  }

  /** Completes a fully paid sale: receipt number, pieces sold, audit entry and HQ event, in one transaction. */
  complete(cartId: string, actor: Actor): { receiptNo: string; saleId: string; view: CartView } {
    const view = this.view(cartId);
    const { cart, priced, settlement } = view;
    if (cart.items.length === 0) throw new LoupeError('LOUPE_E_SALE_EMPTY');
    if (settlement.remaining > 0 || settlement.tenders.length === 0) throw new LoupeError('LOUPE_E_SALE_NOT_PAID', { remainingMinor: settlement.remaining });
    const saleId = this.#ctx.newId();
    const { store, device } = this.#ctx.settings;
    const withApprover: Actor = { staff: actor.staff, approver: actor.approver ?? cart.approver };
    const committed = this.#ctx.ledger.write({ action: 'sale.completed', actor: withApprover, target: `sale:${saleId}` }, (db) => {
      const at = this.#ctx.now().toISOString();
      const till = openTillSession(db);
      if (!till) throw new LoupeError('LOUPE_E_CASH_TILL_CLOSED');
      for (const item of cart.items) {
        if (!movePiece(db, item.pieceId, 'sell', at, soldFrom(item))) {
          const status = findPieceByCode(db, item.stockNo)?.status ?? 'gone';
          throw new LoupeError('LOUPE_E_SALE_PIECE_UNAVAILABLE', { stockNo: item.stockNo, status });
        }
      }
      const receiptNo = `${store.id}-${device.number}-${String(nextCounter(db, 'receipt')).padStart(6, '0')}`;
      const exchanged = cart.exchange ? this.#recordExchange(db, cart.exchange, priced, actor) : null;
      const document = { ...saleDocument(saleId, receiptNo, at, cart, priced, settlement), exchange: exchanged ? { receiptNo: cart.exchange?.receiptNo ?? '', refundNo: exchanged.refundNo } : null, clientId: cart.clientId ?? null };
      insertSale(db, {
        id: saleId,
        receiptNo,
        completedAt: at,
        staffId: cart.staffId,
        approverId: withApprover.approver?.staffId ?? null,
        currency: priced.currency,
        subtotal: priced.subtotal,
        discount: priced.discount,
        tax: priced.tax,
        total: priced.total,
        document: JSON.stringify(document),
        lines: priced.lines.map((line, index) => {
          const item = cart.items[index]!;
          return { lineNo: index + 1, pieceId: item.pieceId, description: item.description, quantity: line.quantity, unit: item.unitPrice, discount: line.discount, tax: line.tax };
        }),
        tenders: settlement.tenders.map((applied, index) => ({
          tenderNo: index + 1,
          kind: applied.kind,
          amount: applied.tendered.minor,
          currency: applied.tendered.currency,
          applied: applied.applied,
          rate: applied.rate?.rate ?? null,
          reference: cart.tenders[index]?.reference ?? null,
        })),
      });
      for (const tender of settlement.tenders) {
        const amount = tender.kind === 'cash' ? tender.tendered.minor : tender.applied;
        insertMovement(db, { id: this.#ctx.newId(), sessionId: till.id, at, staffId: cart.staffId, kind: 'sale', tender: tender.kind, currency: tender.tendered.currency, amount, reason: null, reference: receiptNo });
      }
      if (settlement.change > 0) {
        insertMovement(db, { id: this.#ctx.newId(), sessionId: till.id, at, staffId: cart.staffId, kind: 'change', tender: 'cash', currency: priced.currency, amount: -settlement.change, reason: null, reference: receiptNo });
      }
      enqueuePrintJob(db, { id: receiptNo, saleId, kind: 'receipt', at });
      // Clients: the sale on the client's history, cash recorded (Form 8300 when due), points, tier.
      if (cart.clientId) attachSaleToClient(db, saleId, cart.clientId);
      const saleFacts = { saleId, receiptNo, at, totalMinor: priced.total, lines: cart.items.map((item) => ({ stockNo: item.stockNo, description: item.description })) };
      const clientEvents = this.#ctx.clients.saleCompleted(db, cart.clientId ?? null, settlement.tenders, saleFacts, this.#ctx.now());
      return {
        result: receiptNo,
        after: document,
        events: [...(exchanged ? [exchanged.event, ...exchanged.clientEvents] : []), { stream: 'sales', type: 'sale.completed', schemaVersion: 1, businessKey: `sale:${receiptNo}`, payload: document }, ...clientEvents],
      };
    });
    this.#carts.close(cartId);
    if (settlement.tenders.some((tender) => tender.kind === 'cash') && actor.staff) {
      this.#ctx.bus.emit('drawerRequested', { who: { staffId: actor.staff.staffId, name: actor.staff.name }, why: `sale ${committed.result}` });
    }
    return { receiptNo: committed.result, saleId, view };
  }

  /**
   * Voids an open sale, reversing its approved card payments on the terminal first. One with
   * payments on it needs the `sale.void` permission (checked by the caller).
   */
  async void(cartId: string, reason: string, actor: Actor): Promise<void> {
    const { cart, priced } = this.view(cartId);
    for (const tender of cart.tenders) {
      if (!tender.terminalTransactionId) continue;
      const { reversed } = await this.#ctx.terminal.reverse(tender.terminalTransactionId, tender.amount.minor, tender.amount.currency);
      if (!reversed) throw new LoupeError('LOUPE_E_SALE_CARD_REVERSAL_FAILED', { reference: tender.reference });
      tender.terminalTransactionId = null;
    }
    this.#ctx.ledger.write({ action: 'sale.voided', actor, target: `cart:${cart.id}`, reason }, () => ({
      result: undefined,
      before: cartSnapshot(cart, priced),
      events: [{ stream: 'sales', type: 'sale.voided', schemaVersion: 1, payload: { cartId: cart.id, reason, ...cartSnapshot(cart, priced) } }],
    }));
    this.#carts.close(cartId);
  }

  /** Whether money was taken on this sale (an exchange's credit is not money taken). */
  hasTenders(cartId: string): boolean {
    const cart = this.#carts.get(cartId);
    return cart.tenders.length > (cart.exchange ? 1 : 0);
  }

  /** The exchange's return, decided again inside the completing transaction: it must still be worth the credit given. */
  #recordExchange(db: Db, exchange: NonNullable<OpenCart['exchange']>, priced: PricedCart, actor: Actor) {
    const { sale, refund } = this.#ctx.returns.exchange(db, exchange.receiptNo, exchange.lines, { minor: priced.total, currency: priced.currency });
    if (refund.exchangeCredit !== exchange.credit) {
      throw new LoupeError('LOUPE_E_SALE_RETURN_REFUSED', { reason: 'return.changed', receiptNo: exchange.receiptNo }, 'The returned pieces changed since the exchange was taken; take the exchange again.');
    }
    return this.#ctx.returns.recordRefund(db, sale, refund, actor);
  }

  /** Parks an unpaid sale under a label ("Mrs Laurent, ring sizing") so the till is free. */
  park(cartId: string, label: string, actor: Actor): { parkedId: string } {
    const cart = this.#unpaid(cartId);
    if (cart.items.length === 0) throw new LoupeError('LOUPE_E_SALE_EMPTY');
    const { priced } = this.view(cartId);
    this.#ctx.ledger.write({ action: 'sale.parked', actor, target: `cart:${cart.id}`, reason: label }, (db) => {
      insertParked(db, { id: cart.id, at: this.#ctx.now().toISOString(), staffId: cart.staffId, label, cart: JSON.stringify(cart) });
      return {
        result: undefined,
        after: cartSnapshot(cart, priced),
        events: [{ stream: 'sales', type: 'sale.parked', schemaVersion: 1, payload: { cartId: cart.id, label, ...cartSnapshot(cart, priced) } }],
      };
    });
    this.#carts.close(cartId);
    return { parkedId: cart.id };
  }

  parked(): { id: string; parkedAt: string; staffId: string; label: string }[] {
    return listParked(this.#ctx.ledger.db);
  }

  /** Resumes a parked sale on this till; pieces sold meanwhile are left out, and said so. */
  resume(parkedId: string, actor: Actor): CartView & { droppedStockNos: string[] } {
    const cart = this.#ctx.ledger.write({ action: 'sale.resumed', actor, target: `cart:${parkedId}` }, (db) => {
      const stored = takeParked(db, parkedId);
      if (!stored) throw new LoupeError('LOUPE_E_SALE_CART_NOT_FOUND', { cartId: parkedId });
      return { result: JSON.parse(stored) as OpenCart, events: [{ stream: 'sales', type: 'sale.resumed', schemaVersion: 1, payload: { cartId: parkedId } }] };
    }).result;
    const dropped = cart.items.filter((item) => findPieceByCode(this.#ctx.ledger.db, item.stockNo)?.status !== soldFrom(item)).map((item) => item.stockNo);
    this.#carts.open({ ...cart, staffId: staffOf(actor).staffId, items: cart.items.filter((item) => !dropped.includes(item.stockNo)) });
    return { ...this.view(parkedId), droppedStockNos: dropped };
  }

  #unpaid(cartId: string): OpenCart {
    const cart = this.#carts.get(cartId);
    if (cart.tenders.length > 0) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'sale.payment_started' }, 'Payments have been taken: void the sale to change it.');
    return cart;
  }

  #price(cart: OpenCart, role: Role | null) {
    const selling = this.#ctx.settings.selling;
    const tax: TaxRules = { mode: selling.taxMode, rates: selling.taxRates };
    const limits = role ? (selling.discountLimits[role] ?? { maxLineBps: 0, maxCartBps: 0 }) : { maxLineBps: 10_000, maxCartBps: 10_000 };
    const result = priceCart(
      {
        currency: this.#ctx.settings.store.currency,
        lines: cart.items.map((item) => ({ lineId: item.lineId, unitPrice: item.unitPrice, quantity: 1, taxCategory: item.taxCategory, discount: item.discount, unitCost: item.unitCost })),
        cartDiscount: cart.cartDiscount,
      },
      tax,
      limits,
    );
    if (!result.ok && !(result.reason === 'cart.empty')) throw new LoupeError('LOUPE_E_SALE_CART_REFUSED', { reason: result.reason, lineId: result.lineId });
    return result.ok ? result : { cart: emptyPricing(this.#ctx.settings.store.currency, selling.taxMode) };
  }
}

function staffOf(actor: Actor): { staffId: string; name: string } {
  if (!actor.staff) throw new Error('a sale needs a signed-in member of staff');
  return actor.staff;
}

function emptyPricing(currency: string, taxMode: TaxRules['mode']): PricedCart {
  return { currency, taxMode, lines: [], subtotal: 0, discount: 0, tax: 0, total: 0, taxBreakdown: [], approvals: [] };
}

function cartSnapshot(cart: OpenCart, priced: PricedCart) {
  return { stockNos: cart.items.map((item) => item.stockNo), totalMinor: priced.total, currency: priced.currency, tenders: cart.tenders.length };
}

/** The sale as kept in the ledger and sent to HQ; returns are decided from it. */
function saleDocument(saleId: string, receiptNo: string, at: string, cart: OpenCart, priced: PricedCart, settlement: Settlement) {
  return {
    saleId,
    receiptNo,
    completedAt: at,
    staffId: cart.staffId,
    currency: priced.currency,
    taxMode: priced.taxMode,
    lines: priced.lines.map((line, index) => {
      const item = cart.items[index]!;
      return {
        lineId: line.lineId,
        pieceId: item.pieceId,
        stockNo: item.stockNo,
        description: item.description,
        facts: item.facts,
        quantity: line.quantity,
        unitMinor: item.unitPrice,
        discountMinor: line.discount,
        taxRate: line.taxRate,
        taxMinor: line.tax,
        totalMinor: line.total,
      };
    }),
    subtotalMinor: priced.subtotal,
    discountMinor: priced.discount,
    taxMinor: priced.tax,
    totalMinor: priced.total,
    tenders: settlement.tenders.map((tender, index) => ({
      tenderId: tender.tenderId,
      reference: cart.tenders[index]?.reference ?? null,
      kind: tender.kind,
      tenderedMinor: tender.tendered.minor,
      tenderedCurrency: tender.tendered.currency,
      appliedMinor: tender.applied,
      rate: tender.rate?.rate ?? null,
    })),
    changeMinor: settlement.change,
    roundingMinor: settlement.rounding,
  };
}

/** The status the piece had when it went into the cart (sales parked before reservations could be sold carry none). */
function soldFrom(item: CartItem): 'in_stock' | 'reserved' {
  return item.soldFrom ?? 'in_stock';
}
