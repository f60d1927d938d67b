/**
 * Every number a caller sends has bounds: money, quantities and paging are safe integers with a
 * sensible maximum in their schema, so a huge or infinite number is a coded 400, never a 500 from
 * the arithmetic, and nothing is kept.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_MINOR } from '../../../runtime/src/wire/schema-kit.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const bounds = suite<{ t: TestAppliance; manager: string; pieceId: string; cartId: string }>('number bounds at the edge');

bounds.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
  ctx.pieceId = (ctx.t.appliance.ledger.db.prepare("SELECT id FROM pieces WHERE status = 'in_stock' LIMIT 1").get() as { id: string }).id;
  ctx.cartId = (await ctx.t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(ctx.manager) })).json().id;
});
bounds.after(async (ctx) => ctx.t.stop());

/** Every integer or number node under `node`, with where it is. */
function numbers(node: unknown, path: string, found: { path: string; minimum?: number; maximum?: number }[] = []) {
  if (!node || typeof node !== 'object') return found;
  const schema = node as { type?: string | string[]; minimum?: number; maximum?: number };
  const types = [schema.type].flat();
  if (types.includes('integer') || types.includes('number')) found.push({ path, minimum: schema.minimum, maximum: schema.maximum });
  for (const [key, child] of Object.entries(node)) numbers(child, `${path}.${key}`, found);
  return found;
}

bounds('should bound every number of every request schema with safe integers :: body, query string, path', ({ t }) => {
  const doc = t.api.swagger() as { paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown }>> };
  const found = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) => numbers({ body: operation.requestBody, parameters: operation.parameters }, `${method.toUpperCase()} ${path}`)),
  );
  assert.ok(found.length >= 40, `only ${found.length} numbers found`);
  const unbounded = found.filter((n) => !(Number.isSafeInteger(n.minimum) && Number.isSafeInteger(n.maximum)));
  assert.equal(unbounded, []);
  const money = found.filter((n) => /Minor$/.test(n.path) || n.path.endsWith('.minor'));
  assert.ok(money.length >= 15 && money.every((n) => (n.maximum as number) <= MAX_MINOR), JSON.stringify(money));
});

bounds('should refuse huge and infinite numbers with a coded 400 :: float, cash in/out, price, tenders, paging', async ({ t, manager, pieceId, cartId }) => {
  await openTill(t, 10_000);
  const audit = () => (t.appliance.ledger.db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n;
  const before = audit();
  const bodies: [string, string, string][] = [
    ['POST', '/api/v1/till/open', '{"floatMinor":1e309}'],
    ['POST', '/api/v1/till/cash-in', '{"amountMinor":1e20,"reason":"From the bank"}'],
    ['POST', '/api/v1/till/cash-out', '{"amountMinor":9007199254740993,"reason":"To the safe"}'],
    ['POST', '/api/v1/till/cash-in', `{"amountMinor":${MAX_MINOR + 1},"reason":"From the bank"}`],
    ['PUT', `/api/v1/pieces/${pieceId}/price`, '{"retailMinor":1e20,"reason":"Market move"}'],
    ['POST', `/api/v1/sales/carts/${cartId}/tenders`, '{"kind":"cash","amountMinor":9007199254740993,"currency":"USD"}'],
    ['POST', `/api/v1/sales/carts/${cartId}/card`, '{"amountMinor":1e309}'],
    ['PUT', `/api/v1/sales/carts/${cartId}/discount`, '{"discount":{"kind":"amount","minor":1e20}}'],
  ];
  for (const [method, url, payload] of bodies) {
    const reply = await t.api.inject({ method: method as 'POST', url, headers: { ...bearer(manager), 'content-type': 'application/json' }, payload });
    assert.is(reply.statusCode, 400, `${url} ${payload}: ${reply.body}`);
    assert.is(reply.json().error.code, 'LOUPE_E_API_VALIDATION', url);
  }
  for (const url of ['/api/v1/pieces?offset=1e309', '/api/v1/pieces?offset=9007199254740993', '/api/v1/bulk?offset=1e20', '/api/v1/audit?afterSeq=1e309', '/api/v1/pieces?maxPriceMinor=1e20']) {
    const reply = await t.api.inject({ method: 'GET', url, headers: bearer(manager) });
    assert.is(reply.statusCode, 400, `${url}: ${reply.body}`);
    assert.is(reply.json().error.code, 'LOUPE_E_API_VALIDATION', url);
  }
  assert.is(audit(), before);
});

bounds.run();
