/** `/api/v1/devices`: what HQ does to an enrolled till. Revocation shuts a stolen box out. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HqApiContext } from '../context.ts';
import { ErrorBody } from '../wire.ts';

export const deviceRoutes =
  (ctx: HqApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/:deviceId/revoke',
      {
        preHandler: ctx.admin,
        schema: {
          tags: ['devices'],
          summary: 'Revoke every certificate of a till: it goes on the CRL, which the broker reloads',
          params: Type.Object({ deviceId: Type.String({ maxLength: 63 }) }),
          response: { 200: Type.Object({ deviceId: Type.String(), revoked: Type.Integer() }), 401: ErrorBody, 404: ErrorBody },
        },
      },
      async (request) => ctx.enrollment.revoke(request.params.deviceId),
    );
  };
