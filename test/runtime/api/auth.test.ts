import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { listAuditEntries } from '../../../runtime/src/store/audit-log.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const MANAGER = { code: '100', pin: '8264', name: 'Claire Dubois' };
const ASSOCIATE = { code: '101', pin: '3917', name: 'Sam Okafor' };
const SENIOR = { code: '102', pin: '5180' };

const lastAudit = (t: TestAppliance) => {
  const entries = listAuditEntries(t.appliance.ledger.db, { afterSeq: 0, limit: 10_000 });
  return entries[entries.length - 1]!;
};

const signIn = (t: TestAppliance, code: string, pin: string) => t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code, pin } });

// ---

const login = suite<{ t: TestAppliance }>('sign-in and lock-out');
login.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
});
login.after.each(async (ctx) => ctx.t.stop());

login('should sign in and record who signed in :: Sam Okafor', async ({ t }) => {
  const reply = await signIn(t, ASSOCIATE.code, ASSOCIATE.pin);
  assert.is(reply.statusCode, 200);
  assert.is(reply.json().session.staff.name, ASSOCIATE.name);
  assert.equal(reply.json().session.permissions, ['session.use', 'catalog.read', 'catalog.printCertificate', 'sale.read', 'sale.sell', 'stock.read', 'stock.count', 'client.read', 'client.write', 'client.outreach']);
  const entry = lastAudit(t);
  assert.equal([entry.action, entry.actorName, entry.actorRole], ['staff.signedIn', ASSOCIATE.name, 'associate']);
  const event = t.appliance.ledger.db.prepare('SELECT type, stream FROM outbox ORDER BY seq DESC LIMIT 1').get();
  assert.equal(event, { type: 'staff.signed_in', stream: 'audit' });
});

login('should answer a wrong PIN and an unknown number alike :: 401', async ({ t }) => {
  const wrong = await signIn(t, ASSOCIATE.code, '9999');
  const unknown = await signIn(t, '999', '3917');
  assert.is(wrong.statusCode, 401);
  assert.is(unknown.statusCode, 401);
  assert.is(wrong.json().error.code, 'LOUPE_E_AUTH_PIN_WRONG');
  assert.is(unknown.json().error.code, 'LOUPE_E_AUTH_PIN_WRONG');
  assert.is(wrong.json().error.details.attemptsLeft, 4);
});

login('should lock out after 5 wrong PINs for 30 s, then 60 s :: even the right PIN waits', async ({ t }) => {
  for (let i = 1; i <= 4; i += 1) assert.is((await signIn(t, ASSOCIATE.code, '9999')).statusCode, 401);
  const fifth = await signIn(t, ASSOCIATE.code, '9999');
  assert.is(fifth.statusCode, 423);
  assert.is(fifth.json().error.code, 'LOUPE_E_AUTH_LOCKED_OUT');
  assert.is(fifth.json().error.details.lockedUntil, '2026-11-24T10:00:30.000Z');
  assert.equal([lastAudit(t).action, lastAudit(t).actorName], ['staff.lockedOut', ASSOCIATE.name]);
  assert.is((await signIn(t, ASSOCIATE.code, ASSOCIATE.pin)).statusCode, 423);
  t.clock.advance(31_000);
  for (let i = 1; i <= 5; i += 1) await signIn(t, ASSOCIATE.code, '9999');
  const again = await signIn(t, ASSOCIATE.code, ASSOCIATE.pin);
  assert.is(again.json().error.details.lockedUntil, '2026-11-24T10:01:31.000Z');
  t.clock.advance(61_000);
  assert.is((await signIn(t, ASSOCIATE.code, ASSOCIATE.pin)).statusCode, 200);
});

login('should lock the screen after 120 s idle and unlock with the same PIN', async ({ t }) => {
  const token = await t.login(ASSOCIATE.code, ASSOCIATE.pin);
  t.clock.advance(119_000);
  assert.is((await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) })).statusCode, 200);
  t.clock.advance(121_000);
  const locked = await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) });
  assert.is(locked.statusCode, 423);
  assert.is(locked.json().error.code, 'LOUPE_E_AUTH_SCREEN_LOCKED');
  assert.is((await t.api.inject({ url: '/api/v1/auth/session', headers: bearer(token) })).json().locked, true);
  const wrong = await t.api.inject({ method: 'POST', url: '/api/v1/auth/unlock', headers: bearer(token), payload: { pin: '9999' } });
  assert.is(wrong.statusCode, 401);
  const right = await t.api.inject({ method: 'POST', url: '/api/v1/auth/unlock', headers: bearer(token), payload: { pin: ASSOCIATE.pin } });
  assert.is(right.statusCode, 200);
  assert.is((await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) })).statusCode, 200);
});

login('should lock the screen on request and end the session on sign-out', async ({ t }) => {
  const token = await t.login(ASSOCIATE.code, ASSOCIATE.pin);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/lock', headers: bearer(token) })).json().locked, true);
  assert.is((await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) })).statusCode, 423);
  assert.is((await t.api.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })).statusCode, 204);
  assert.is((await t.api.inject({ url: '/api/v1/auth/session', headers: bearer(token) })).statusCode, 401);
});

login('should let anyone change their own PIN with the current one, never to a weak one', async ({ t }) => {
  const token = await t.login(ASSOCIATE.code, ASSOCIATE.pin);
  const change = (currentPin: string, newPin: string) => t.api.inject({ method: 'PUT', url: '/api/v1/auth/pin', headers: bearer(token), payload: { currentPin, newPin } });
  assert.is((await change('9999', '6150')).statusCode, 401);
  assert.is((await change(ASSOCIATE.pin, '1111')).json().error.code, 'LOUPE_E_STAFF_PIN_WEAK');
  assert.is((await change(ASSOCIATE.pin, '6150')).statusCode, 204);
  assert.equal([lastAudit(t).action, lastAudit(t).actorName], ['staff.pinReset', ASSOCIATE.name]);
  assert.is((await signIn(t, ASSOCIATE.code, ASSOCIATE.pin)).statusCode, 401);
  assert.is((await signIn(t, ASSOCIATE.code, '6150')).statusCode, 200);
});

login('should end a session after 12 hours however active', async ({ t }) => {
  const token = await t.login(ASSOCIATE.code, ASSOCIATE.pin);
  // A request every 100 s keeps the screen awake; at 12 h the sign-in ends all the same.
  for (let elapsed = 0; elapsed < 12 * 3600 - 100; elapsed += 100) {
    t.clock.advance(100_000);
    assert.is((await t.api.inject({ url: '/api/v1/auth/session', headers: bearer(token) })).statusCode, 200);
    await t.api.inject({ url: '/api/v1/pieces?limit=1', headers: bearer(token) });
  }
  t.clock.advance(101_000);
  assert.is((await t.api.inject({ url: '/api/v1/pieces', headers: bearer(token) })).statusCode, 401);
});

login.run();

// ---

const override = suite<{ t: TestAppliance; token: string; pieceId: string }>('manager override');
override.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 600 } } });
  ctx.token = await ctx.t.login(ASSOCIATE.code, ASSOCIATE.pin);
  ctx.pieceId = (ctx.t.appliance.ledger.db.prepare("SELECT id FROM pieces WHERE stock_no = 'R-10041'").get() as { id: string }).id;
});
override.after.each(async (ctx) => ctx.t.stop());

const approve = (t: TestAppliance, token: string, who: { code: string; pin: string }, permission = 'catalog.reprice') =>
  t.api.inject({ method: 'POST', url: '/api/v1/auth/approvals', headers: bearer(token), payload: { code: who.code, pin: who.pin, permission } });
const reprice = (t: TestAppliance, token: string, pieceId: string, approval?: string) =>
  t.api.inject({
    method: 'PUT',
    url: `/api/v1/pieces/${pieceId}/price`,
    headers: { ...bearer(token), ...(approval ? { 'x-loupe-approval': approval } : {}) },
    payload: { retailMinor: 1_399_000, reason: 'Price match for a returning client' },
  });

override('should proceed with a manager PIN and record both names :: associate reprices', async ({ t, token, pieceId }) => {
  const refused = await reprice(t, token, pieceId);
  assert.is(refused.statusCode, 403);
  assert.is(refused.json().error.code, 'LOUPE_E_AUTH_APPROVAL_REQUIRED');
  const approval = await approve(t, token, MANAGER);
  assert.is(approval.statusCode, 200);
  assert.is(approval.json().approver.name, MANAGER.name);
  const done = await reprice(t, token, pieceId, approval.json().approvalToken);
  assert.is(done.statusCode, 200, done.body);
  assert.is(done.json().retailMinor, 1_399_000);
  assert.is(done.json().costMinor, undefined);
  const entry = lastAudit(t);
  assert.equal(
    [entry.action, entry.actorName, entry.actorRole, entry.approverName, entry.reason],
    ['piece.repriced', ASSOCIATE.name, 'associate', MANAGER.name, 'Price match for a returning client'],
  );
  assert.equal([entry.before, entry.after], [{ retailMinor: 1_450_000 }, { retailMinor: 1_399_000 }]);
});

override('should use an approval up after one action', async ({ t, token, pieceId }) => {
  const approvalToken = (await approve(t, token, MANAGER)).json().approvalToken;
  assert.is((await reprice(t, token, pieceId, approvalToken)).statusCode, 200);
  const again = await reprice(t, token, pieceId, approvalToken);
  assert.is(again.statusCode, 403);
  assert.is(again.json().error.code, 'LOUPE_E_AUTH_APPROVAL_INVALID');
});

override('should refuse an approval for another permission, another session or past 120 s', async ({ t, token, pieceId }) => {
  const wrongPermission = (await approve(t, token, MANAGER, 'sale.void')).json().approvalToken;
  assert.is((await reprice(t, token, pieceId, wrongPermission)).json().error.code, 'LOUPE_E_AUTH_APPROVAL_INVALID');
  const otherToken = await t.login(SENIOR.code, SENIOR.pin);
  const foreign = (await approve(t, otherToken, MANAGER)).json().approvalToken;
  assert.is((await reprice(t, token, pieceId, foreign)).json().error.code, 'LOUPE_E_AUTH_APPROVAL_INVALID');
  const late = (await approve(t, token, MANAGER)).json().approvalToken;
  t.clock.advance(121_000);
  assert.is((await reprice(t, token, pieceId, late)).json().error.code, 'LOUPE_E_AUTH_APPROVAL_INVALID');
});

override('should refuse an approver without the right :: senior', async ({ t, token }) => {
  const reply = await approve(t, token, SENIOR);
  assert.is(reply.statusCode, 403);
  assert.is(reply.json().error.code, 'LOUPE_E_AUTH_APPROVER_NOT_ALLOWED');
});

override('should count a wrong manager PIN towards the manager’s lock-out', async ({ t, token }) => {
  const reply = await approve(t, token, { code: MANAGER.code, pin: '1357' });
  assert.is(reply.statusCode, 401);
  assert.is(reply.json().error.details.attemptsLeft, 4);
  assert.equal([lastAudit(t).action, lastAudit(t).actorName], ['staff.pinRejected', MANAGER.name]);
});

override.run();
