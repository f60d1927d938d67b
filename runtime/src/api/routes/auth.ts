import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { countersigned, lendable, ROLE_PERMISSIONS, roleAllows } from '../../domain/roles.ts';
import { LoupeError } from '../../errors.ts';
import type { Session } from '../../modules/staff/sessions.ts';
import { ApprovalGranted, ApprovalRequest, PinChange, SessionView, SignedIn, SignIn, Unlock } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

/** Sign in and out, lock and unlock the screen, and manager approvals by PIN. */
export const authRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    const view = (session: Session) => ({
      staff: session.staff,
      permissions: [...ROLE_PERMISSIONS[session.staff.role]],
      startedAt: session.startedAt.toISOString(),
      locked: session.locked,
      idleLockSeconds: ctx.settings.security.idleLockSeconds,
    });
    const tags = ['auth'];

    app.post(
      '/login',
      { config: { public: true }, schema: { tags, summary: 'Sign in with staff number and PIN', security: [], body: SignIn, response: { 200: SignedIn, ...errorReplies } } },
      async (request) => {
        const staff = await ctx.staff.verifyPin(request.body.code, request.body.pin);
        ctx.staff.recordSignIn(staff);
        const { token, session } = ctx.sessions.open(staff);
        return { token, session: view(session) };
      },
    );

    app.get(
      '/session',
      { config: { permission: 'session.use', allowLocked: true }, schema: { tags, summary: 'The current session', response: { 200: SessionView, ...errorReplies } } },
      async (request) => view(request.session as Session),
    );

    app.post(
      '/logout',
      { config: { permission: 'session.use', allowLocked: true }, schema: { tags, summary: 'Sign out', response: { 204: Type.Null(), ...errorReplies } } },
      async (request, reply) => {
        ctx.sessions.close(request.session as Session);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/lock',
      { config: { permission: 'session.use', allowLocked: true }, schema: { tags, summary: 'Lock the screen', response: { 200: SessionView, ...errorReplies } } },
      async (request) => {
        ctx.sessions.lock(request.session as Session);
        return view(request.session as Session);
      },
    );

    app.post(
      '/unlock',
      { config: { permission: 'session.use', allowLocked: true }, schema: { tags, summary: 'Unlock the screen with the PIN of whoever signed in', body: Unlock, response: { 200: SessionView, ...errorReplies } } },
      async (request) => {
        const session = request.session as Session;
        await ctx.staff.verifyPin(session.staff.code, request.body.pin);
        ctx.sessions.unlock(session);
        return view(session);
      },
    );

    app.put(
      '/pin',
      { config: { permission: 'session.use' }, schema: { tags, summary: 'Change your own PIN', body: PinChange, response: { 204: Type.Null(), ...errorReplies } } },
      async (request, reply) => {
        const session = request.session as Session;
        await ctx.staff.verifyPin(session.staff.code, request.body.currentPin);
        await ctx.staff.resetPin(session.staff.id, request.body.newPin, request.actor);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/approvals',
      { config: { permission: 'session.use' }, schema: { tags, summary: 'A manager approves one action by PIN (a selling-floor limit; or, for staff.manage, a second manager or admin)', body: ApprovalRequest, response: { 200: ApprovalGranted, ...errorReplies } } },
      async (request) => {
        const session = request.session as Session;
        const { permission } = request.body;
        // Either a selling-floor limit lent to a seller, or a second person for what the caller holds but may not do alone.
        const countersign = roleAllows(session.staff.role, permission) && countersigned(permission);
        if (!countersign && !lendable(session.staff.role, permission)) throw new LoupeError('LOUPE_E_AUTH_FORBIDDEN', { permission });
        const approver = await ctx.staff.verifyPin(request.body.code, request.body.pin);
        if (approver.id === session.staff.id || !roleAllows(approver.role, permission) || !(countersign || roleAllows(approver.role, 'approval.grant'))) {
          throw new LoupeError('LOUPE_E_AUTH_APPROVER_NOT_ALLOWED', { permission });
        }
        const ref = { staffId: approver.id, name: approver.name };
        const granted = ctx.sessions.grantApproval(session, permission, ref);
        return { approvalToken: granted.token, approver: ref, permission, expiresAt: granted.expiresAt };
      },
    );
  };
