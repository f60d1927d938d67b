import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BulkItem, BulkQuery, CountBulk, NewBulkItem, ReceiveBulk } from '../../wire/bulk.ts';
import { IdParams } from '../../wire/api.ts';
import { vouchedBy } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Bulk stock sold by quantity: look items up, add them, receive more, count the shelf. */
export const bulkRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['catalog'];
    const one = { 200: BulkItem, ...errorReplies };

    app.get('', { config: { permission: 'catalog.read' }, schema: { tags, summary: 'Search bulk items', querystring: BulkQuery, response: { 200: Type.Array(BulkItem), ...errorReplies } } }, async (request) =>
      ctx.bulk.search(request.query),
    );
    app.get('/:id', { config: { permission: 'catalog.read' }, schema: { tags, summary: 'A bulk item by id, item no. or barcode', params: IdParams, response: one } }, async (request) =>
      ctx.bulk.get(request.params.id),
    );
    app.post('', { config: { permission: 'catalog.receive' }, schema: { tags, summary: 'Add a bulk item with the units received', body: NewBulkItem, response: { 201: BulkItem, ...errorReplies } } }, async (request, reply) => {
      const item = ctx.bulk.add(request.body, request.actor);
      return reply.status(201).send(ctx.bulk.get(item.id));
    });
    app.post('/:id/receive', { config: { permission: 'catalog.receive' }, schema: { tags, summary: 'Receive more units', params: IdParams, body: ReceiveBulk, response: one } }, async (request) => {
      const item = ctx.bulk.receive(request.params.id, request.body.quantity, request.body.reference ?? null, request.actor);
      return ctx.bulk.get(item.id);
    });
    app.post('/:id/count', { config: { permission: 'catalog.receive' }, schema: { tags, summary: 'Record a shelf count (a difference: with X-Loupe-Approval)', params: IdParams, body: CountBulk, response: one } }, async (request) => {
      const item = ctx.bulk.count(request.params.id, request.body.counted, request.body.reason, request.actor, vouchedBy(request, ctx.sessions, 'catalog.adjust'));
      return ctx.bulk.get(item.id);
    });
  };
