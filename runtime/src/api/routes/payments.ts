import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CardPayment, CardPaymentQuery } from '../../wire/payments.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Card payments as the ledger keeps them: what is still open at the terminal, and what a restart reversed. */
export const paymentRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/card',
      { config: { permission: 'sale.read' }, schema: { tags: ['payments'], summary: 'Card payments, newest first: all, open, or recovered by this start', querystring: CardPaymentQuery, response: { 200: Type.Array(CardPayment), ...errorReplies } } },
      async (request) => ctx.payments.list(request.query.show ?? 'all', request.query.limit ?? 100),
    );
  };
