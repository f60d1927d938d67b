import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { exchangeRate } from '../../domain/exchange-rate.ts';
import { LoupeError } from '../../errors.ts';
import { fxRates } from '../../store/hq-documents.ts';
import { CashRate, StoreFace } from '../../wire/counter.ts';
import type { ApiContext } from '../context.ts';
import { errorReplies } from './replies.ts';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** `ui/dist`, found from this file whether it runs from source (runtime/src/api/routes) or from the bundle (firmware/dist). */
export function uiDist(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'ui', 'dist');
}

/**
 * The touchscreen: the built app's static files at `/` (public: the data comes from the signed-in
 * API), the store's locale and currency for formatting, and the rates foreign cash is taken at.
 */
export const uiRoutes =
  (ctx: ApiContext, dist = uiDist()): FastifyPluginAsyncTypebox =>
  async (app) => {
    const tags = ['ui'];
    const send = (file: string) => {
      const built = existsSync(dist) ? readdirSync(dist) : [];
      if (!built.includes(file)) throw new LoupeError('LOUPE_E_API_NOT_FOUND', { file });
      return { type: TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream', body: readFileSync(join(dist, file)) };
    };
    const file = { 200: Type.Unsafe<Buffer>({ type: 'string', description: 'A file of the built touchscreen app' }), ...errorReplies };

    app.get('/', { config: { public: true }, schema: { tags, summary: 'The touchscreen app', security: [], response: file } }, async (_request, reply) => {
      const { type, body } = send('index.html');
      return reply.type(type).header('cache-control', 'no-cache').send(body);
    });
    app.get('/ui/:file', { config: { public: true }, schema: { tags, summary: 'A file of the touchscreen app', security: [], params: Type.Object({ file: Type.String({ pattern: '^[a-z0-9-]+\\.[a-z]+$' }) }), response: file } }, async (request, reply) => {
      const { type, body } = send(request.params.file);
      return reply.type(type).header('cache-control', 'no-cache').send(body);
    });

    // Public like /healthz: the sign-in screen shows the store's name and its local time before anyone signs in.
    app.get('/api/v1/counter/store', { config: { public: true }, schema: { tags, summary: 'Store name, locale, currency and time zone, for the screen (public: no session needed)', security: [], response: { 200: StoreFace, ...errorReplies } } }, async () => {
      const { id, name, locale, currency, timeZone } = ctx.settings.store;
      return { id, name, locale, currency, timeZone };
    });
    app.get('/api/v1/counter/rates', { config: { permission: 'sale.read' }, schema: { tags, summary: 'The rates foreign cash is taken at (from HQ)', response: { 200: Type.Array(CashRate), ...errorReplies } } }, async () => {
      const store = ctx.settings.store.currency;
      const listed = fxRates(ctx.ledger.db);
      return listed.flatMap((rate) => {
        const currency = rate.base === store ? rate.quote : rate.quote === store ? rate.base : null;
        const quote = currency ? exchangeRate(listed, store, currency) : null;
        return currency && quote && typeof quote !== 'string' ? [{ currency, numerator: quote.numerator, denominator: quote.denominator, asOf: rate.asOf }] : [];
      });
    });
  };
