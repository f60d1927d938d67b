/**
 * Sign-in does not tell whether a staff number exists: a wrong PIN of a known number and any PIN of
 * an unknown one get the same answer, lock out alike, and take about the same time.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const privacy = suite<{ t: TestAppliance }>('sign-in privacy');
privacy.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
});
privacy.after.each(async (ctx) => ctx.t.stop());

const signIn = (t: TestAppliance, code: string, pin: string) => t.api.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { code, pin } });
const shape = (reply: Awaited<ReturnType<typeof signIn>>) => ({ status: reply.statusCode, ...reply.json().error });

privacy('should answer a known and an unknown number alike, try after try, lock-out included :: 101 and 999', async ({ t }) => {
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    const known = shape(await signIn(t, '101', '9999'));
    const unknown = shape(await signIn(t, '999', '9999'));
    assert.equal(unknown, known, `attempt ${attempt}`);
  }
  const known = shape(await signIn(t, '101', '3917'));
  assert.equal([known.status, known.code], [423, 'LOUPE_E_AUTH_LOCKED_OUT']);
  assert.equal(shape(await signIn(t, '999', '3917')), known);
});

privacy('should take about as long for an unknown number as for a wrong PIN :: medians within 3×', async ({ t }) => {
  const median = async (code: string) => {
    const times: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const started = performance.now();
      await signIn(t, code, '9999');
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[2]!;
  };
  // Four tries each stay under the lock-out (five); two numbers of each kind.
  const known = Math.min(await median('101'), await median('102'));
  const unknown = Math.min(await median('998'), await median('999'));
  const ratio = Math.max(known, unknown) / Math.min(known, unknown);
  assert.ok(ratio < 3, `known ${known.toFixed(1)} ms, unknown ${unknown.toFixed(1)} ms`);
});

privacy.run();
