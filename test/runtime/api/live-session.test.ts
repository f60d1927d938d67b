/**
 * The live socket lives only as long as its session: sign-out, deactivation, a PIN reset or the
 * session's age close it with 4401, and nothing more is streamed to it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SESSION_CLOSE_CODE } from '../../../runtime/src/api/live.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { connect } from '../../helpers/live-socket.ts';

const ended = suite<{ t: TestAppliance; manager: string }>('live socket after its session');
ended.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.manager = await ctx.t.login('100', '8264');
});
ended.after.each(async (ctx) => ctx.t.stop());

/** A socket admitted for the associate (101), and what ends the associate's session. */
async function associateSocket(t: TestAppliance) {
  const token = await t.login('101', '3917');
  const live = await connect(t);
  live.socket.send(JSON.stringify({ type: 'hello', token }));
  assert.is((await live.next()).type, 'welcome');
  return { token, ...live };
}
const associateId = (t: TestAppliance) => (t.appliance.ledger.db.prepare("SELECT id FROM staff WHERE code = '101'").get() as { id: string }).id;

const endings: [string, (t: TestAppliance, token: string, manager: string) => Promise<unknown>][] = [
  ['sign-out', (t, token) => t.api.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: bearer(token) })],
  ['deactivation', (t, _token, manager) => t.api.inject({ method: 'PATCH', url: `/api/v1/staff/${associateId(t)}`, headers: bearer(manager), payload: { active: false } })],
  ['PIN reset', (t, _token, manager) => t.api.inject({ method: 'PUT', url: `/api/v1/staff/${associateId(t)}/pin`, headers: bearer(manager), payload: { pin: '4827' } })],
];

for (const [what, end] of endings) {
  ended(`should close the socket with 4401 when its session ends :: ${what}`, async ({ t, manager }) => {
    const { token, next, closed } = await associateSocket(t);
    await end(t, token, manager);
    // The commit of the change that ends the session, and the simulated scale's news sent while it was open, may come
    // first; then the refusal, and nothing else.
    let message = await next();
    while (message.type === 'ledgerCommitted' || message.type === 'weightChanged') message = await next();
    assert.equal(message, { type: 'refused', code: 'LOUPE_E_AUTH_REQUIRED', message: 'The session has ended' });
    assert.is(await closed, SESSION_CLOSE_CODE);
    assert.is(SESSION_CLOSE_CODE, 4401);
  });
}

ended('should close the socket of a session past its hours at the next message, sending it nothing :: 12 h later', async ({ t, manager }) => {
  const { next, closed } = await associateSocket(t);
  t.clock.advance(13 * 3_600_000);
  const fresh = await t.login('100', '8264');
  const piece = (await t.api.inject({ url: '/api/v1/pieces/R-10041', headers: bearer(fresh) })).json();
  await t.api.inject({ method: 'PUT', url: `/api/v1/pieces/${piece.id}/price`, headers: bearer(fresh), payload: { retailMinor: 1_400_000, reason: 'New list' } });
  assert.equal((await next()).type, 'refused');
  assert.is(await closed, 4401);
  assert.ok(manager.length > 0);
});

ended.run();
