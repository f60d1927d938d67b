/**
 * Who is asking, and may they. Every route declares `config.permission` or `config.public`;
 * a route without either stops the API from starting. A caller whose role lacks the permission
 * may still go ahead with a manager's approval token (`X-Loupe-Approval`), used up by the request,
 * but only for a permission the matrix says may be lent to that role (`lendable`); anything else
 * answers 403 LOUPE_E_AUTH_FORBIDDEN, approval or not.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { LoupeError } from '../errors.ts';
import { NO_VOUCH, type Actor, type Vouch } from '../domain/actor.ts';
import { visibleTo, type Viewer } from '../domain/field-visibility.ts';
import { lendable, roleAllows, type Permission, type Role } from '../domain/roles.ts';
import type { Session, SessionBook } from '../modules/staff/sessions.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission the route needs. */
    permission?: Permission;
    /** Reachable without signing in: health, docs, sign-in. */
    public?: boolean;
    /** Usable while the screen is locked (unlock, sign out). */
    allowLocked?: boolean;
    /** The audited reveal of identity numbers: its answer is not masked (fields are still shown by permission). */
    revealsIdentity?: boolean;
  }
  interface FastifyRequest {
    session: Session | null;
    actor: Actor;
  }
  interface FastifyInstance {
    /** Every route with what it needs, as declared; the route-permission tests walk it. */
    routeTable: RouteEntry[];
  }
}

export interface RouteEntry {
  method: string;
  url: string;
  permission: Permission | null;
  public: boolean;
  input: { body: boolean; querystring: boolean; params: boolean };
}

export const APPROVAL_HEADER = 'x-loupe-approval';

function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) throw new LoupeError('LOUPE_E_AUTH_REQUIRED');
  return header.slice('Bearer '.length).trim();
}

function approvalToken(request: FastifyRequest): string | undefined {
  const value = request.headers[APPROVAL_HEADER];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export const authPlugin = fp<{ sessions: SessionBook }>(
  async (app: FastifyInstance, { sessions }) => {
    app.decorateRequest('session', null);
    // Set by the preHandler below on every route that has a permission; public routes have no actor.
    app.decorateRequest('actor', null as unknown as Actor);

    const routeTable: RouteEntry[] = [];
    app.decorate('routeTable', routeTable);
    app.addHook('onRoute', (route) => {
      const config = (route.config ?? {}) as { permission?: Permission; public?: boolean };
      if (route.url.startsWith('/docs')) route.config = { ...config, public: true };
      else if (!config.public && !config.permission) throw new Error(`route ${route.method} ${route.url} declares no permission`);
      const schema = route.schema ?? {};
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        routeTable.push({
          method,
          url: route.url,
          permission: config.permission ?? null,
          public: route.url.startsWith('/docs') || config.public === true,
          input: { body: schema.body !== undefined, querystring: schema.querystring !== undefined, params: schema.params !== undefined },
        });
      }
    });

    // Runs before the body is parsed, so an anonymous caller learns nothing about a route's input.
    app.addHook('onRequest', async (request) => {
      const { permission, public: isPublic, allowLocked } = request.routeOptions.config;
      if (isPublic || !permission) return;
      const token = bearer(request);
      const session = allowLocked ? sessions.find(token) : sessions.use(token);
      request.session = session;
      if (roleAllows(session.staff.role, permission)) return;
      if (!lendable(session.staff.role, permission)) throw new LoupeError('LOUPE_E_AUTH_FORBIDDEN', { permission });
      const approval = approvalToken(request);
      if (approval) sessions.peekApproval(approval, session, permission);
      else throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission });
    });

    // Runs after validation: an approval is used up only by a request that will really run.
    app.addHook('preHandler', async (request) => {
      const session = request.session;
      const permission = request.routeOptions.config.permission;
      if (!session || !permission) return;
      const staff = { staffId: session.staff.id, name: session.staff.name, role: session.staff.role };
      const approval = approvalToken(request);
      const approver = roleAllows(session.staff.role, permission) || !approval ? null : sessions.consumeApproval(approval, session, permission);
      request.actor = { staff, approver };
    });

    // Every answer, errors included, shows each field by the caller's own role (an approval lends no sight).
    app.addHook('preSerialization', async (request, _reply, payload) =>
      visibleTo(payload, viewerOf(request.session?.staff.role ?? null, request.routeOptions.config.revealsIdentity !== true)),
    );
  },
  { name: 'loupe-auth' },
);

/** What a role may see (`null`: nobody signed in), for `visibleTo`. */
export function viewerOf(role: Role | null, masksIdentity = true): Viewer {
  return { holds: (permission) => role !== null && roleAllows(role, permission), masksIdentity };
}

/**
 * For an action whose need of a permission depends on the data (a discount above the clerk's
 * limit, voiding a paid sale): who vouches for it. The caller themself if their role holds the
 * permission; else the manager whose approval token came with the request; else null. The
 * action calls `use()` when it relied on the approval, which uses it up.
 */
export function vouchedBy(request: FastifyRequest, sessions: SessionBook, permission: Permission): Vouch {
  const session = request.session;
  if (!session) return NO_VOUCH;
  if (roleAllows(session.staff.role, permission)) return { approver: { staffId: session.staff.id, name: session.staff.name }, use: () => {} };
  const token = approvalToken(request);
  if (!token || !lendable(session.staff.role, permission)) return NO_VOUCH;
  const approver = sessions.peekApproval(token, session, permission);
  return { approver, use: () => void sessions.consumeApproval(token, session, permission) };
}

/**
 * For an action the caller's role holds but that takes a second person (adding or promoting a
 * manager or admin): the other person whose approval token came with the request, or null. The
 * action calls `use()` once it relied on it; the ledger then records both names.
 */
export function secondPersonFor(request: FastifyRequest, sessions: SessionBook, permission: Permission): Vouch {
  const session = request.session;
  const token = approvalToken(request);
  if (!session || !token) return NO_VOUCH;
  const approver = sessions.peekApproval(token, session, permission);
  if (approver.staffId === session.staff.id) return NO_VOUCH;
  return { approver, use: () => void sessions.consumeApproval(token, session, permission) };
}
