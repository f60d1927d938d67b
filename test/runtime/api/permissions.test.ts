/**
 * The permission matrix as the API applies it, walked over every route and every role: approvals
 * lend only selling-floor limits and only to roles that sell; the auditor reads every read route
 * and changes nothing; printing a certificate and the demo hands have their own permissions.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEMO_STAFF } from '../../../runtime/src/modules/demo/demo-store.ts';
import { LENDABLE, PERMISSIONS, roleAllows, ROLES, type Permission, type Role } from '../../../runtime/src/domain/roles.ts';
import { bearer, managerApproval, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const MANAGER = DEMO_STAFF.find((staff) => staff.role === 'manager')!;
const matrix = suite<{ t: TestAppliance; tokens: Map<Role, string>; pieceId: string }>('permission matrix');

matrix.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.tokens = new Map();
  for (const staff of DEMO_STAFF) ctx.tokens.set(staff.role, await ctx.t.login(staff.code, staff.pin));
  ctx.pieceId = (ctx.t.appliance.ledger.db.prepare('SELECT id FROM pieces LIMIT 1').get() as { id: string }).id;
  await openTill(ctx.t);
});
matrix.after(async (ctx) => ctx.t.stop());

const approve = (t: TestAppliance, token: string, permission: string) =>
  t.api.inject({ method: 'POST', url: '/api/v1/auth/approvals', headers: bearer(token), payload: { code: MANAGER.code, pin: MANAGER.pin, permission } });
const fill = (url: string, id: string) => url.replace(/:(\w+)/g, (_match, name: string) => (name === 'receiptNo' ? '0042-01-000001' : id));

matrix('should refuse an approval of anything but a selling-floor limit, for every role lacking it :: 403 FORBIDDEN, no PIN checked', async ({ t, tokens }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  let tried = 0;
  for (const role of ROLES.filter((r) => r !== 'manager')) {
    for (const permission of (Object.keys(PERMISSIONS) as Permission[]).filter((p) => !roleAllows(role, p) && (!LENDABLE.has(p) || !roleAllows(role, 'sale.sell')))) {
      const reply = await approve(t, tokens.get(role)!, permission);
      assert.is(reply.statusCode, 403, `${role} borrowing ${permission}: ${reply.body}`);
      assert.is(reply.json().error.code, 'LOUPE_E_AUTH_FORBIDDEN', `${role} borrowing ${permission}`);
      tried += 1;
    }
  }
  for (const permission of ['staff.manage', 'client.privacy', 'system.backup', 'settings.read'] as const) assert.not.ok(LENDABLE.has(permission), permission);
  assert.ok(tried >= 80, `only ${tried} tried`);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before, 'a refused approval counted a PIN or wrote something');
});

matrix('should not let an approval make the auditor a writer, nor the jeweler or admin sell :: 403 FORBIDDEN on opening a sale', async ({ t, tokens }) => {
  const lent = await managerApproval(t, tokens.get('associate')!, 'sale.void');
  for (const role of ['auditor', 'jeweler', 'admin'] as const) {
    const reply = await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: { ...bearer(tokens.get(role)!), 'x-loupe-approval': lent } });
    assert.is(reply.statusCode, 403, role);
    assert.equal([reply.json().error.code, reply.json().error.details.permission], ['LOUPE_E_AUTH_FORBIDDEN', 'sale.sell'], role);
  }
  const addAdmin = await t.api.inject({ method: 'POST', url: '/api/v1/staff', headers: { ...bearer(tokens.get('jeweler')!), 'x-loupe-approval': lent }, payload: { code: '777', name: 'Eve', role: 'admin', pin: '4827' } });
  assert.equal([addAdmin.statusCode, addAdmin.json().error.code], [403, 'LOUPE_E_AUTH_FORBIDDEN']);
  assert.equal(t.appliance.ledger.db.prepare("SELECT COUNT(*) AS n FROM staff WHERE code = '777'").get(), { n: 0 });
});

matrix('should still lend a selling-floor limit to a seller :: associate, no-sale with a manager’s PIN', async ({ t, tokens }) => {
  const associate = tokens.get('associate')!;
  const refused = await t.api.inject({ method: 'POST', url: '/api/v1/till/no-sale', headers: bearer(associate), payload: { reason: 'Change for the float' } });
  assert.equal([refused.statusCode, refused.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_REQUIRED']);
  const approval = await managerApproval(t, associate, 'cash.noSale');
  const done = await t.api.inject({ method: 'POST', url: '/api/v1/till/no-sale', headers: { ...bearer(associate), 'x-loupe-approval': approval }, payload: { reason: 'Change for the float' } });
  assert.is(done.statusCode, 204, done.body);
});

matrix('should let the auditor read every read route :: no 403 on any GET', async ({ t, tokens, pieceId }) => {
  const reads = t.api.routeTable.filter((route) => !route.public && route.method === 'GET');
  assert.ok(reads.length >= 25, `only ${reads.length} read routes`);
  // Exporting a client's data is a recorded hand-over of personal data under client.privacy, not a read.
  const handOver = ['/api/v1/clients/:id/export'];
  for (const route of reads.filter((r) => !handOver.includes(r.url))) {
    assert.ok(roleAllows('auditor', route.permission!), `the auditor lacks ${route.permission} for GET ${route.url}`);
    const reply = await t.api.inject({ method: 'GET', url: fill(route.url, pieceId), headers: bearer(tokens.get('auditor')!) });
    assert.is.not(reply.statusCode, 403, `GET ${route.url}: ${reply.body}`);
  }
});

matrix('should hold the auditor to no permission that writes :: every other route refuses it, ledger unchanged', async ({ t, tokens, pieceId }) => {
  const own = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/lock', 'POST /api/v1/auth/unlock', 'PUT /api/v1/auth/pin', 'POST /api/v1/auth/approvals']);
  const writes = t.api.routeTable.filter((route) => !route.public && route.method !== 'GET' && !own.has(`${route.method} ${route.url}`));
  const before = ledgerFingerprint(t.appliance.ledger.db);
  for (const route of writes) {
    assert.not.ok(roleAllows('auditor', route.permission!), `the auditor holds ${route.permission} (${route.method} ${route.url})`);
    const reply = await t.api.inject({ method: route.method as Method, url: fill(route.url, pieceId), headers: bearer(tokens.get('auditor')!), payload: {} });
    assert.equal([reply.statusCode, reply.json().error.code], [403, 'LOUPE_E_AUTH_FORBIDDEN'], `${route.method} ${route.url}`);
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

matrix('should give certificate printing and the demo hands their own permissions :: only sellers print, only managers play', ({ t }) => {
  const permissionOf = (method: string, url: string) => t.api.routeTable.find((route) => route.method === method && route.url === url)?.permission;
  assert.is(permissionOf('POST', '/api/v1/pieces/:id/certificate/print'), 'catalog.printCertificate');
  assert.equal(ROLES.filter((role) => roleAllows(role, 'catalog.printCertificate')), ['associate', 'senior', 'manager']);
  const demo = t.api.routeTable.filter((route) => route.url.startsWith('/api/v1/demo/'));
  assert.ok(demo.length >= 8);
  for (const route of demo) assert.is(route.permission, 'demo.play', route.url);
  assert.equal(ROLES.filter((role) => roleAllows(role, 'demo.play')), ['manager']);
});

matrix.run();
