import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Health } from '../../wire/api.ts';
import type { ApiContext } from '../context.ts';

/** `GET /healthz`: answers without sign-in, for the kiosk, systemd, technicians and HQ. */
export const healthRoutes =
  (ctx: ApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.get(
      '/healthz',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Appliance health', security: [], response: { 200: Health } } },
      async () => ctx.health(),
    );
  };
