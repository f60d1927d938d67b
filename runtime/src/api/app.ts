/**
 * The local API as a fastify instance: validation, errors, OpenAPI, auth and the routes.
 * It does not listen (server.ts does), so tests drive it with `inject()`.
 */
import fastJson from 'fast-json-stringify';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import { ERRORS, isLoupeError, LoupeError, type ErrorCode } from '../errors.ts';
import { isDeviceError } from '../../../drivers/errors.ts';
import type { ValidateFunction } from 'ajv';
import { bodyAjv, compileText, type Validator } from '../wire/validate.ts';
import type { ApiContext } from './context.ts';
import { authPlugin } from './auth.ts';
import { clientErrorHandler, errorBody, installBodyParsers, refuseBadQueryStrings, refuseUnexpectedBodies } from './request-edge.ts';
import { registerLive } from './live.ts';
import { auditRoutes } from './routes/audit.ts';
import { authRoutes } from './routes/auth.ts';
import { healthRoutes } from './routes/health.ts';
import { pieceRoutes } from './routes/pieces.ts';
import { bulkRoutes } from './routes/bulk.ts';
import { saleRoutes } from './routes/sales.ts';
import { paymentRoutes } from './routes/payments.ts';
import { tillRoutes } from './routes/till.ts';
import { stockRoutes } from './routes/stock.ts';
import { demoRoutes } from './routes/demo.ts';
import { staffRoutes } from './routes/staff.ts';
import { systemRoutes } from './routes/system.ts';
import { uiRoutes } from './routes/ui.ts';
import { cartClientRoutes, clientRoutes, complianceRoutes } from './routes/clients.ts';
import { provisioningRoutes } from './routes/provisioning.ts';

export type Api = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

export async function buildApi(ctx: ApiContext, logger: Logger, version: string): Promise<Api> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: 1_048_576,
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // Errors fastify raises before routing (a bad %-escape, an over-long path parameter) still speak the registry.
    frameworkErrors: (error, _request, reply) => {
      const loupe = toLoupeError(error);
      void (reply as FastifyReply).status(loupe.status).send(errorBody(loupe));
    },
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  installBodyParsers(app);
  // Each validator is compiled on its route's first request, not at start-up (it was 140 ms of it).
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let compiled: Validator | undefined;
    const validate = (data: unknown) => {
      compiled ??= httpPart === 'body' ? bodyAjv.compile(schema) : compileText(schema);
      const valid = compiled(data);
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate;
  });
  // Likewise each response serializer is built on its route's first reply (~100 ms of start-up with every route's schema).
  app.setSerializerCompiler(({ schema }) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => (serialize ??= fastJson(schema as Parameters<typeof fastJson>[0]))(data);
  });
  app.setErrorHandler((error, request, reply) => {
    const loupe = toLoupeError(error as Error);
    // A fault of ours is logged whole; a device or the disk saying no (paper out, tag not written, disk full) is an event, not a bug.
    if (loupe.code === 'LOUPE_E_INTERNAL_FAULT') request.log.error({ err: error, url: request.url }, 'request failed');
    else if (loupe.status >= 500) request.log.warn({ code: loupe.code, details: loupe.details, url: request.url }, 'request refused by a device or the ledger');
    return reply.status(loupe.status).send(errorBody(loupe));
  });
  app.setNotFoundHandler({}, (request, reply) => {
    const error = new LoupeError('LOUPE_E_API_NOT_FOUND', { method: request.method, url: request.url.slice(0, 200) });
    return reply.status(error.status).send(errorBody(error));
  });
  refuseUnexpectedBodies(app);
  refuseBadQueryStrings(app);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Loupe appliance API', version, description: 'Local API of the Loupe point-of-sale appliance.' },
      components: { securitySchemes: { staffSession: { type: 'http', scheme: 'bearer' } } },
      security: [{ staffSession: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { sessions: ctx.sessions });

  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx), { prefix: '/api/v1/auth' });
  await app.register(staffRoutes(ctx), { prefix: '/api/v1/staff' });
  await app.register(auditRoutes(ctx), { prefix: '/api/v1/audit' });
  await app.register(pieceRoutes(ctx), { prefix: '/api/v1/pieces' });
  await app.register(bulkRoutes(ctx), { prefix: '/api/v1/bulk' });
  await app.register(saleRoutes(ctx), { prefix: '/api/v1/sales' });
  await app.register(paymentRoutes(ctx), { prefix: '/api/v1/payments' });
  await app.register(tillRoutes(ctx), { prefix: '/api/v1/till' });
  await app.register(stockRoutes(ctx), { prefix: '/api/v1/stock' });
  await app.register(systemRoutes(ctx), { prefix: '/api/v1/system' });
  await app.register(clientRoutes(ctx), { prefix: '/api/v1/clients' });
  await app.register(cartClientRoutes(ctx), { prefix: '/api/v1/sales' });
  await app.register(complianceRoutes(ctx), { prefix: '/api/v1/compliance' });
  await app.register(provisioningRoutes(ctx), { prefix: '/api/v1' });
  const counter = ctx.simulators.counter;
  if (counter) await app.register(demoRoutes(counter, ctx.simulators.paymentTerminal), { prefix: '/api/v1/demo' });
  await app.register(uiRoutes(ctx));
  await registerLive(app, { bus: ctx.bus, sessions: ctx.sessions });
  await app.ready();
  return app;
}

/** Every failure becomes one of the registry's codes; internals of a 5xx never reach the caller. */
function toLoupeError(error: FastifyError | Error): LoupeError {
  if (isLoupeError(error)) return error;
  if (isDeviceError(error)) return new LoupeError(error.code, error.details, error.message);
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const fields = fastifyError.validation.map((issue) => {
      const params = issue.params as { missingProperty?: string; additionalProperty?: string };
      const leaf = params.missingProperty ?? params.additionalProperty;
      const path = [fastifyError.validationContext, ...issue.instancePath.split('/').filter(Boolean), ...(leaf ? [leaf] : [])].join('.');
      return { path, problem: issue.message ?? 'is not valid' };
    });
    const message = `${ERRORS.LOUPE_E_API_VALIDATION.message} ${fields.map((field) => `${field.path} ${field.problem}`).join('; ')}`;
    return new LoupeError('LOUPE_E_API_VALIDATION', { fields }, message);
  }
  const known = FASTIFY_CODES[fastifyError.code];
  if (known) return new LoupeError(known[0], known[1]);
  if (error instanceof SyntaxError) return new LoupeError('LOUPE_E_API_MALFORMED_JSON');
  // better-sqlite3's SqliteError: the transaction was rolled back, nothing of the command was kept.
  if (fastifyError.code === 'SQLITE_FULL') return new LoupeError('LOUPE_E_LEDGER_FULL');
  // Any other refusal of fastify's own is about the request, not a fault of ours.
  if (fastifyError.code?.startsWith('FST_ERR_') && fastifyError.statusCode !== undefined && fastifyError.statusCode < 500) {
    return new LoupeError('LOUPE_E_API_BAD_REQUEST', { reason: fastifyError.message });
  }
  return new LoupeError('LOUPE_E_INTERNAL_FAULT');
}

/** The longest path parameter the router takes; a longer one is refused before routing. */
const MAX_PARAM_LENGTH = 100;

/** fastify's refusals of a request, each as the registry's code with what to correct (never the request echoed back). */
const FASTIFY_CODES: Record<string, [ErrorCode, Record<string, unknown>?]> = {
  FST_ERR_BAD_URL: ['LOUPE_E_API_BAD_URL', { part: 'path', problem: 'is not %-encoded UTF-8' }],
  FST_ERR_MAX_PARAM_LENGTH: ['LOUPE_E_API_BAD_URL', { part: 'path', problem: 'has a parameter that is too long', maxLength: MAX_PARAM_LENGTH }],
  FST_ERR_CTP_BODY_TOO_LARGE: ['LOUPE_E_API_BODY_TOO_LARGE'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['LOUPE_E_API_MALFORMED_JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['LOUPE_E_API_MALFORMED_JSON', { problem: 'is empty' }],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['LOUPE_E_API_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_TYPE: ['LOUPE_E_API_MEDIA_TYPE'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['LOUPE_E_API_BAD_REQUEST', { problem: 'the body does not match its Content-Length' }],
};
