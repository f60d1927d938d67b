/**
 * `GET /api/v1/provisioning`: whether this box is enrolled with HQ and, while it waits, the
 * pairing code it printed, for the sign-in screen. Public like /healthz: nobody can sign in on a
 * box that has not been enrolled yet, and the code alone enrolls nothing without HQ's admin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ProvisioningStatus } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';

export const provisioningRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/provisioning',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Enrollment with HQ: state and the pairing code while waiting', security: [], response: { 200: ProvisioningStatus } } },
      async () => ctx.provisioning?.() ?? { state: 'not-configured' as const, deviceId: ctx.settings.device.id },
    );
  };
