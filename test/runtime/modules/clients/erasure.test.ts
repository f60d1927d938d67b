/**
 * Erasure on request: no personal field of the client left anywhere in the ledger file — tables,
 * audit snapshots, outbox payloads, free pages, the WAL — while sales totals and the audit chain
 * stay whole. Proved on the raw bytes of the database files.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LEDGER_FILE } from '../../../../runtime/src/app.ts';
import { DesiredDocuments } from '../../../../runtime/src/link/desired-documents.ts';
import { createLogger } from '../../../../runtime/src/logger.ts';
import { openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { addClient, call, cartFor, complete, tender } from '../../../helpers/clients.ts';

const PERSONAL = ['Oriane', 'Vasquez-Thiel', '646 555 0177', '917 555 0123', 'oriane.vt@example.org', 'Riverside Drive', 'AB-998877', 'Celebrating our pearl', 'Ruby solitaire for her sister'];

/** Which of the personal strings are in the ledger's files, byte for byte (UTF-8 and JSON-escaped forms are the same for these). */
function found(t: TestAppliance): string[] {
  const path = join(t.dataDir, LEDGER_FILE);
  const bytes = Buffer.concat([readFileSync(path), ...(existsSync(`${path}-wal`) ? [readFileSync(`${path}-wal`)] : [])]);
  return PERSONAL.filter((text) => bytes.includes(Buffer.from(text, 'utf8')));
}

type Ctx = { t: TestAppliance; associate: string; manager: string };
const erasure = suite<Ctx>('client erasure');
erasure.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.manager = await ctx.t.login('100', '8264');
  await openTill(ctx.t);
});
erasure.after.each(async (ctx) => ctx.t.stop());

erasure('should leave no personal field in the ledger file, WAL, audit snapshots or outbox, and keep sales totals :: Oriane Vasquez-Thiel', async ({ t, associate, manager }) => {
  const details = {
    givenName: 'Oriane',
    familyName: 'Vasquez-Thiel',
    phones: [{ number: '+1 917 555 0123' }],
    emails: [{ address: 'oriane.vt@example.org' }],
    address: { lines: ['310 Riverside Drive'], city: 'New York', country: 'US' },
    milestones: [{ kind: 'anniversary', month: 11, day: 30, year: 1996, recurring: true }],
  };
  const id = await addClient(t, associate, details);
  // a changed phone: the old one must not survive in free space either
  assert.is((await call(t, associate, 'PUT', `/clients/${id}`, { ...details, phones: [{ number: '+1 646 555 0177' }] })).statusCode, 204);
  await call(t, associate, 'PUT', `/clients/${id}/consents`, { channel: 'email', granted: true });
  await call(t, associate, 'POST', `/clients/${id}/notes`, { text: 'Celebrating our pearl anniversary soon' });
  const staffId = (t.appliance.ledger.db.prepare("SELECT id FROM staff WHERE code = '101'").get() as { id: string }).id;
  await call(t, associate, 'POST', `/clients/${id}/appointments`, { at: '2026-11-26T15:00:00Z', staffId, purpose: 'Ruby solitaire for her sister', pieces: [] });
  await call(t, await t.login('102', '5180'), 'PUT', `/clients/${id}/identity`, { document: { kind: 'passport', issuer: 'US', number: 'AB-998877' }, dateOfBirth: '1970-01-02' });
  assert.is((await call(t, associate, 'POST', '/clients/outreach/export', { channel: 'email', days: 14 })).json().exported, 1);
  const hq = new DesiredDocuments({ ledger: t.appliance.ledger, logger: createLogger('error'), now: t.clock.now });
  hq.handle('interest', Buffer.from(JSON.stringify({ v: 1, doc: 'interest', version: 1, issuedAt: '2026-11-24T09:00:00Z', body: { interest: [{ clientId: id, stockNo: 'R-10041', viewedAt: '2026-11-20T18:02:00Z' }] } })));
  const cart = await cartFor(t, associate, ['E-10041'], id);
  await tender(t, associate, cart.id, 'card', cart.total);
  await complete(t, associate, cart.id);

  const db = t.appliance.ledger.db;
  const totals = () => db.prepare('SELECT COUNT(*) AS sales, SUM(total_minor) AS total FROM sales').get();
  const before = totals();
  db.pragma('wal_checkpoint(TRUNCATE)');
  assert.equal(found(t), PERSONAL, 'the test must first see every personal string in the file');

  assert.is((await call(t, associate, 'POST', `/clients/${id}/erase`, { reason: 'Client asked by e-mail, 2026-11-24' })).statusCode, 403);
  const erased = await call(t, manager, 'POST', `/clients/${id}/erase`, { reason: 'Client asked by e-mail, 2026-11-24' });
  assert.is(erased.statusCode, 200, erased.body);
  assert.ok(erased.json().auditSnapshots >= 6 && erased.json().outboxEvents >= 6, erased.body);

  assert.equal(found(t), []);
  assert.equal(totals(), before);
  assert.equal(db.prepare('SELECT COUNT(*) AS n FROM sales WHERE client_id IS NOT NULL').get(), { n: 0 });
  assert.equal(db.prepare('SELECT (SELECT COUNT(*) FROM client_online_interest) + (SELECT COUNT(*) FROM client_appointments) AS n').get(), { n: 0 });
  const verdict = (await call(t, manager, 'GET', '/audit/verify')).json();
  assert.is(verdict.ok, true, JSON.stringify(verdict));
  const event = JSON.parse((db.prepare("SELECT body FROM outbox WHERE type = 'client.erased'").get() as { body: string }).body);
  assert.equal(event.payload.clientIds, [id]);
  assert.equal(db.prepare("SELECT action, actor_name AS actor, reason FROM audit_log WHERE action = 'client.erased'").get(), { action: 'client.erased', actor: 'Claire Dubois', reason: 'Client asked by e-mail, 2026-11-24' });
  assert.is((await call(t, associate, 'GET', `/clients/${id}`)).statusCode, 404);
  assert.equal((await call(t, associate, 'GET', '/clients?q=Oriane')).json(), []);

  // writes after the erasure go on as usual
  assert.is((await call(t, associate, 'POST', '/clients', { givenName: 'Ada', familyName: 'Lind' })).statusCode, 201);
});

erasure('should refuse to erase a client whose Form 8300 record must be kept :: 5 years', async ({ t, associate, manager }) => {
  const id = await addClient(t, associate);
  await call(t, await t.login('102', '5180'), 'PUT', `/clients/${id}/identity`, { document: { kind: 'passport', issuer: 'US', number: 'X1' }, taxpayerId: '123-45-6789', dateOfBirth: '1970-01-02', occupation: 'Chef' });
  const cart = await cartFor(t, associate, ['R-10041'], id);
  await tender(t, associate, cart.id, 'cash', cart.total);
  await complete(t, associate, cart.id);
  const refused = await call(t, manager, 'POST', `/clients/${id}/erase`, { reason: 'Client asked' });
  assert.equal([refused.statusCode, refused.json().error.code, refused.json().error.details.form8300Records], [409, 'LOUPE_E_CLIENT_ERASE_RETAINED', 1]);
  assert.is((await call(t, associate, 'GET', `/clients/${id}`)).statusCode, 200);
});

erasure.run();
