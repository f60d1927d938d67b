/**
 * The API's edge, as an attacker, a careless client or a broken terminal would drive it: text that
 * is not Unicode, bytes that are not UTF-8, a body where none is expected, addresses fastify cannot
 * route. Each is refused with the one error shape and a registry code, and nothing is kept.
 */
import { connect } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_STAFF } from '../../../runtime/src/modules/demo/demo-store.ts';
import { roleAllows, ROLES, type Permission } from '../../../runtime/src/domain/roles.ts';
import type { RouteEntry } from '../../../runtime/src/api/auth.ts';
import { verifyAuditLog } from '../../../runtime/src/store/audit-log.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const edge = suite<{ t: TestAppliance; tokens: Map<string, string>; pieceId: string }>('input at the edge');

edge.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.tokens = new Map();
  for (const staff of DEMO_STAFF) ctx.tokens.set(staff.role, await ctx.t.login(staff.code, staff.pin));
  ctx.pieceId = (ctx.t.appliance.ledger.db.prepare("SELECT id FROM pieces WHERE status = 'in_stock' LIMIT 1").get() as { id: string }).id;
});
edge.after(async (ctx) => ctx.t.stop());

const json = { 'content-type': 'application/json' };
/** A token of a role the route lets in, so the refusal seen is about the input. */
const tokenFor = (tokens: Map<string, string>, route: RouteEntry) => {
  if (!route.permission) return {};
  return bearer(tokens.get(ROLES.find((role) => roleAllows(role, route.permission as Permission)) as string) as string);
};
/** Well-formed path parameters, so what is refused is the body. */
const PARAMS: Record<string, string> = { receiptNo: '0042-01-000001', sha256: '0'.repeat(64), number: '0'.repeat(16), file: 'app.js', tenderNo: '1' };
/** Query strings the routes that require one accept. */
const QUERY: Record<string, string> = { 'GET /api/v1/clients': '?q=ann', 'GET /api/v1/clients/outreach': '?channel=email' };
/** The route's address with well-formed parameters, or `bad` in place of parameter `badName`. */
const address = (route: RouteEntry, id: string, badName?: string, bad?: string) =>
  route.url.replace(/:(\w+)/g, (_m, name: string) => (name === badName ? (bad as string) : (PARAMS[name] ?? id))) + (QUERY[`${route.method} ${route.url}`] ?? '');
/** The one error shape, nothing more: `{error:{code:"LOUPE_E_…",message,hint,details}}`. */
function assertCoded(reply: { statusCode: number; body: string }, status: number, code: string, what: string) {
  assert.is(reply.statusCode, status, `${what}: ${reply.body.slice(0, 300)}`);
  const body = JSON.parse(reply.body);
  assert.equal(Object.keys(body), ['error'], what);
  assert.is(body.error.code, code, `${what}: ${reply.body.slice(0, 300)}`);
  assert.ok(typeof body.error.message === 'string' && typeof body.error.hint === 'string', what);
  assert.not.match(reply.body, /FST_ERR|statusCode/, what);
  return body.error as { details: Record<string, unknown> };
}

edge('should refuse a lone surrogate in a reason and keep the audit chain whole :: void, reprice', async ({ t, tokens, pieceId }) => {
  const associate = tokens.get('associate') as string;
  const cart = (await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(associate) })).json();
  const code = (t.appliance.ledger.db.prepare('SELECT stock_no FROM pieces WHERE id = ?').get(pieceId) as { stock_no: string }).stock_no;
  assert.is((await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/lines`, headers: bearer(associate), payload: { code } })).statusCode, 200);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const attempts = [
    { method: 'POST' as const, url: `/api/v1/sales/carts/${cart.id}/void`, token: associate, payload: '{"reason":"\\ud800 customer left"}' },
    { method: 'PUT' as const, url: `/api/v1/pieces/${pieceId}/price`, token: tokens.get('manager') as string, payload: '{"retailMinor":100000,"reason":"market \\udfff move"}' },
  ];
  for (const attempt of attempts) {
    const reply = await t.api.inject({ method: attempt.method, url: attempt.url, headers: { ...bearer(attempt.token), ...json }, payload: attempt.payload });
    const error = assertCoded(reply, 400, 'LOUPE_E_API_TEXT_INVALID', attempt.url);
    assert.is(error.details.path, 'body.reason');
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  assert.ok(verifyAuditLog(t.appliance.ledger.db).ok);
  // An astral character, a combining mark and a paired surrogate escape are whole text: taken, and the chain holds.
  const fine = await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/void`, headers: { ...bearer(associate), ...json }, payload: '{"reason":"\\ud83d\\udc8e cliente se fue\\u0301 💍"}' });
  assert.is(fine.statusCode, 204, fine.body);
  assert.equal(verifyAuditLog(t.appliance.ledger.db).ok, true);
});

edge('should refuse a body that is not UTF-8 before parsing it :: JSON, CSV, plain text', async ({ t, tokens }) => {
  const manager = bearer(tokens.get('manager') as string);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const bodies = [
    { url: '/api/v1/staff', contentType: 'application/json', payload: Buffer.concat([Buffer.from('{"code":"250","name":"Ren'), Buffer.from([0xff, 0xfe]), Buffer.from('e","role":"associate","pin":"4821"}')]) },
    { url: '/api/v1/staff', contentType: 'application/json', payload: Buffer.concat([Buffer.from('{"code":"251","name":"A'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('","role":"associate","pin":"4821"}')]) },
    { url: '/api/v1/pieces/import', contentType: 'text/csv', payload: Buffer.concat([Buffer.from('stock_no,description\nR-1,Ring '), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]) },
    { url: '/api/v1/staff', contentType: 'text/plain', payload: Buffer.from([0x80, 0x81]) },
  ];
  for (const body of bodies) {
    const reply = await t.api.inject({ method: 'POST', url: body.url, headers: { ...manager, 'content-type': body.contentType }, payload: body.payload });
    const error = assertCoded(reply, 400, 'LOUPE_E_API_TEXT_INVALID', `${body.url} ${body.contentType}`);
    assert.equal(error.details, { path: 'body', problem: 'is not valid UTF-8' });
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

edge('should refuse a lone surrogate or invalid UTF-8 on every route that takes a JSON body :: 400, ledger unchanged', async ({ t, tokens, pieceId }) => {
  const routes = t.api.routeTable.filter((route) => route.input.body && route.url !== '/api/v1/pieces/import');
  assert.ok(routes.length >= 30, `only ${routes.length} routes with a body`);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  for (const route of routes) {
    for (const payload of ['{"reason":"\\udc00"}', '{"\\ud800x":1}', Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])]) {
      const reply = await t.api.inject({ method: route.method as Method, url: address(route, pieceId), headers: { ...tokenFor(tokens, route), ...json }, payload });
      assertCoded(reply, 400, 'LOUPE_E_API_TEXT_INVALID', `${route.method} ${route.url} ${payload.toString()}`);
    }
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

edge('should refuse a body on every route that takes none, and not run it :: 400 LOUPE_E_API_BODY_NOT_EXPECTED', async ({ t, tokens, pieceId }) => {
  const routes = t.api.routeTable.filter((route) => !route.url.startsWith('/docs') && !route.input.body && !route.url.endsWith('/photos'));
  assert.ok(routes.length >= 13, `only ${routes.length} routes without a body`);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  for (const route of routes) {
    for (const [payload, contentType] of [['{}', 'application/json'], [Buffer.from([0xff, 0x00]), 'application/octet-stream'], ['x', 'text/plain']] as const) {
      const reply = await t.api.inject({ method: route.method as Method, url: address(route, pieceId), headers: { ...tokenFor(tokens, route), 'content-type': contentType }, payload });
      const code = contentType === 'application/octet-stream' ? 'LOUPE_E_API_MEDIA_TYPE' : 'LOUPE_E_API_BODY_NOT_EXPECTED';
      assertCoded(reply, 400, route.method === 'GET' && code === 'LOUPE_E_API_MEDIA_TYPE' ? 'LOUPE_E_API_BODY_NOT_EXPECTED' : code, `${route.method} ${route.url} ${contentType}`);
    }
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  // Without a body the same request runs.
  const opened = await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(tokens.get('associate') as string) });
  assert.is(opened.statusCode, 201, opened.body);
});

edge('should refuse a bad %-escape or a 5,000-character value in every path parameter :: 400 LOUPE_E_API_BAD_URL', async ({ t, tokens, pieceId }) => {
  const routes = t.api.routeTable.filter((route) => route.url.includes('/:'));
  assert.ok(routes.length >= 20, `only ${routes.length} routes with path parameters`);
  const before = ledgerFingerprint(t.appliance.ledger.db);
  for (const route of routes) {
    for (const name of route.url.match(/:\w+/g) ?? []) {
      for (const bad of ['%FF', '%E0%A4%A', 'x'.repeat(5000)]) {
        const url = address(route, pieceId, name.slice(1), bad);
        const reply = await t.api.inject({ method: route.method as Method, url, headers: tokenFor(tokens, route) });
        assertCoded(reply, 400, 'LOUPE_E_API_BAD_URL', `${route.method} ${route.url} ${name}=${bad.slice(0, 10)}`);
      }
    }
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

edge('should answer every request fastify itself refuses with a registry code :: URL, id length, media type, JSON, size, method', async ({ t, tokens }) => {
  const manager = bearer(tokens.get('manager') as string);
  const cases: { what: string; method: string; url: string; headers?: Record<string, string>; payload?: string | Buffer; status: number; code: string }[] = [
    { what: 'bad %-escape', method: 'GET', url: '/api/v1/pieces/%FF', status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: '5,000-character id', method: 'GET', url: `/api/v1/pieces/${'x'.repeat(5000)}`, status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: 'bad %-escape, anonymous', method: 'GET', url: '/api/v1/pieces/%E0%A4%A', status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: 'unsupported media type', method: 'POST', url: '/api/v1/staff', headers: { 'content-type': 'application/xml' }, payload: '<staff/>', status: 400, code: 'LOUPE_E_API_MEDIA_TYPE' },
    { what: 'content type missing', method: 'POST', url: '/api/v1/staff', payload: '{"code":"260"}', status: 400, code: 'LOUPE_E_API_MEDIA_TYPE' },
    { what: 'invalid JSON', method: 'POST', url: '/api/v1/staff', headers: json, payload: '{"code":', status: 400, code: 'LOUPE_E_API_MALFORMED_JSON' },
    { what: 'empty JSON', method: 'POST', url: '/api/v1/staff', headers: json, payload: '', status: 400, code: 'LOUPE_E_API_MALFORMED_JSON' },
    { what: 'prototype poisoning', method: 'POST', url: '/api/v1/staff', headers: json, payload: '{"__proto__":{"admin":true}}', status: 400, code: 'LOUPE_E_API_MALFORMED_JSON' },
    { what: 'body too large', method: 'POST', url: '/api/v1/staff', headers: json, payload: `{"name":"${'x'.repeat(1_100_000)}"}`, status: 400, code: 'LOUPE_E_API_BODY_TOO_LARGE' },
    { what: 'bad query string', method: 'GET', url: '/api/v1/pieces?limit=lots', status: 400, code: 'LOUPE_E_API_VALIDATION' },
    { what: 'query value not UTF-8', method: 'GET', url: '/api/v1/clients?q=%FF', status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: 'query name an encoded surrogate', method: 'GET', url: '/api/v1/pieces?%ED%A0%80=1', status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: 'query on a route that takes none, not UTF-8', method: 'GET', url: '/api/v1/till/report?x=%C3%28', status: 400, code: 'LOUPE_E_API_BAD_URL' },
    { what: 'method the route lacks', method: 'DELETE', url: '/api/v1/till/report', status: 404, code: 'LOUPE_E_API_NOT_FOUND' },
    { what: 'method nobody routes', method: 'PROPFIND', url: '/api/v1/staff', status: 404, code: 'LOUPE_E_API_NOT_FOUND' },
    { what: 'long unknown address', method: 'GET', url: `/api/v1/${'y'.repeat(5000)}`, status: 404, code: 'LOUPE_E_API_NOT_FOUND' },
  ];
  const before = ledgerFingerprint(t.appliance.ledger.db);
  for (const c of cases) {
    const reply = await t.api.inject({ method: c.method as Method, url: c.url, headers: { ...manager, ...c.headers }, ...(c.payload !== undefined ? { payload: c.payload } : {}) });
    assertCoded(reply, c.status, c.code, c.what);
    assert.ok(reply.body.length < 600, `${c.what}: the answer echoes the request (${reply.body.length} characters)`);
  }
  const long = await t.api.inject({ method: 'GET', url: `/api/v1/pieces/${'x'.repeat(101)}`, headers: manager });
  assert.equal(long.json().error.details, { part: 'path', problem: 'has a parameter that is too long', maxLength: 100 });
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

edge('should answer a request node cannot parse in the one error shape :: raw socket, bad method', async ({ t }) => {
  const { port } = new URL(t.url);
  const raw = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write('BR3W /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('utf8')));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
  const [head, body] = raw.split('\r\n\r\n') as [string, string];
  assert.match(head, /^HTTP\/1\.1 400 /);
  assertCoded({ statusCode: 400, body }, 400, 'LOUPE_E_API_BAD_REQUEST', 'raw');
});

edge.run();
