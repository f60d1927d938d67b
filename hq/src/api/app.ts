/**
 * HQ's HTTP API as a fastify instance: TypeBox validation, HQ's coded errors in the till's shape,
 * OpenAPI at /docs, and the route plugins. It does not listen (server.ts does), so tests drive it
 * with `inject()`. Every route plugin is registered in HQ_ROUTES, the one place to add one.
 */
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyPluginAsync } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { HQ_ERRORS, HqError, isHqError } from '../errors.ts';
import type { HqApiContext } from './context.ts';
import { deviceRoutes } from './routes/devices.ts';
import { enrollmentRoutes } from './routes/enrollments.ts';

export type HqApi = FastifyInstance;

/** HQ's route plugins and their prefixes: add a plugin here (e.g. releases) and nowhere else. */
export const HQ_ROUTES: { prefix: string; routes: (ctx: HqApiContext) => FastifyPluginAsync }[] = [
  { prefix: '/api/v1/enrollments', routes: enrollmentRoutes },
  { prefix: '/api/v1/devices', routes: deviceRoutes },
];

export interface HqApiOptions {
  logger: Logger;
  version: string;
  /** HTTPS (HQ's server certificate from its CA): the tills pin that CA. Without it, plain HTTP (tests only). */
  https?: { key: Buffer; cert: Buffer };
}

export async function buildHqApi(ctx: HqApiContext, options: HqApiOptions): Promise<HqApi> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: 65_536,
    ...(options.https ? { https: options.https } : {}),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as HqApi;
  app.setErrorHandler((error, request, reply) => {
    const hq = toHqError(error as FastifyError);
    if (hq.code === 'HQ_E_INTERNAL_FAULT') request.log.error({ err: error, url: request.url }, 'HQ request failed');
    return reply.status(hq.status).send({ error: { code: hq.code, message: hq.message, hint: hq.hint, details: hq.details } });
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new HqError('HQ_E_API_NOT_FOUND', { method: request.method, url: request.url });
    return reply.status(error.status).send({ error: { code: error.code, message: error.message, hint: error.hint, details: error.details } });
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Loupe HQ API', version: options.version, description: 'HQ’s API: enrollment of tills, devices.' },
      components: { securitySchemes: { hqAdmin: { type: 'http', scheme: 'bearer', description: 'Provisional: HQ_ADMIN_TOKEN' } } },
      security: [{ hqAdmin: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  for (const { prefix, routes } of HQ_ROUTES) await app.register(routes(ctx), { prefix });
  return app;
}

function toHqError(error: FastifyError): HqError {
  if (isHqError(error)) return error;
  if (error.validation) {
    const fields = error.validation.map((issue) => ({ path: [error.validationContext, ...issue.instancePath.split('/').filter(Boolean)].join('.'), problem: issue.message ?? 'is not valid' }));
    return new HqError('HQ_E_API_VALIDATION', { fields }, `${HQ_ERRORS.HQ_E_API_VALIDATION.message} ${fields.map((field) => `${field.path} ${field.problem}`).join('; ')}`);
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError) return new HqError('HQ_E_API_MALFORMED_JSON');
  return new HqError('HQ_E_INTERNAL_FAULT');
}
