/**
 * `GET /api/v1/provisioning`: whether this box is enrolled with HQ and, while it waits, the
 * pairing code it printed, for the sign-in screen. Public like /healthz: nobody can sign in on a
 * box that has not been enrolled yet, and the code alone enrolls nothing without HQ's admin.
 *
 * `POST /api/v1/provisioning/first-manager`: the store's manager creates the till's first
 * manager with the one-time code HQ gave at enrollment (no default PIN). Public, because nobody
 * can sign in yet; it works only while the till has no staff at all, so once; 5 wrong codes lock
 * it for 15 minutes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SYSTEM_ACTOR } from '../../domain/actor.ts';
import { LoupeError } from '../../errors.ts';
import { firstManagerCodeMatches } from '../../wire/first-manager-code.ts';
import { NewStaff, ProvisioningStatus, StaffMember } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

const WRONG_CODES_BEFORE_LOCK = 5;
const LOCK_MS = 15 * 60_000;

const FirstManager = Type.Object(
  { setupCode: Type.String({ minLength: 10, maxLength: 16, description: 'The first-manager code HQ gave at enrollment' }), code: NewStaff.properties.code, name: NewStaff.properties.name, pin: NewStaff.properties.pin },
  { additionalProperties: false },
);

export const provisioningRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/provisioning',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Enrollment with HQ: state and the pairing code while waiting', security: [], response: { 200: ProvisioningStatus } } },
      async () => ctx.provisioning?.status() ?? { state: 'not-configured' as const, deviceId: ctx.settings.device.id },
    );

    let wrong = 0;
    let lockedUntil = 0;
    let busy = false;
    app.post(
      '/provisioning/first-manager',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Create the first manager with HQ’s one-time code', security: [], body: FirstManager, response: { 201: StaffMember, ...errorReplies } } },
      async (request, reply) => {
        const expected = ctx.provisioning?.firstManagerCode() ?? null;
        if (!expected || busy || ctx.staff.list().length > 0) throw new LoupeError('LOUPE_E_PROVISION_FIRST_MANAGER_EXISTS');
        const now = Date.now();
        if (now < lockedUntil) throw new LoupeError('LOUPE_E_PROVISION_SETUP_CODE_LOCKED', { lockedUntil: new Date(lockedUntil).toISOString() });
        if (!firstManagerCodeMatches(request.body.setupCode, expected)) {
          wrong += 1;
          if (wrong >= WRONG_CODES_BEFORE_LOCK) [wrong, lockedUntil] = [0, now + LOCK_MS];
          throw new LoupeError('LOUPE_E_PROVISION_SETUP_CODE_WRONG');
        }
        // One at a time: two managers typing the code at once must not both become the first.
        busy = true;
        try {
          const { code, name, pin } = request.body;
          return reply.status(201).send(await ctx.staff.add({ code, name, pin, role: 'manager' }, SYSTEM_ACTOR));
        } finally {
          busy = false;
        }
      },
    );
  };
