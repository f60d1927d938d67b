/**
 * Bulk stock commands and queries: add an item, receive more units, count the shelf. A count that
 * finds a different quantity is an adjustment: it needs a manager (the caller passes who vouched)
 * and a reason, and goes to HQ like every stock change. Units sold and returned move with the sale.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor, Vouch } from '../../domain/actor.ts';
import { countAdjustment } from '../../domain/bulk-stock.ts';
import type { Db } from '../../store/db.ts';
import type { Ledger } from '../../store/ledger.ts';
import { changeBulkQuantity, findBulkByCode, findBulkItem, insertBulkItem, searchBulk } from '../../store/bulk.ts';
import { findPieceByCode } from '../../store/pieces.ts';
import type { BulkItem, BulkQuery, NewBulkItem } from '../../wire/bulk.ts';
import type { BulkChangeDetails } from '../../wire/events/stock-events.ts';

export interface BulkStockServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  currency: string;
}

export class BulkStockService {
  readonly #ctx: BulkStockServiceContext;

  constructor(ctx: BulkStockServiceContext) {
    this.#ctx = ctx;
  }

  search(query: BulkQuery): BulkItem[] {
    return searchBulk(this.#ctx.ledger.db, query);
  }

  get(idOrCode: string): BulkItem {
    return this.#find(this.#ctx.ledger.db, idOrCode);
  }

  add(input: NewBulkItem, actor: Actor): BulkItem {
    const id = this.#ctx.newId();
    return this.#ctx.ledger.write({ action: 'bulk.added', actor, target: `bulk:${id}` }, (db) => {
      for (const code of [input.sku, input.barcode].filter((c): c is string => Boolean(c))) {
        if (findBulkByCode(db, code) || findPieceByCode(db, code)) throw new LoupeError('LOUPE_E_CATALOG_CODE_TAKEN', { code });
      }
      insertBulkItem(db, id, input, { currency: this.#ctx.currency, at: this.#ctx.now().toISOString() });
      const item = findBulkItem(db, id) as BulkItem;
      return { result: item, after: item, events: [{ stream: 'stock', type: 'bulk.added', schemaVersion: 1, businessKey: `bulk:${item.sku}`, payload: item }] };
    }).result;
  }

  receive(idOrCode: string, quantity: number, reference: string | null, actor: Actor): BulkItem {
    return this.#change(idOrCode, actor, 'bulk.received', null, () => ({ delta: quantity, payload: { reference } }));
  }

  /** Records a shelf count; a difference from the quantity on hand is an adjustment someone must vouch for (catalog.adjust). */
  count(idOrCode: string, counted: number, reason: string, actor: Actor, vouch: Vouch): BulkItem {
    let relied = false;
    const item = this.#change(idOrCode, { ...actor, approver: actor.approver ?? vouch.approver }, 'bulk.counted', reason, (item) => {
      const delta = countAdjustment(item.quantity, counted);
      relied = delta !== 0;
      if (delta !== 0 && !vouch.approver) throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: 'catalog.adjust', onHand: item.quantity, counted });
      return { delta, payload: { counted, onHandBefore: item.quantity, reason } };
    });
    if (relied) vouch.use();
    return item;
  }

  #change(idOrCode: string, actor: Actor, action: 'bulk.received' | 'bulk.counted', reason: string | null, decide: (item: BulkItem) => { delta: number; payload: BulkChangeDetails }): BulkItem {
    return this.#ctx.ledger.write({ action, actor, target: `bulk:${idOrCode}`, reason }, (db) => {
      const before = this.#find(db, idOrCode);
      const { delta, payload } = decide(before);
      if (!changeBulkQuantity(db, before.id, delta, this.#ctx.now().toISOString())) throw new LoupeError('LOUPE_E_SALE_OUT_OF_STOCK', { sku: before.sku, onHand: before.quantity });
      const after = findBulkItem(db, before.id) as BulkItem;
      return {
        result: after,
        before: { quantity: before.quantity },
        after: { quantity: after.quantity },
        events: [{ stream: 'stock', type: action, schemaVersion: 1, payload: { sku: after.sku, delta, quantity: after.quantity, ...payload } }],
      };
    }).result;
  }

  #find(db: Db, idOrCode: string): BulkItem {
    const item = findBulkItem(db, idOrCode) ?? findBulkByCode(db, idOrCode);
    if (!item) throw new LoupeError('LOUPE_E_CATALOG_PIECE_NOT_FOUND', { code: idOrCode });
    return item;
  }
}
