/**
 * No escalation through the staff list: nobody gives a role, or resets the PIN of someone holding
 * one, above their own; adding or promoting a manager or admin takes a second one's PIN, and the
 * ledger names both.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listAuditEntries } from '../../../runtime/src/store/audit-log.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';

const MANAGER = { code: '100', pin: '8264', name: 'Claire Dubois' };
const ADMIN = { code: '105', pin: '9406', name: 'Root Admin' };

const escalation = suite<{ t: TestAppliance; manager: string; admin: string }>('staff escalation');
escalation.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login(MANAGER.code, MANAGER.pin);
  ctx.admin = await ctx.t.login(ADMIN.code, ADMIN.pin);
});
escalation.after.each(async (ctx) => ctx.t.stop());

const call = (t: TestAppliance, token: string, method: 'POST' | 'PATCH' | 'PUT', url: string, payload: object, approval?: string) =>
  t.api.inject({ method, url: `/api/v1/staff${url}`, headers: { ...bearer(token), ...(approval ? { 'x-loupe-approval': approval } : {}) }, payload });
const secondPerson = async (t: TestAppliance, token: string, who: { code: string; pin: string }) =>
  t.api.inject({ method: 'POST', url: '/api/v1/auth/approvals', headers: bearer(token), payload: { code: who.code, pin: who.pin, permission: 'staff.manage' } });
const staffId = (t: TestAppliance, code: string) => (t.appliance.ledger.db.prepare('SELECT id FROM staff WHERE code = ?').get(code) as { id: string }).id;
const lastAudit = (t: TestAppliance) => listAuditEntries(t.appliance.ledger.db, { afterSeq: 0, limit: 10_000 }).at(-1)!;

escalation('should refuse an admin adding a manager, promoting to manager or resetting a manager’s PIN :: 403, nothing changed', async ({ t, admin, manager }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const approval = (await secondPerson(t, admin, MANAGER)).json().approvalToken as string;
  const add = await call(t, admin, 'POST', '', { code: '300', name: 'Mallory', role: 'manager', pin: '4827' }, approval);
  assert.equal([add.statusCode, add.json().error.code, add.json().error.details.role], [403, 'LOUPE_E_STAFF_ROLE_NOT_HELD', 'manager']);
  assert.ok(add.json().error.details.missing.includes('sale.sell'));
  const promote = await call(t, admin, 'PATCH', `/${staffId(t, '101')}`, { role: 'manager' });
  assert.equal([promote.statusCode, promote.json().error.code], [403, 'LOUPE_E_STAFF_ROLE_NOT_HELD']);
  const reset = await call(t, admin, 'PUT', `/${staffId(t, MANAGER.code)}/pin`, { pin: '4827' });
  assert.equal([reset.statusCode, reset.json().error.code], [403, 'LOUPE_E_STAFF_ROLE_NOT_HELD']);
  assert.is((await t.api.inject({ url: '/api/v1/auth/session', headers: bearer(manager) })).statusCode, 200, 'the manager was signed out');
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code: '300', pin: '4827' } })).statusCode, 401);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
});

escalation('should refuse a manager adding a manager alone, or approving it themself :: 403 SECOND_PERSON_REQUIRED, APPROVER_NOT_ALLOWED', async ({ t, manager }) => {
  const alone = await call(t, manager, 'POST', '', { code: '300', name: 'Mara Quist', role: 'manager', pin: '4827' });
  assert.equal([alone.statusCode, alone.json().error.code], [403, 'LOUPE_E_STAFF_SECOND_PERSON_REQUIRED']);
  const self = await secondPerson(t, manager, MANAGER);
  assert.equal([self.statusCode, self.json().error.code], [403, 'LOUPE_E_AUTH_APPROVER_NOT_ALLOWED']);
  const promote = await call(t, manager, 'PATCH', `/${staffId(t, '101')}`, { role: 'admin' });
  assert.equal([promote.statusCode, promote.json().error.code], [403, 'LOUPE_E_STAFF_SECOND_PERSON_REQUIRED']);
  assert.equal(t.appliance.ledger.db.prepare("SELECT COUNT(*) AS n FROM staff WHERE code = '300' OR role = 'admin'").get(), { n: 1 });
});

escalation('should add a manager with a second manager’s or admin’s PIN and record both names :: admin approves', async ({ t, manager }) => {
  const approval = await secondPerson(t, manager, ADMIN);
  assert.is(approval.statusCode, 200, approval.body);
  const add = await call(t, manager, 'POST', '', { code: '300', name: 'Mara Quist', role: 'manager', pin: '4827' }, approval.json().approvalToken);
  assert.is(add.statusCode, 201, add.body);
  const entry = lastAudit(t);
  assert.equal([entry.action, entry.actorName, entry.approverName], ['staff.added', MANAGER.name, ADMIN.name]);
  const again = await call(t, manager, 'POST', '', { code: '301', name: 'Mara Twin', role: 'manager', pin: '4827' }, approval.json().approvalToken);
  assert.equal([again.statusCode, again.json().error.code], [403, 'LOUPE_E_AUTH_APPROVAL_INVALID']);
});

escalation('should promote an associate to manager with a second person, and sign the associate out :: PATCH role', async ({ t, manager }) => {
  const associate = await t.login('101', '3917');
  const approval = (await secondPerson(t, manager, ADMIN)).json().approvalToken as string;
  const promote = await call(t, manager, 'PATCH', `/${staffId(t, '101')}`, { role: 'manager' }, approval);
  assert.is(promote.statusCode, 200, promote.body);
  assert.equal([lastAudit(t).action, lastAudit(t).approverName], ['staff.updated', ADMIN.name]);
  assert.is((await t.api.inject({ url: '/api/v1/auth/session', headers: bearer(associate) })).statusCode, 401);
});

escalation('should still let a manager add a senior alone and reset a manager’s PIN :: no second person below manager', async ({ t, manager }) => {
  assert.is((await call(t, manager, 'POST', '', { code: '200', name: 'Ada Lind', role: 'senior', pin: '4827' })).statusCode, 201);
  assert.is((await call(t, manager, 'PUT', `/${staffId(t, '100')}/pin`, { pin: '5939' })).statusCode, 204);
});

escalation.run();
