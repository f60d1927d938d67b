import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LoupeError } from '../../errors.ts';
import { DISCOUNT_OVERRIDE, type CartView as View } from '../../modules/sales/sale-service.ts';
import { AddLine, CardBody, ExchangeBody, CartLineParams, CartParams, Balance, BalanceParams, CartView, Completed, DiscountBody, GiftCardBody, LineQuantity, ParkBody, Parked, ReceiptLookup, ReceiptParams, RefundBody, RefundDone, TenderBody, VoidBody } from '../../wire/sales.ts';
import { vouchedBy } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

const TenderParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }), tenderNo: Type.String({ pattern: '^[1-9][0-9]{0,2}$', description: 'The payment’s place in the sale’s list of tenders, from 1' }) }, { additionalProperties: false });

/** The counter: open a sale, scan pieces in, discount, take payments, complete; park, resume, void. */
export const saleRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['sales'];
    const sell = { permission: 'sale.sell' } as const;
    const see = { permission: 'sale.read' } as const;
    const reply = { 200: CartView, ...errorReplies };

    app.post('/carts', { config: sell, schema: { tags, summary: 'Open a sale', response: { 201: CartView, ...errorReplies } } }, async (request, res) =>
      res.status(201).send(present(ctx.sales.open(request.actor))),
    );
    app.get('/carts/:id', { config: see, schema: { tags, summary: 'An open sale', params: CartParams, response: reply } }, async (request) =>
      present(ctx.sales.view(request.params.id)),
    );
    app.post('/carts/:id/lines', { config: sell, schema: { tags, summary: 'Add a piece or bulk item by scan or code (reserved for a client: with X-Loupe-Approval)', params: CartParams, body: AddLine, response: reply } }, async (request) => {
      return present(ctx.sales.addLine(request.params.id, request.body.code, request.body.quantity, request.actor, vouchedBy(request, ctx.sessions, 'sale.sellReserved')));
    });
    app.post('/carts/:id/gift-cards', { config: sell, schema: { tags, summary: 'Sell a gift card (no tax, no discount; numbered when the sale completes)', params: CartParams, body: GiftCardBody, response: reply } }, async (request) =>
      present(ctx.sales.addGiftCard(request.params.id, request.body.amountMinor)),
    );
    app.get('/balances/:number', { config: see, schema: { tags, summary: 'What a gift card or credit note still holds', params: BalanceParams, response: { 200: Balance, ...errorReplies } } }, async (request) =>
      ctx.sales.balance(request.params.number),
    );
    app.put('/carts/:id/lines/:lineId/quantity', { config: sell, schema: { tags, summary: 'Change the units of a bulk line', params: CartLineParams, body: LineQuantity, response: reply } }, async (request) =>
      present(ctx.sales.setQuantity(request.params.id, request.params.lineId, request.body.quantity, request.actor, vouchedBy(request, ctx.sessions, DISCOUNT_OVERRIDE))),
    );
    app.delete('/carts/:id/lines/:lineId', { config: sell, schema: { tags, summary: 'Take a piece out', params: CartLineParams, response: reply } }, async (request) =>
      present(ctx.sales.removeLine(request.params.id, request.params.lineId, request.actor, vouchedBy(request, ctx.sessions, DISCOUNT_OVERRIDE))),
    );
    app.put('/carts/:id/lines/:lineId/discount', { config: sell, schema: { tags, summary: 'Discount a line (above your limit: with X-Loupe-Approval)', params: CartLineParams, body: DiscountBody, response: reply } }, async (request) => {
      return present(ctx.sales.discount(request.params.id, request.params.lineId, request.body.discount, request.actor, vouchedBy(request, ctx.sessions, DISCOUNT_OVERRIDE)));
    });
    app.put('/carts/:id/discount', { config: sell, schema: { tags, summary: 'Discount the whole sale (above your limit: with X-Loupe-Approval)', params: CartParams, body: DiscountBody, response: reply } }, async (request) => {
      return present(ctx.sales.discount(request.params.id, null, request.body.discount, request.actor, vouchedBy(request, ctx.sessions, DISCOUNT_OVERRIDE)));
    });
    app.post('/carts/:id/tenders', { config: sell, schema: { tags, summary: 'Take a payment (a trade-in: with X-Loupe-Approval unless senior)', params: CartParams, body: TenderBody, response: reply } }, async (request) => {
      return present(ctx.sales.tender(request.params.id, request.body, request.actor, vouchedBy(request, ctx.sessions, 'sale.tradeIn')));
    });
    app.post('/carts/:id/card', { config: sell, schema: { tags, summary: 'Pay by card on the terminal; waits for the client', params: CartParams, body: CardBody, response: reply } }, async (request) =>
      present(await ctx.sales.payByCard(request.params.id, request.body.amountMinor, request.actor)),
    );
    app.delete('/carts/:id/tenders/:tenderNo', { config: sell, schema: { tags, summary: 'Take a payment off the sale (a card payment is reversed at the terminal)', params: TenderParams, response: reply } }, async (request) =>
      present(await ctx.sales.removeTender(request.params.id, Number(request.params.tenderNo), request.actor)),
    );
    app.post('/carts/:id/card/cancel', { config: sell, schema: { tags, summary: 'Abort the card payment in progress', params: CartParams, response: { 204: Type.Null(), ...errorReplies } } }, async (request, res) => {
      await ctx.sales.cancelCard(request.params.id);
      return res.status(204).send(null);
    });
    app.post('/carts/:id/exchange', { config: { permission: 'sale.refund' }, schema: { tags, summary: 'Take pieces of an earlier sale back against this one', params: CartParams, body: ExchangeBody, response: reply } }, async (request) =>
      present(ctx.sales.exchange(request.params.id, request.body.receiptNo, request.body.lines)),
    );
    app.post('/carts/:id/complete', { config: sell, schema: { tags, summary: 'Complete a paid sale', params: CartParams, response: { 201: Completed, ...errorReplies } } }, async (request, res) => {
      const { receiptNo, saleId, view } = ctx.sales.complete(request.params.id, request.actor);
      return res.status(201).send({ receiptNo, saleId, sale: present(view) });
    });
    app.post('/carts/:id/void', { config: sell, schema: { tags, summary: 'Void an open sale (one with payments: manager)', params: CartParams, body: VoidBody, response: { 204: Type.Null(), ...errorReplies } } }, async (request, res) => {
      let actor = request.actor;
      let use = () => {};
      if (ctx.sales.hasTenders(request.params.id)) {
        const vouch = vouchedBy(request, ctx.sessions, 'sale.void');
        if (!vouch.approver) throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: 'sale.void' });
        actor = { ...actor, approver: vouch.approver.staffId === actor.staff?.staffId ? null : vouch.approver };
        use = () => vouch.use();
      }
      await ctx.sales.void(request.params.id, request.body.reason, actor);
      use();
      return res.status(204).send(null);
    });
    app.post('/carts/:id/park', { config: sell, schema: { tags, summary: 'Park an unpaid sale', params: CartParams, body: ParkBody, response: { 200: Type.Object({ parkedId: Type.String() }), ...errorReplies } } }, async (request) =>
      ctx.sales.park(request.params.id, request.body.label, request.actor),
    );
    app.get('/parked', { config: see, schema: { tags, summary: 'Parked sales', response: { 200: Type.Array(Parked), ...errorReplies } } }, async () => ctx.sales.parked());
    app.post('/parked/:id/resume', { config: sell, schema: { tags, summary: 'Resume a parked sale', params: CartParams, response: reply } }, async (request) => {
      const resumed = ctx.sales.resume(request.params.id, request.actor);
      return { ...present(resumed), droppedStockNos: resumed.droppedStockNos };
    });

    app.get('/receipts/:receiptNo', { config: see, schema: { tags, summary: 'A sale by its receipt number, with what can still be returned', params: ReceiptParams, response: { 200: ReceiptLookup, ...errorReplies } } }, async (request) => {
      const { sale, returnable } = ctx.returns.lookup(request.params.receiptNo);
      return {
        receiptNo: sale.receiptNo,
        completedAt: sale.completedAt,
        totalMinor: sale.totalMinor,
        currency: sale.currency,
        lines: sale.lines.map((line) => {
          const left = returnable.find((candidate) => candidate.lineId === line.lineId);
          return { lineId: line.lineId, stockNo: line.stockNo, description: line.description, totalMinor: line.totalMinor, returnableQuantity: left?.quantity ?? 0, refundMinor: left?.amount ?? 0, refusal: left?.refusal ?? null };
        }),
      };
    });
    app.post('/receipts/:receiptNo/reprint', { config: sell, schema: { tags, summary: 'Print the receipt again, marked COPY', params: ReceiptParams, response: { 204: Type.Null(), ...errorReplies } } }, async (request, res) => {
      await ctx.receipts.reprint(request.params.receiptNo);
      return res.status(204).send(null);
    });
    app.post('/receipts/:receiptNo/gift', { config: sell, schema: { tags, summary: 'Print a gift receipt: the pieces, no prices', params: ReceiptParams, response: { 204: Type.Null(), ...errorReplies } } }, async (request, res) => {
      await ctx.receipts.printGift(request.params.receiptNo);
      return res.status(204).send(null);
    });
    app.post('/receipts/:receiptNo/refunds', { config: { permission: 'sale.refund' }, schema: { tags, summary: 'Return lines of a sale; refunds go back to the original tenders', params: ReceiptParams, body: RefundBody, response: { 201: RefundDone, ...errorReplies } } }, async (request, res) => {
      const { refundNo, refund } = ctx.returns.refund(request.params.receiptNo, request.body.lines, request.actor);
      return res.status(201).send({ refundNo, amountMinor: refund.amount, tenders: refund.tenders.map((tender) => ({ kind: tender.kind, refundAs: tender.refundAs, amountMinor: tender.amount })) });
    });
  };

export function present({ cart, priced, settlement }: View) {
  return {
    id: cart.id,
    currency: priced.currency,
    lines: priced.lines.map((line, index) => {
      const item = cart.items[index]!;
      return { lineId: line.lineId, kind: item.giftCard ? ('gift_card' as const) : item.bulkItemId ? ('bulk' as const) : ('piece' as const), stockNo: item.stockNo, description: item.description, quantity: line.quantity, unitMinor: item.unitPrice, discountMinor: line.discount, taxMinor: line.tax, totalMinor: line.total };
    }),
    subtotalMinor: priced.subtotal,
    discountMinor: priced.discount,
    taxMinor: priced.tax,
    totalMinor: priced.total,
    paidMinor: settlement.paid,
    remainingMinor: settlement.remaining,
    changeMinor: settlement.change,
    tenders: settlement.tenders.map((tender) => ({ kind: tender.kind, tenderedMinor: tender.tendered.minor, currency: tender.tendered.currency, appliedMinor: tender.applied, rate: tender.rate?.rate ?? null })),
    approver: cart.approver?.name ?? null,
    clientId: cart.clientId ?? null,
  };
}
