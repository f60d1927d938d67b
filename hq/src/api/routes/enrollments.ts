/**
 * `/api/v1/enrollments`: a till without a certificate asks for a pairing code and polls for its
 * certificate (no token: it has none yet; rate-limited by address); a person at HQ enters the
 * code with the store (admin token; wrong codes are rate-limited too).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HqApiContext } from '../context.ts';
import { ErrorBody } from '../wire.ts';

const Result = Type.Object({
  deviceId: Type.String(),
  storeId: Type.String(),
  brokerUrl: Type.String(),
  certificate: Type.String({ description: 'PEM, CN = device id, signed by HQ’s device CA' }),
  caCertificate: Type.String({ description: 'PEM of HQ’s device CA: the broker’s and HQ’s issuer' }),
  firstManager: Type.Object({ salt: Type.String(), hash: Type.String() }, { description: 'scrypt (N 16384, r 8, p 1, 32 bytes) of the first-manager code' }),
});

export const enrollmentRoutes =
  (ctx: HqApiContext): FastifyPluginAsyncTypebox =>
  async (app) => {
    app.post(
      '/',
      {
        schema: {
          tags: ['enrollment'],
          summary: 'A till asks to be enrolled: answers its pairing code and a secret poll id',
          security: [],
          body: Type.Object({ deviceId: Type.String({ maxLength: 63 }), csr: Type.String({ maxLength: 8192 }) }, { additionalProperties: false }),
          response: { 201: Type.Object({ requestId: Type.String(), pairingCode: Type.String(), expiresAt: Type.String() }), 400: ErrorBody, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        ctx.limits.requests.take(request.ip);
        return reply.status(201).send(await ctx.enrollment.request(request.body));
      },
    );

    app.get(
      '/:requestId',
      {
        schema: {
          tags: ['enrollment'],
          summary: 'The till polls: pending, or its certificate, store and broker once HQ approved',
          security: [],
          params: Type.Object({ requestId: Type.String({ minLength: 32, maxLength: 64 }) }),
          response: {
            200: Type.Union([Type.Object({ state: Type.Literal('pending'), expiresAt: Type.String() }), Type.Intersect([Type.Object({ state: Type.Literal('approved') }), Result])]),
            404: ErrorBody,
            410: ErrorBody,
            429: ErrorBody,
          },
        },
      },
      async (request) => {
        ctx.limits.polls.take(request.ip);
        return ctx.enrollment.poll(request.params.requestId);
      },
    );

    app.post(
      '/approve',
      {
        preHandler: ctx.admin,
        schema: {
          tags: ['enrollment'],
          summary: 'HQ enters a till’s pairing code: its certificate is signed and its store assigned',
          body: Type.Object(
            {
              code: Type.String({ minLength: 8, maxLength: 12, description: 'As printed, e.g. K7QM-2XPD' }),
              storeId: Type.String({ maxLength: 32 }),
              replaces: Type.Optional(Type.String({ maxLength: 63, description: 'The device id of the till this box replaces: it keeps that id, the old certificate is revoked' })),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Intersect([Result, Type.Object({ firstManagerCode: Type.String({ description: 'Give it to the store’s manager: it creates the till’s first manager at the counter, once' }) })]),
            400: ErrorBody,
            401: ErrorBody,
            404: ErrorBody,
            409: ErrorBody,
            410: ErrorBody,
            429: ErrorBody,
          },
        },
      },
      async (request) => {
        // Every attempt counts, so a guesser gets at most `limit` tries a window from one address.
        ctx.limits.approvals.take(request.ip);
        return ctx.enrollment.approve(request.body);
      },
    );
  };
