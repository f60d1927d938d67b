/**
 * Fields shown by permission everywhere: every read route's answer, for every role, audit snapshots
 * and Form 8300 records included — no cost without catalog.readCost, no client figures without
 * client.figures, no birth date or identity address without client.identify, and no identity number
 * unmasked for anyone; the full numbers only through the audited reveal.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_STAFF } from '../../../runtime/src/modules/demo/demo-store.ts';
import { roleAllows, ROLES, type Role } from '../../../runtime/src/domain/roles.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { addClient, call, cartFor, complete, tender } from '../../helpers/clients.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';

const IDENTITY = {
  document: { kind: 'driver_licence', issuer: 'NY', number: 'D123-456-789' },
  taxpayerId: '123-45-6789',
  dateOfBirth: '1978-03-14',
  occupation: 'Architect',
};
const FIGURES = ['lifetimeValueMinor', 'rollingSpendMinor', 'previousSpendMinor', 'averageTicketMinor', 'toNextTierMinor'];

type Ctx = { t: TestAppliance; tokens: Map<Role, string>; ids: Record<string, string>; receiptNo: string };
const fields = suite<Ctx>('field visibility');

fields.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.tokens = new Map();
  for (const staff of DEMO_STAFF) ctx.tokens.set(staff.role, await ctx.t.login(staff.code, staff.pin));
  await openTill(ctx.t);
  const associate = ctx.tokens.get('associate')!;
  const clientId = await addClient(ctx.t, associate);
  const identified = await call(ctx.t, ctx.tokens.get('senior')!, 'PUT', `/clients/${clientId}/identity`, IDENTITY);
  assert.is(identified.statusCode, 200, identified.body);
  const cart = await cartFor(ctx.t, associate, ['R-10041'], clientId);
  assert.is((await tender(ctx.t, associate, cart.id, 'cash', cart.total)).statusCode, 200);
  ctx.receiptNo = await complete(ctx.t, associate, cart.id);
  const open = await cartFor(ctx.t, associate, ['R-10042'], clientId);
  const db = ctx.t.appliance.ledger.db;
  const one = (sql: string) => (db.prepare(sql).get() as { id: string }).id;
  ctx.ids = { clients: clientId, carts: open.id, pieces: one("SELECT id FROM pieces WHERE stock_no = 'R-10042'"), bulk: one('SELECT id FROM bulk_items LIMIT 1') };
});
fields.after(async (ctx) => ctx.t.stop());

/** Every path and value in an answer, as `a.b.0.c = value`. */
function leaves(value: unknown, path = '', out: [string, unknown][] = []): [string, unknown][] {
  if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) leaves(inner, path ? `${path}.${key}` : key, out);
  else out.push([path, value]);
  return out;
}

/** The answers of every read route to a role, with the ids of the data set up above filled in. */
async function answers({ t, tokens, ids, receiptNo }: Ctx, role: Role): Promise<Map<string, unknown>> {
  const seen = new Map<string, unknown>();
  const reads = t.api.routeTable.filter((route) => !route.public && route.method === 'GET' && roleAllows(role, route.permission!));
  for (const route of reads) {
    const area = route.url.split('/')[3] === 'sales' ? 'carts' : (route.url.split('/')[3] as string);
    const url = route.url.replace(/:(\w+)/g, (_m, name: string) => (name === 'receiptNo' ? receiptNo : (ids[area] ?? ids.pieces!)));
    const pages = route.url === '/api/v1/audit' ? [0, 500, 1000] : [null];
    for (const afterSeq of pages) {
      const reply = await t.api.inject({ url: afterSeq === null ? url : `${url}?afterSeq=${afterSeq}&limit=500`, headers: bearer(tokens.get(role)!) });
      if (reply.statusCode === 200 && reply.headers['content-type']?.toString().startsWith('application/json')) seen.set(`${url} ${afterSeq ?? ''}`, reply.json());
    }
  }
  return seen;
}

fields('should show cost, client figures and identity details only to roles holding their permission, on every read route :: every role', async (ctx) => {
  for (const role of ROLES) {
    const all = [...(await answers(ctx, role))].flatMap(([url, body]) => leaves(body).map(([path, value]) => [url, path, value] as const));
    const where = (test: (path: string, value: unknown) => boolean) => all.filter(([, path, value]) => test(path, value)).map(([url, path]) => `${url} ${path}`);
    const costs = where((path) => /(^|\.)costMinor$/.test(path));
    const figures = where((path, value) => FIGURES.some((key) => path.endsWith(key)) || (/(^|\.)figures$/.test(path) && value !== null));
    const amounts = where((path, value) => /history\.(purchases\.\d+\.(totalMinor|refundedMinor)|returns\.\d+\.amountMinor)$/.test(path) && value !== null);
    const births = where((_path, value) => value === '1978-03-14');
    if (roleAllows(role, 'catalog.readCost')) assert.ok(costs.length > 0, `${role} sees no cost at all`);
    else assert.equal(costs, [], `${role} sees costs`);
    if (!roleAllows(role, 'client.figures')) assert.equal([...figures, ...amounts], [], `${role} sees client figures`);
    if (!roleAllows(role, 'client.identify')) assert.equal(births, [], `${role} sees a birth date`);
    assert.equal(where((_path, value) => typeof value === 'string' && /123-45-6789|D123-456-789/.test(value)), [], `${role} sees an identity number unmasked`);
  }
});

fields('should mask identity numbers in Form 8300 for the manager too, and hide the birth date and address from the auditor', async ({ t, tokens }) => {
  const [forManager] = (await call(t, tokens.get('manager')!, 'GET', '/compliance/form-8300')).json();
  assert.equal([forManager.record.client.taxpayerId, forManager.record.client.identityDocument.number], ['•••••••6789', '••••••••-789']);
  assert.equal([forManager.record.client.dateOfBirth, forManager.record.client.address.city], ['1978-03-14', 'New York']);
  const [forAuditor] = (await call(t, tokens.get('auditor')!, 'GET', '/compliance/form-8300')).json();
  assert.equal([forAuditor.record.client.taxpayerId, forAuditor.record.client.dateOfBirth, forAuditor.record.client.address], ['•••••••6789', null, null]);
  assert.equal(forAuditor.record.sale, forManager.record.sale);
});

fields('should hide cost from the admin in audit snapshots that hold it :: piece.received', async ({ t, tokens }) => {
  const received = (token: string) => call(t, token, 'GET', '/audit?afterSeq=0&limit=50').then((reply) => (reply.json() as { action: string; after: Record<string, unknown> }[]).find((entry) => entry.action === 'piece.received')!);
  assert.type((await received(tokens.get('manager')!)).after.costMinor, 'number');
  const forAdmin = await received(tokens.get('admin')!);
  assert.ok(forAdmin.after.retailMinor !== undefined && !('costMinor' in forAdmin.after));
});

fields('should reveal the full numbers to a manager with a reason, recorded with who, what and why (never the values) and sent to HQ', async ({ t, tokens, ids }) => {
  const refused = await call(t, tokens.get('senior')!, 'POST', `/clients/${ids.clients}/identity/reveal`, { reason: 'Curious' });
  assert.equal([refused.statusCode, refused.json().error.code], [403, 'LOUPE_E_AUTH_FORBIDDEN']);
  const reply = await call(t, tokens.get('manager')!, 'POST', `/clients/${ids.clients}/identity/reveal`, { reason: 'Form 8300 for the solitaire sale' });
  assert.is(reply.statusCode, 200, reply.body);
  assert.equal(reply.json(), { taxpayerId: '123-45-6789', documentNumber: 'D123-456-789' });
  const db = t.appliance.ledger.db;
  const entry = db.prepare("SELECT actor_name, reason, after_json FROM audit_log WHERE action = 'client.identityRevealed'").get() as { actor_name: string; reason: string; after_json: string };
  assert.equal([entry.actor_name, entry.reason], ['Claire Dubois', 'Form 8300 for the solitaire sale']);
  assert.equal(JSON.parse(entry.after_json).fields, ['documentNumber', 'taxpayerId']);
  const event = db.prepare("SELECT stream, body FROM outbox WHERE type = 'client.identity_revealed'").get() as { stream: string; body: string };
  assert.is(event.stream, 'audit');
  assert.not.match(event.body + entry.after_json, /6789|D123/);
});

fields('should refuse a reveal for a client without an identity document, changing nothing :: 404 LOUPE_E_CLIENT_NO_IDENTITY', async ({ t, tokens }) => {
  const other = await addClient(t, tokens.get('associate')!, { givenName: 'Noor', familyName: 'Haddad', phones: [], emails: [] });
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const reply = await call(t, tokens.get('manager')!, 'POST', `/clients/${other}/identity/reveal`, { reason: 'Form 8300' });
  assert.equal([reply.statusCode, reply.json().error.code], [404, 'LOUPE_E_CLIENT_NO_IDENTITY']);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

fields.run();
