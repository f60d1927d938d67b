/**
 * Open sales (carts), kept in memory while a clerk rings them up: nothing is committed until the
 * sale is parked, voided or completed, and a restart simply drops an unfinished cart. A piece can
 * be in one open cart at a time on this till.
 */
import type { TradeIn } from '../../wire/sales.ts';
import { LoupeError } from '../../errors.ts';
import type { StaffRef } from '../../domain/actor.ts';
import type { Discount } from '../../domain/cart-pricing.ts';
import type { TenderOffer } from '../../domain/tenders.ts';

/** What a receipt and a certificate of sale say about a piece, fixed at the moment of sale. */
export type PieceFacts = {
  metal: string;
  fineness: number;
  karat: number | null;
  metalWeightUg: number | null;
  stones: { type: string; count: number; weightUg: number; colour?: string; clarity?: string; cut?: string }[];
  certificates: { lab: string; reportNo: string }[];
};

export interface CartItem {
  lineId: string;
  /** A serialized piece, or else a bulk item sold by `quantity`. */
  pieceId: string | null;
  bulkItemId?: string | null;
  /** Units of a bulk item; a piece is 1. */
  quantity?: number;
  /** The piece's stock number or the bulk item's item number. */
  stockNo: string;
  description: string;
  facts: PieceFacts | null;
  unitPrice: number;
  unitCost: number;
  taxCategory: string;
  discount: Discount | null;
  /** A gift card being sold: its value is the price; no tax, no discount, issued when the sale completes. */
  giftCard?: true;
  /** The piece's status when added: in stock, or reserved and sold with a manager's approval. */
  soldFrom?: 'in_stock' | 'reserved';
}

export interface OpenCart {
  id: string;
  staffId: string;
  openedAt: string;
  items: CartItem[];
  cartDiscount: Discount | null;
  /** The manager who approved a discount above the clerk's limit, if one did. */
  approver: StaffRef | null;
  /**
   * `reference`: approval, gift card or credit note number as printed; `terminalTransactionId`: set while a terminal card
   * payment can still be reversed; `exchangeCredit`: the value of pieces coming back in an exchange, not a credit note;
   * `tradeIn`: what the client traded in, as appraised.
   */
  tenders: (TenderOffer & { reference: string | null; terminalTransactionId: string | null; exchangeCredit?: true; tradeIn?: TradeIn })[];
  /** An exchange: pieces of an earlier sale coming back, their value the first tender (store credit). */
  exchange: { receiptNo: string; lines: { lineId: string; quantity: number }[]; credit: number } | null;
  /** Our id of the card payment the terminal is working on, if any. */
  pendingCard: string | null;
  /** The client the sale is for (clienteling, large cash, loyalty); absent on carts parked before clients existed. */
  clientId?: string | null;
}

export class CartBook {
  readonly #carts = new Map<string, OpenCart>();

  open(cart: OpenCart): OpenCart {
    this.#carts.set(cart.id, cart);
    return cart;
  }

  get(id: string): OpenCart {
    const cart = this.#carts.get(id);
    if (!cart) throw new LoupeError('LOUPE_E_SALE_CART_NOT_FOUND', { cartId: id });
    return cart;
  }

  /** What the open carts' tenders take from a gift card or credit note. */
  valueHeld(number: string): number {
    let value = 0;
    for (const cart of this.#carts.values()) {
      for (const tender of cart.tenders) if (tender.reference === number && !tender.exchangeCredit) value += tender.amount.minor;
    }
    return value;
  }

  /** Units of a bulk item in open carts other than `except`. */
  unitsHeld(bulkItemId: string, except: string): number {
    let units = 0;
    for (const cart of this.#carts.values()) {
      if (cart.id === except) continue;
      for (const item of cart.items) if (item.bulkItemId === bulkItemId) units += item.quantity ?? 1;
    }
    return units;
  }

  /** The open cart that holds a piece, other than `except`. */
  holding(pieceId: string, except: string): OpenCart | undefined {
    for (const cart of this.#carts.values()) {
      if (cart.id !== except && cart.items.some((item) => item.pieceId === pieceId)) return cart;
    }
    return undefined;
  }

  close(id: string): void {
    this.#carts.delete(id);
  }
}
