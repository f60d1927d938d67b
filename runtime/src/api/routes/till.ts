import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CashMove, CloseTill, NoSale, OpenTill, TillReportView, TillSessionView, ZReportView } from '../../wire/till.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** The till: open with a float, cash in/out, no-sale, X report (read or printed), Z close (printed with the close). */
export const tillRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['cash'];
    const done = { 204: Type.Null(), ...errorReplies };

    app.post('/open', { config: { permission: 'cash.till' }, schema: { tags, summary: 'Open the till with its counted float', body: OpenTill, response: { 201: TillSessionView, ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(ctx.till.open(request.body.floatMinor, request.actor)),
    );
    app.post('/cash-in', { config: { permission: 'cash.till' }, schema: { tags, summary: 'Put cash in, with a reason', body: CashMove, response: done } }, async (request, reply) => {
      ctx.till.move('cash_in', request.body.amountMinor, request.body.reason, request.actor);
      return reply.status(204).send(null);
    });
    app.post('/cash-out', { config: { permission: 'cash.till' }, schema: { tags, summary: 'Take cash out, with a reason', body: CashMove, response: done } }, async (request, reply) => {
      ctx.till.move('cash_out', request.body.amountMinor, request.body.reason, request.actor);
      return reply.status(204).send(null);
    });
    app.post('/no-sale', { config: { permission: 'cash.noSale' }, schema: { tags, summary: 'Open the drawer without a sale', body: NoSale, response: done } }, async (request, reply) => {
      ctx.till.noSale(request.body.reason, request.actor);
      return reply.status(204).send(null);
    });
    app.get('/report', { config: { permission: 'cash.report' }, schema: { tags, summary: 'X report: what the till should hold now', response: { 200: TillReportView, ...errorReplies } } }, async () => ctx.till.report());
    app.post('/report/print', { config: { permission: 'cash.close' }, schema: { tags, summary: 'Print the X report', response: done } }, async (request, reply) => {
      const slip = ctx.till.xSlip(request.actor);
      await ctx.receipts.printPage(`${slip.receiptNumber}@${Date.now()}`, slip);
      return reply.status(204).send(null);
    });
    app.post('/close', { config: { permission: 'cash.close' }, schema: { tags, summary: 'Z report: count, reconcile and close', body: CloseTill, response: { 200: ZReportView, ...errorReplies } } }, async (request) =>
      ctx.till.close(request.body.counted, request.body.settled, request.actor),
    );
  };
