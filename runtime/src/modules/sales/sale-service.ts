/**
 * Selling: ring pieces up, discount them within the clerk's limit (beyond it with a manager's
 * approval), take split tenders, and complete the sale in ONE ledger transaction that marks each
 * piece sold only if it is still in stock — so two tills, or two taps, can never sell it twice.
 * Parking, resuming and voiding are audited commands too; an open cart itself is not committed.
 */
import { LoupeError } from '../../errors.ts';
import { NO_VOUCH, type Actor, type StaffRef, type Vouch } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { priceCart, type Discount, type PricedCart, type TaxRules } from '../../domain/cart-pricing.ts';
import type { RateQuote } from '../../domain/money.ts';
import { settleTenders, type Settlement, type TenderKind } from '../../domain/tenders.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Role } from '../../domain/roles.ts';
import { nextCounter } from '../../store/audit-log.ts';
import type { Db } from '../../store/db.ts';
import type { Ledger } from '../../store/ledger.ts';
import { listReservations } from '../../store/hq-documents.ts';
import { findPieceByCode, movePiece } from '../../store/pieces.ts';
import { changeBulkQuantity, findBulkByCode, findBulkItem } from '../../store/bulk.ts';
import { findStoredValue, issueStoredValue, redeemStoredValue, type StoredValue } from '../../store/stored-value.ts';
import type { StoredValueKind } from '../../domain/stored-value.ts';
import type { BulkItem } from '../../wire/bulk.ts';
import type { TradeIn } from '../../wire/sales.ts';
import { insertParked, insertSale, listParked, takeParked } from '../../store/sales.ts';
import { insertMovement, openTillSession } from '../../store/till.ts';
import { CartBook, type CartItem, type OpenCart } from './cart-book.ts';
import { saleDocument } from './sale-document.ts';
import type { ReturnService } from './return-service.ts';
import type { CardPayments } from '../payments/card-payments.ts';
import { capturePayments } from '../../store/payments.ts';
import { enqueuePrintJob } from '../../store/print-jobs.ts';
import { requestDrawer } from '../../store/drawer-jobs.ts';
import { attachSaleToClient, findClient } from '../../store/clients.ts';
import type { ClientSales } from '../clients/client-sales.ts';

export interface SaleServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  settings: Settings;
  /** The HQ exchange rate for cash in `currency`, in store currency per unit; null when HQ sent none. */
  rateFor: (currency: string) => RateQuote | null;
  /** The card terminal, through the payments module: every card payment is in the ledger from its request. */
  payments: CardPayments;
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

/** Gift cards carry no tax when sold (the tax is due on what they later buy); settings cannot name this class. */
const GIFT_CARD_TAX_CLASS = '*gift-card';

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
   * Adds what a scan or a typed code names: a piece by stock no., barcode, EPC or certificate no.,
   * or `quantity` units of a bulk item by item no. or barcode (scanning an item already in the cart
   * adds to its line). A piece reserved for a client is sold only when someone vouches for it (a
   * manager, or a manager's approval): the clerk confirms it goes to the client it is held for, and
   * the override is recorded before the piece goes into the sale.
   */
  addLine(cartId: string, code: string, quantity: number, actor: Actor, vouch: Vouch = NO_VOUCH): CartView {
    const cart = this.#unpaid(cartId);
    const db = this.#ctx.ledger.db;
    const piece = findPieceByCode(db, code);
    if (!piece) {
      const bulk = findBulkByCode(db, code);
      if (!bulk) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { code });
      return this.#addBulk(cart, bulk, quantity, actor, vouch);
    }
    if (quantity !== 1) throw new LoupeError('LOUPE_E_API_VALIDATION', { field: 'quantity' }, 'A piece is one of a kind: its quantity is 1.');
    if (piece.status === 'reserved' && !vouch.approver) {
      const held = listReservations(db).find((reservation) => reservation.pieceId === piece.id && reservation.state === 'held');
      throw new LoupeError('LOUPE_E_SALE_PIECE_RESERVED', { stockNo: piece.stockNo, customerRef: held?.customerRef ?? null, holdUntil: held?.holdUntil ?? null });
    }
    if (piece.status !== 'in_stock' && piece.status !== 'reserved') throw new LoupeError('LOUPE_E_SALE_PIECE_UNAVAILABLE', { stockNo: piece.stockNo, status: piece.status });
    if (cart.items.some((item) => item.pieceId === piece.id) || this.#carts.holding(piece.id, cartId)) {
      throw new LoupeError('LOUPE_E_SALE_PIECE_IN_ANOTHER_SALE', { stockNo: piece.stockNo });
    }
    if (piece.status === 'reserved' && vouch.approver) {
      this.#override(cart, actor, vouch.approver, { reason: 'sale.sell_reserved', stockNo: piece.stockNo });
      vouch.use();
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
      bulkItemId: null,
      quantity: 1,
    });
    return this.view(cartId);
  }

  /** Changes the units of a bulk line; a discount that would then exceed the clerk's limit needs someone to vouch for it. */
  setQuantity(cartId: string, lineId: string, quantity: number, actor: Actor, vouch: Vouch): CartView {
    const cart = this.#unpaid(cartId);
    const item = cart.items.find((candidate) => candidate.lineId === lineId);
    if (!item) throw new LoupeError('LOUPE_E_SALE_LINE_NOT_FOUND', { lineId });
    if (!item.bulkItemId) throw new LoupeError('LOUPE_E_API_VALIDATION', { field: 'quantity' }, 'A piece is one of a kind: its quantity is 1.');
    this.#checkUnits(cart, findBulkItem(this.#ctx.ledger.db, item.bulkItemId), quantity, lineId);
    const items = cart.items.map((entry) => (entry.lineId === lineId ? { ...entry, quantity } : entry));
    this.#guardPricing(cart, { ...cart, items }, actor, vouch, { reason: 'sale.discount_over_limit', lineId, quantity });
    cart.items = items;
    return this.view(cartId);
  }

  #addBulk(cart: OpenCart, bulk: BulkItem, quantity: number, actor: Actor, vouch: Vouch): CartView {
    const line = cart.items.find((item) => item.bulkItemId === bulk.id && !item.discount);
    if (line) return this.setQuantity(cart.id, line.lineId, (line.quantity ?? 1) + quantity, actor, vouch);
    this.#checkUnits(cart, bulk, quantity, null);
    cart.items.push({
      lineId: this.#ctx.newId(),
      pieceId: null,
      bulkItemId: bulk.id,
      quantity,
      stockNo: bulk.sku,
      description: [bulk.description, bulk.variant].filter(Boolean).join(', '),
      facts: null,
      unitPrice: bulk.retailMinor,
      unitCost: bulk.costMinor ?? 0,
      taxCategory: this.#ctx.settings.selling.taxClassOf[bulk.kind] ?? 'standard',
      discount: null,
    });
    return this.view(cart.id);
  }

  /** What a gift card or credit note still holds. */
  balance(number: string): StoredValue {
    const account = findStoredValue(this.#ctx.ledger.db, number);
    if (!account) throw new LoupeError('LOUPE_E_TENDER_ACCOUNT_NOT_FOUND', { number });
    return account;
  }

  /** Sells a gift card of `amountMinor`; its number is drawn when the sale completes and printed on the receipt. */
  addGiftCard(cartId: string, amountMinor: number): CartView {
    const cart = this.#unpaid(cartId);
    if (cart.cartDiscount) throw new LoupeError('LOUPE_E_SALE_CART_REFUSED', { reason: 'cart.discount_on_gift_card' }, 'A gift card is sold at its value: take the sale discount off first, or sell the card on its own.');
    cart.items.push({
      lineId: this.#ctx.newId(),
      pieceId: null,
      bulkItemId: null,
      giftCard: true,
      quantity: 1,
      stockNo: 'GIFT-CARD',
      description: 'Gift card',
      facts: null,
      unitPrice: amountMinor,
      unitCost: 0,
      taxCategory: GIFT_CARD_TAX_CLASS,
      discount: null,
    });
    return this.view(cartId);
  }

  /** A gift card or credit note must exist, be of that kind, and hold what is asked beyond what this sale already takes from it. */
  #checkStoredValue(cart: OpenCart, kind: StoredValueKind, amount: number, number: string | undefined): void {
    const account = number ? findStoredValue(this.#ctx.ledger.db, number) : undefined;
    if (!account || account.kind !== kind || account.currency !== this.#ctx.settings.store.currency) throw new LoupeError('LOUPE_E_TENDER_ACCOUNT_NOT_FOUND', { kind, number: number ?? null });
    // What this sale and every other open sale already take from it: two tills cannot both spend it.
    const taken = this.#carts.valueHeld(account.number);
    const left = account.balanceMinor - taken;
    if (amount > left) throw new LoupeError('LOUPE_E_TENDER_BALANCE_SHORT', { number: account.number, balanceMinor: Math.max(0, left) });
  }

  /**
   * Refuses more units of a bulk item than are on hand, less those in other open carts: `units` on
   * the line `lineId` (null: a new line) plus the cart's other lines of the same item.
   */
  #checkUnits(cart: OpenCart, bulk: BulkItem | undefined, units: number, lineId: string | null): void {
    if (!bulk) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { lineId });
    const elsewhere = cart.items.filter((item) => item.bulkItemId === bulk.id && item.lineId !== lineId).reduce((sum, item) => sum + (item.quantity ?? 1), 0);
    const available = bulk.quantity - this.#carts.unitsHeld(bulk.id, cart.id) - elsewhere;
    if (units > available) throw new LoupeError('LOUPE_E_SALE_OUT_OF_STOCK', { sku: bulk.sku, requested: units, available: Math.max(0, available) });
  }

  /**
   * A change that moves money between lines (fewer units under an amount discount, a line taken
   * out from under a cart discount) is priced again with the clerk's limits: beyond them it needs
   * someone to vouch for it, and is recorded as an override.
   */
  #guardPricing(cart: OpenCart, trial: OpenCart, actor: Actor, vouch: Vouch, details: { reason: string } & Record<string, Json>): void {
    const role = actor.staff?.role ?? null;
    const { cart: priced } = this.#price(trial, role);
    if (priced.approvals.length === 0) return;
    // The clerk learns that a price would fall below cost, not the cost: the API's field table hides it by role.
    if (!vouch.approver) throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: DISCOUNT_OVERRIDE, approvals: priced.approvals as unknown as Json });
    this.#override(cart, actor, vouch.approver, { ...details, approvals: priced.approvals as unknown as Json });
    vouch.use();
  }

  /** Takes a line out; an amount cart discount then resting on fewer lines is priced again against the clerk's limit. */
  removeLine(cartId: string, lineId: string, actor: Actor, vouch: Vouch): CartView {
    const cart = this.#unpaid(cartId);
    if (!cart.items.some((item) => item.lineId === lineId)) throw new LoupeError('LOUPE_E_SALE_LINE_NOT_FOUND', { lineId });
    const items = cart.items.filter((item) => item.lineId !== lineId);
    this.#guardPricing(cart, { ...cart, items }, actor, vouch, { reason: 'sale.discount_over_limit', removedLineId: lineId });
    cart.items = items;
    return this.view(cartId);
  }

  /**
   * Sets a line discount (lineId) or the cart discount (lineId null). Above the clerk's limit, or
   * below cost, it needs `approver`: without one it is refused with LOUPE_E_AUTH_APPROVAL_REQUIRED.
   */
  discount(cartId: string, lineId: string | null, discount: Discount | null, actor: Actor, vouch: Vouch): CartView {
    const cart = this.#unpaid(cartId);
    const item = lineId === null ? null : cart.items.find((candidate) => candidate.lineId === lineId);
    if (lineId !== null && !item) throw new LoupeError('LOUPE_E_SALE_LINE_NOT_FOUND', { lineId });
    if (discount && (item ? item.giftCard : cart.items.some((entry) => entry.giftCard))) {
      throw new LoupeError('LOUPE_E_SALE_CART_REFUSED', { reason: 'cart.discount_on_gift_card' }, 'A gift card is sold at its value: it takes no discount.');
    }
    const trial: OpenCart = {
      ...cart,
      cartDiscount: lineId === null ? discount : cart.cartDiscount,
      items: cart.items.map((entry) => (entry.lineId === lineId ? { ...entry, discount } : entry)),
    };
    this.#guardPricing(cart, trial, actor, vouch, { reason: 'sale.discount_over_limit', lineId, discount: discount as unknown as Json });
    cart.cartDiscount = trial.cartDiscount;
    cart.items = trial.items;
    return this.view(cartId);
  }

  /**
   * Takes a payment. Foreign cash is converted at HQ's rate; a card can never pay more than is due;
   * a gift card or credit note pays up to its balance; a trade-in names what came in and needs
   * someone to vouch for it (sale.tradeIn: a senior, or a manager's approval), recorded as an override.
   */
  tender(cartId: string, offer: { kind: TenderKind; amountMinor: number; currency: string; reference?: string | undefined; tradeIn?: TradeIn | undefined }, actor: Actor, vouch: Vouch): CartView {
    const cart = this.#carts.get(cartId);
    if (offer.kind === 'gift_card' || offer.kind === 'store_credit') this.#checkStoredValue(cart, offer.kind, offer.amountMinor, offer.reference);
    if (offer.kind === 'trade_in' && !offer.tradeIn) throw new LoupeError('LOUPE_E_API_VALIDATION', { field: 'tradeIn' }, 'Describe what the client traded in (and its metal and weight, if it is gold or platinum).');
    if (offer.kind === 'trade_in' && !vouch.approver) throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: 'sale.tradeIn' });
    const store = this.#ctx.settings.store.currency;
    const rate = offer.currency === store ? null : this.#ctx.rateFor(offer.currency);
    const tradeIn = offer.kind === 'trade_in' ? (offer.tradeIn ?? null) : null;
    const tender = { tenderId: this.#ctx.newId(), kind: offer.kind, amount: { minor: offer.amountMinor, currency: offer.currency }, rate, reference: offer.reference ?? tradeIn?.description ?? null, terminalTransactionId: null, ...(tradeIn ? { tradeIn } : {}) };
    const priced = this.view(cartId).priced;
    const settled = settleTenders({ minor: priced.total, currency: store }, [...cart.tenders, tender], { cashIncrement: this.#ctx.settings.selling.cashIncrement });
    if (!settled.ok) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: settled.reason }, `That payment cannot be taken (${settled.reason}).`);
    // Clients: large cash judged with the client's related cash; points only from the client's balance.
    const { db } = this.#ctx.ledger;
    if (offer.kind === 'cash') this.#ctx.clients.cash.check(db, cart.clientId ?? null, settled.settlement.tenders, this.#ctx.now());
    if (offer.kind === 'loyalty') this.#ctx.clients.checkPoints(db, cart.clientId ?? null, settled.settlement.tenders, this.#ctx.now());
    if (tradeIn && vouch.approver) {
      this.#override(cart, actor, vouch.approver, { reason: 'sale.trade_in', amountMinor: offer.amountMinor, ...(tradeIn as unknown as Record<string, Json>) });
      vouch.use();
    }
    cart.tenders.push(tender);
    return this.view(cartId);
  }

  /**
   * Pays by card on the terminal. Approved: the card tender is added with brand, last digits and
   * approval code. Declined, cancelled or unknown: a coded refusal, and the sale stays as it was.
   * The payment is recorded whatever its outcome (modules/payments/).
   */
  async payByCard(cartId: string, amountMinor: number, actor: Actor): Promise<CartView> {
    const cart = this.#carts.get(cartId);
    const currency = this.#ctx.settings.store.currency;
    const remaining = this.view(cartId).settlement.remaining;
    if (amountMinor > remaining) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'tender.card_overpay' }, 'That payment cannot be taken (tender.card_overpay).');
    const transactionId = `${cart.id}.${cart.tenders.length + 1}`;
    cart.pendingCard = transactionId;
    const outcome = await this.#ctx.payments.authorize({ purpose: 'sale', purposeRef: cart.id, transactionId, amountMinor, currency }, actor).finally(() => {
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
    if (pending) await this.#ctx.payments.cancel(pending);
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
    cart.tenders.push({ tenderId: this.#ctx.newId(), kind: 'store_credit', amount: { minor: refund.exchangeCredit, currency: priced.currency }, rate: null, reference: `exchange ${receiptNo}`, terminalTransactionId: null, exchangeCredit: true });
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
        if (item.bulkItemId) {
          if (!changeBulkQuantity(db, item.bulkItemId, -(item.quantity ?? 1), at)) {
            throw new LoupeError('LOUPE_E_SALE_OUT_OF_STOCK', { sku: item.stockNo, requested: item.quantity ?? 1, available: findBulkItem(db, item.bulkItemId)?.quantity ?? 0 });
          }
        } else if (item.pieceId && !movePiece(db, item.pieceId, 'sell', at, soldFrom(item))) {
          const status = findPieceByCode(db, item.stockNo)?.status ?? 'gone';
          throw new LoupeError('LOUPE_E_SALE_PIECE_UNAVAILABLE', { stockNo: item.stockNo, status });
        }
      }
      const receiptNo = `${store.id}-${device.number}-${String(nextCounter(db, 'receipt')).padStart(6, '0')}`;
      settlement.tenders.forEach((tender, index) => {
        const { reference, exchangeCredit } = cart.tenders[index] ?? {};
        if ((tender.kind !== 'gift_card' && tender.kind !== 'store_credit') || !reference || exchangeCredit) return;
        if (!redeemStoredValue(db, reference, tender.applied, at, receiptNo)) {
          throw new LoupeError('LOUPE_E_TENDER_BALANCE_SHORT', { number: reference, balanceMinor: findStoredValue(db, reference)?.balanceMinor ?? 0 });
        }
      });
      const giftCards = new Map<string, string>();
      for (const item of cart.items.filter((entry) => entry.giftCard)) {
        giftCards.set(item.lineId, issueStoredValue(db, { kind: 'gift_card', currency: priced.currency, amount: item.unitPrice, at, reference: receiptNo }));
      }
      const exchanged = cart.exchange ? this.#recordExchange(db, cart.exchange, priced, actor) : null;
      const document = saleDocument(saleId, receiptNo, at, cart, priced, settlement, giftCards, { exchange: exchanged ? { receiptNo: cart.exchange?.receiptNo ?? '', refundNo: exchanged.refundNo } : null, clientId: cart.clientId ?? null });
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
        document,
        lines: priced.lines.map((line, index) => {
          const item = cart.items[index]!;
          return { lineNo: index + 1, pieceId: item.pieceId, bulkItemId: item.bulkItemId ?? null, description: item.description, quantity: line.quantity, unit: item.unitPrice, discount: line.discount, tax: line.tax };
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
      if (settlement.tenders.some((tender) => tender.kind === 'cash')) requestDrawer(db, actor, { id: `sale:${receiptNo}`, why: `sale ${receiptNo}`, at });
      capturePayments(db, cart.id, receiptNo, at);
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
    return { receiptNo: committed.result, saleId, view };
  }

  /**
   * Voids an open sale, reversing its approved card payments on the terminal first. One with
   * payments on it needs the `sale.void` permission (checked by the caller).
   */
  async void(cartId: string, reason: string, actor: Actor): Promise<void> {
    const { cart, priced } = this.view(cartId);
    for (const tender of cart.tenders) await this.#reverseCard(tender, `sale voided: ${reason}`, actor);
    this.#ctx.ledger.write({ action: 'sale.voided', actor, target: `cart:${cart.id}`, reason }, () => ({
      result: undefined,
      before: cartSnapshot(cart, priced),
      events: [{ stream: 'sales', type: 'sale.voided', schemaVersion: 1, payload: { cartId: cart.id, reason, ...cartSnapshot(cart, priced) } }],
    }));
    this.#carts.close(cartId);
  }

  /**
   * Takes the `tenderNo`th payment (from 1, as the sale lists them) off an open sale; an approved
   * card payment is reversed at the terminal first, and recorded.
   */
  async removeTender(cartId: string, tenderNo: number, actor: Actor): Promise<CartView> {
    const cart = this.#carts.get(cartId);
    const tender = cart.tenders[tenderNo - 1];
    if (!tender || tender.exchangeCredit) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'tender.not_found', tenderNo }, 'That payment is not on this sale.');
    await this.#reverseCard(tender, 'payment taken off the sale', actor);
    cart.tenders = cart.tenders.filter((candidate) => candidate !== tender);
    return this.view(cartId);
  }

  async #reverseCard(tender: OpenCart['tenders'][number], reason: string, actor: Actor): Promise<void> {
    if (!tender.terminalTransactionId) return;
    if (!(await this.#ctx.payments.reverse(tender.terminalTransactionId, reason, actor))) throw new LoupeError('LOUPE_E_SALE_CARD_REVERSAL_FAILED', { reference: tender.reference });
    tender.terminalTransactionId = null;
  }

  /**
   * A manager's override on an open sale (a discount above the clerk's limit, a reserved piece)
   * is its own audited command with an HQ event, whether or not the sale is completed later; the
   * sale's completion names the approver too.
   */
  #override(cart: OpenCart, actor: Actor, approver: StaffRef, details: { reason: string } & Record<string, Json>): void {
    this.#ctx.ledger.write({ action: 'sale.overrideApproved', actor: { staff: actor.staff, approver }, target: `cart:${cart.id}`, reason: details.reason }, () => ({
      result: undefined,
      after: { ...details, approver: approver.name },
      events: [{ stream: 'sales', type: 'sale.override_approved', schemaVersion: 1, payload: { cartId: cart.id, approverId: approver.staffId, ...details } }],
    }));
    cart.approver = approver;
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

  /** Resumes a parked sale on this till; pieces sold meanwhile and units no longer on hand are left out, and said so. */
  resume(parkedId: string, actor: Actor): CartView & { droppedStockNos: string[] } {
    const cart = this.#ctx.ledger.write({ action: 'sale.resumed', actor, target: `cart:${parkedId}` }, (db) => {
      const stored = takeParked(db, parkedId);
      if (!stored) throw new LoupeError('LOUPE_E_SALE_CART_NOT_FOUND', { cartId: parkedId });
      return { result: JSON.parse(stored) as OpenCart, events: [{ stream: 'sales', type: 'sale.resumed', schemaVersion: 1, payload: { cartId: parkedId } }] };
    }).result;
    // Pieces sold meanwhile, and bulk lines whose units are no longer all on hand, are left out.
    const db = this.#ctx.ledger.db;
    const kept: CartItem[] = [];
    const dropped: string[] = [];
    for (const item of cart.items) {
      const bulk = item.bulkItemId ? findBulkItem(db, item.bulkItemId) : undefined;
      const fits = bulk
        ? (item.quantity ?? 1) <= bulk.quantity - this.#carts.unitsHeld(bulk.id, cart.id) - kept.filter((other) => other.bulkItemId === bulk.id).reduce((sum, other) => sum + (other.quantity ?? 1), 0)
        : !item.pieceId || findPieceByCode(db, item.stockNo)?.status === soldFrom(item);
      if (fits) kept.push(item);
      else dropped.push(item.stockNo);
    }
    this.#carts.open({ ...cart, staffId: staffOf(actor).staffId, items: kept });
    return { ...this.view(parkedId), droppedStockNos: dropped };
  }

  #unpaid(cartId: string): OpenCart {
    const cart = this.#carts.get(cartId);
    if (cart.tenders.length > 0) throw new LoupeError('LOUPE_E_SALE_TENDER_REFUSED', { reason: 'sale.payment_started' }, 'Payments have been taken: void the sale to change it.');
    return cart;
  }

  #price(cart: OpenCart, role: Role | null) {
    const selling = this.#ctx.settings.selling;
    const tax: TaxRules = { mode: selling.taxMode, rates: { ...selling.taxRates, [GIFT_CARD_TAX_CLASS]: 0 } };
    const limits = role ? (selling.discountLimits[role] ?? { maxLineBps: 0, maxCartBps: 0 }) : { maxLineBps: 10_000, maxCartBps: 10_000 };
    const result = priceCart(
      {
        currency: this.#ctx.settings.store.currency,
        lines: cart.items.map((item) => ({ lineId: item.lineId, unitPrice: item.unitPrice, quantity: item.quantity ?? 1, taxCategory: item.taxCategory, discount: item.discount, unitCost: item.unitCost })),
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

/** The status the piece had when it went into the cart (sales parked before reservations could be sold carry none). */
function soldFrom(item: CartItem): 'in_stock' | 'reserved' {
  return item.soldFrom ?? 'in_stock';
}
