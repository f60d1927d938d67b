import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { IdParams, NewStaff, PinReset, StaffMember, StaffPatch } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';
import { secondPersonFor } from '../auth.ts';
import { errorReplies } from './replies.ts';

/**
 * The staff list: add people, change roles, deactivate, reset PINs. Adding, promoting or
 * reactivating a manager or admin takes a second manager's or admin's approval for `staff.manage`
 * (X-Loupe-Approval); nobody gives a role, or resets a PIN, above their own (see StaffService).
 */
export const staffRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['staff'];

    app.get(
      '',
      { config: { permission: 'staff.read' }, schema: { tags, summary: 'All staff', response: { 200: Type.Array(StaffMember), ...errorReplies } } },
      async () => ctx.staff.list(),
    );

    app.post(
      '',
      { config: { permission: 'staff.manage' }, schema: { tags, summary: 'Add a staff member (a manager or admin: with X-Loupe-Approval of a second one)', body: NewStaff, response: { 201: StaffMember, ...errorReplies } } },
      async (request, reply) => {
        const second = secondPersonFor(request, ctx.sessions, 'staff.manage');
        const added = await ctx.staff.add(request.body, { ...request.actor, approver: second.approver });
        second.use();
        return reply.status(201).send(added);
      },
    );

    app.patch(
      '/:id',
      { config: { permission: 'staff.manage' }, schema: { tags, summary: 'Rename, change role, activate or deactivate (to manager or admin: with X-Loupe-Approval of a second one)', params: IdParams, body: StaffPatch, response: { 200: StaffMember, ...errorReplies } } },
      async (request) => {
        const second = secondPersonFor(request, ctx.sessions, 'staff.manage');
        const updated = ctx.staff.update(request.params.id, request.body, { ...request.actor, approver: second.approver });
        second.use();
        if (request.body.role !== undefined || request.body.active === false) ctx.sessions.closeAllFor(updated.id);
        return updated;
      },
    );

    app.put(
      '/:id/pin',
      { config: { permission: 'staff.manage' }, schema: { tags, summary: 'Set a new PIN', params: IdParams, body: PinReset, response: { 204: Type.Null(), ...errorReplies } } },
      async (request, reply) => {
        await ctx.staff.resetPin(request.params.id, request.body.pin, request.actor);
        ctx.sessions.closeAllFor(request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
