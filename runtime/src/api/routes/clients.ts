import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CartParams, CartView } from '../../wire/sales.ts';
import * as W from '../../wire/clients.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';
import { present } from './sales.ts';

const done = { 204: Type.Null(), ...errorReplies };

/** The client book: search, profiles, consents, notes, appointments, identity, merge, privacy, outreach. */
export const clientRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['clients'];
    const read = { permission: 'client.read' } as const;
    const write = { permission: 'client.write' } as const;

    app.get('', { config: read, schema: { tags, summary: 'Find clients by name, phone or email (typos forgiven)', querystring: W.SearchQuery, response: { 200: W.SearchResult, ...errorReplies } } }, async (request) =>
      ctx.clients.search(request.query.q, request.query.limit),
    );
    app.post('', { config: write, schema: { tags, summary: 'Add a client; lists clients with the same phone or email', body: W.ClientDetails, response: { 201: W.Added, ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(ctx.clients.add(request.body, request.actor)),
    );
    app.get('/rising', { config: { permission: 'client.figures' }, schema: { tags, summary: 'Rising clients: spend up a quarter on the year before, or near the next tier', response: { 200: Type.Array(W.RisingClient), ...errorReplies } } }, async () =>
      ctx.clients.rising(50),
    );
    app.get('/appointments', { config: read, schema: { tags, summary: 'Appointments of a day (default today)', querystring: W.DayQuery, response: { 200: Type.Array(W.Appointment), ...errorReplies } } }, async (request) =>
      ctx.clients.appointmentsOn(request.query.date),
    );
    app.get('/outreach', { config: read, schema: { tags, summary: 'Who to contact on a channel in the next days, and why (consent required)', querystring: W.OutreachQuery, response: { 200: Type.Array(W.OutreachEntry), ...errorReplies } } }, async (request) =>
      ctx.clients.outreach(request.query.channel, request.query.days),
    );
    app.post('/outreach/export', { config: { permission: 'client.outreach' }, schema: { tags, summary: 'Send the outreach list to HQ for messaging', body: W.OutreachExportBody, response: { 200: Type.Object({ exported: Type.Integer() }), ...errorReplies } } }, async (request) =>
      ctx.clients.exportOutreach(request.body.channel, request.body.days, request.actor),
    );
    app.get('/:id', { config: read, schema: { tags, summary: 'A client’s profile with history and recommendations (figures by role)', params: W.ClientParams, response: { 200: W.ClientProfile, ...errorReplies } } }, async (request) =>
      ctx.clients.profile(request.params.id),
    );
    app.put('/:id', { config: write, schema: { tags, summary: 'Change a client’s details', params: W.ClientParams, body: W.ClientDetails, response: done } }, async (request, reply) => {
      ctx.clients.update(request.params.id, request.body, request.actor);
      return reply.status(204).send(null);
    });
    app.put('/:id/consents', { config: write, schema: { tags, summary: 'Give or withdraw marketing consent for a channel (date and who are recorded)', params: W.ClientParams, body: W.ConsentBody, response: done } }, async (request, reply) => {
      ctx.clients.setConsent(request.params.id, request.body.channel, request.body.granted, request.actor);
      return reply.status(204).send(null);
    });
    app.post('/:id/notes', { config: write, schema: { tags, summary: 'Add a note', params: W.ClientParams, body: W.NoteBody, response: done } }, async (request, reply) => {
      ctx.clients.addNote(request.params.id, request.body.text, request.actor);
      return reply.status(204).send(null);
    });
    app.post('/:id/appointments', { config: write, schema: { tags, summary: 'Book an appointment', params: W.ClientParams, body: W.AppointmentBody, response: { 201: Type.Object({ appointmentId: Type.String() }), ...errorReplies } } }, async (request, reply) =>
      reply.status(201).send(ctx.clients.addAppointment(request.params.id, request.body, request.actor)),
    );
    app.put('/:id/identity', { config: { permission: 'client.identify' }, schema: { tags, summary: 'Record the identity document checked for large cash', params: W.ClientParams, body: W.IdentityBody, response: { 200: Type.Object({ fields: Type.Array(Type.String()) }), ...errorReplies } } }, async (request) =>
      ctx.clients.recordIdentity(request.params.id, request.body, request.actor),
    );
    app.post('/:id/identity/reveal', { config: { permission: 'client.revealIdentity', revealsIdentity: true }, schema: { tags, summary: 'The full identity numbers (masked in every other answer); recorded with who and why', params: W.ClientParams, body: W.RevealBody, response: { 200: W.Revealed, ...errorReplies } } }, async (request) =>
      ctx.clients.revealIdentity(request.params.id, request.body.reason, request.actor),
    );
    app.post('/:id/merge', { config: { permission: 'client.merge' }, schema: { tags, summary: 'Merge a duplicate into this client, keeping all history (manager)', params: W.ClientParams, body: W.MergeBody, response: done } }, async (request, reply) => {
      ctx.clients.merge(request.params.id, request.body.duplicateId, request.actor);
      return reply.status(204).send(null);
    });
    app.get('/:id/export', { config: { permission: 'client.privacy' }, schema: { tags, summary: 'Everything held about the client, as JSON', params: W.ClientParams, response: { 200: W.ClientExport, ...errorReplies } } }, async (request) =>
      ctx.clients.exportData(request.params.id, request.actor),
    );
    app.post('/:id/erase', { config: { permission: 'client.privacy' }, schema: { tags, summary: 'Erase the client’s personal data on request; sales are kept anonymised', params: W.ClientParams, body: W.EraseBody, response: { 200: W.Erased, ...errorReplies } } }, async (request) =>
      ctx.clients.erase(request.params.id, request.body.reason, request.actor),
    );
  };

/** The client of an open sale (prefix /api/v1/sales). */
export const cartClientRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.put('/carts/:id/client', { config: { permission: 'sale.sell' }, schema: { tags: ['sales'], summary: 'Attach a client to the sale (null: none)', params: CartParams, body: W.AttachClientBody, response: { 200: CartView, ...errorReplies } } }, async (request) =>
      present(ctx.sales.attachClient(request.params.id, request.body.clientId)),
    );
  };

/** Large-cash records for managers (prefix /api/v1/compliance). */
export const complianceRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['compliance'];
    app.get('/form-8300', { config: { permission: 'compliance.read' }, schema: { tags, summary: 'Form 8300 records, those still to file first', response: { 200: Type.Array(W.Form8300Record), ...errorReplies } } }, async () => ctx.clients.form8300s());
    app.post('/form-8300/:id/filed', { config: { permission: 'compliance.file' }, schema: { tags, summary: 'Mark a Form 8300 record filed, with the BSA E-Filing confirmation', params: W.Form8300Params, body: W.FiledBody, response: done } }, async (request, reply) => {
      ctx.clients.markForm8300Filed(request.params.id, request.body.reference, request.actor);
      return reply.status(204).send(null);
    });
  };
