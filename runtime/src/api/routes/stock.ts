import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams } from '../../wire/api.ts';
import {
  AccuracyPoint,
  AccuracyQuery,
  Adjust,
  BackInStock,
  CountSign,
  CountsQuery,
  DailyCount,
  MarkMissing,
  MemoOut,
  Movement,
  OutstandingMovement,
  Relocate,
  SweepList,
  SweepRow,
  SweepStart,
  SweepView,
  Tagged,
  TransferReceive,
  TransferSend,
  WithReason,
} from '../../wire/stock.ts';
import { vouchedBy } from '../auth.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Stock control: tag pieces, sweep with the handheld, sign daily counts, move pieces. */
export const stockRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['stock'];
    const { sweeps, tagging, movements, counts } = ctx.stock;
    const read = { permission: 'stock.read' } as const;
    const count = { permission: 'stock.count' } as const;
    const move = { permission: 'stock.move' } as const;
    const moved = { 200: Movement, ...errorReplies };

    app.post('/pieces/:id/tag', { config: { permission: 'stock.tag' }, schema: { tags, summary: 'Encode the tag on the counter encoder for this piece, verify it and bind it', params: IdParams, response: { 200: Tagged, ...errorReplies } } }, async (request) => {
      return tagging.tag(request.params.id, request.actor);
    });

    app.get('/sweeps', { config: read, schema: { tags, summary: 'Sweeps, newest first', querystring: SweepList, response: { 200: Type.Array(SweepRow), ...errorReplies } } }, async (request) =>
      sweeps.list(request.query.limit),
    );
    app.post('/sweeps', { config: count, schema: { tags, summary: 'Start a sweep of the store, a showcase or a tray (or a recount of what one missed)', body: SweepStart, response: { 201: SweepRow, ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(sweeps.begin({ scope: request.body.scope ?? null, readers: request.body.readers, ...(request.body.recountOf ? { recountOf: request.body.recountOf } : {}) }, request.actor)),
    );
    app.get('/sweeps/:id', { config: read, schema: { tags, summary: 'A sweep: live counters while open, the reconciliation once finished', params: IdParams, response: { 200: SweepView, ...errorReplies } } }, async (request) =>
      sweeps.view(request.params.id),
    );
    app.post('/sweeps/:id/finish', { config: count, schema: { tags, summary: 'Finish the sweep and reconcile: found, missing, away, unexpected, accuracy', params: IdParams, response: { 200: SweepView, ...errorReplies } } }, async (request) => {
      const { sweep, result } = sweeps.finish(request.params.id, request.actor);
      return { sweep, progress: null, result };
    });
    app.post('/sweeps/:id/cancel', { config: count, schema: { tags, summary: 'Cancel an open sweep', params: IdParams, response: { 204: Type.Null(), ...errorReplies } } }, async (request, reply) => {
      sweeps.cancel(request.params.id, request.actor);
      return reply.status(204).send(null);
    });
    app.get('/accuracy', { config: read, schema: { tags, summary: 'Stock accuracy of finished sweeps, newest first: overall, or of one location', querystring: AccuracyQuery, response: { 200: Type.Array(AccuracyPoint), ...errorReplies } } }, async (request) =>
      sweeps.accuracy(request.query.location, request.query.limit),
    );

    app.post('/counts', { config: count, schema: { tags, summary: 'Sign an opening or closing count of a showcase (not matching: with a manager’s note and X-Loupe-Approval)', body: CountSign, response: { 201: DailyCount, ...errorReplies } } }, async (request, reply) => {
      const { approver, use } = vouchedBy(request, ctx.sessions, 'stock.adjust');
      const signed = counts.sign(request.body, request.actor, approver);
      if (signed.approvedBy) use();
      return reply.status(201).send(signed);
    });
    app.get('/counts', { config: read, schema: { tags, summary: 'The counts signed on a business day', querystring: CountsQuery, response: { 200: Type.Array(DailyCount), ...errorReplies } } }, async (request) =>
      counts.list(request.query.date),
    );

    app.post('/pieces/:id/relocate', { config: move, schema: { tags, summary: 'Move a piece to another showcase or tray of this store', params: IdParams, body: Relocate, response: moved } }, async (request) =>
      movements.relocate(request.params.id, request.body.location, request.body.reason, request.actor),
    );
    app.post('/pieces/:id/memo-out', { config: move, schema: { tags, summary: 'Lend a piece on memo to a client or dealer, due back on a date', params: IdParams, body: MemoOut, response: moved } }, async (request) =>
      movements.memoOut(request.params.id, request.body, request.actor),
    );
    app.post('/pieces/:id/memo-in', { config: move, schema: { tags, summary: 'A piece comes back from memo', params: IdParams, body: BackInStock, response: moved } }, async (request) =>
      movements.memoIn(request.params.id, request.body.location, request.actor),
    );
    app.post('/pieces/:id/return-to-vendor', { config: move, schema: { tags, summary: 'Send a piece back to its vendor', params: IdParams, body: WithReason, response: moved } }, async (request) =>
      movements.returnToVendor(request.params.id, request.body.reason, request.actor),
    );
    app.post('/pieces/:id/missing', { config: move, schema: { tags, summary: 'Mark a piece missing (after a count)', params: IdParams, body: MarkMissing, response: moved } }, async (request) =>
      movements.markMissing(request.params.id, request.body.reason, request.body.sweepId, request.actor),
    );
    app.post('/pieces/:id/found', { config: move, schema: { tags, summary: 'A missing piece is found', params: IdParams, body: BackInStock, response: moved } }, async (request) =>
      movements.markFound(request.params.id, request.body.location, request.actor),
    );
    app.post('/pieces/:id/adjust', { config: { permission: 'stock.adjust' }, schema: { tags, summary: 'Correct a piece’s status or location, with the reason (manager, or X-Loupe-Approval)', params: IdParams, body: Adjust, response: moved } }, async (request) =>
      movements.adjust(request.params.id, request.body, request.actor),
    );
    app.get('/pieces/:id/movements', { config: read, schema: { tags, summary: 'Every stock movement of a piece, oldest first', params: IdParams, response: { 200: Type.Array(Movement), ...errorReplies } } }, async (request) =>
      movements.history(request.params.id),
    );
    app.get('/memos', { config: read, schema: { tags, summary: 'Pieces out on memo: to whom, due back when', response: { 200: Type.Array(OutstandingMovement), ...errorReplies } } }, async () => movements.onMemo());

    app.post('/transfers', { config: move, schema: { tags, summary: 'Send a piece to another store: it is in transit until received there', body: TransferSend, response: { 201: Movement, ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(movements.sendTransfer(request.body.pieceId, request.body.toStore, request.body.reason, request.actor)),
    );
    app.get('/transfers', { config: read, schema: { tags, summary: 'Pieces in transit to other stores', response: { 200: Type.Array(OutstandingMovement), ...errorReplies } } }, async () => movements.inTransit());
    app.post('/transfers/receive', { config: move, schema: { tags, summary: 'Take in a piece another store sent (the transfer HQ handed over)', body: TransferReceive, response: { 201: Movement, ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(movements.receiveTransfer(request.body, request.actor)),
    );
    app.post('/transfers/:id/cancel', { config: move, schema: { tags, summary: 'Cancel a transfer that has not left: the piece is back in stock', params: IdParams, response: moved } }, async (request) =>
      movements.cancelTransfer(request.params.id, request.actor),
    );
    app.post('/transfers/:id/delivered', { config: move, schema: { tags, summary: 'The receiving store took the piece in (as HQ reports): it is no longer this store’s', params: IdParams, response: moved } }, async (request) =>
      movements.transferDelivered(request.params.id, request.actor),
    );
  };
