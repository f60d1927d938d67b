import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../../../drivers/helpers/eventually.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

const drawerJobs = (t: TestAppliance) => t.appliance.ledger.db.prepare('SELECT id, why, state, attempts FROM drawer_jobs ORDER BY created_at').all();
const openings = (t: TestAppliance) => t.appliance.ledger.db.prepare("SELECT actor_name, reason FROM audit_log WHERE action = 'cash.drawerOpened'").all();
const noSale = (t: TestAppliance, token: string, reason: string) =>
  t.api.inject({ method: 'POST', url: '/api/v1/till/no-sale', headers: bearer(token), payload: { reason } });

const kicks = suite<{ t: TestAppliance; manager: string }>('drawer kicks');
kicks.before.each(async (ctx) => {
  ctx.t = await startTestAppliance();
  await openTill(ctx.t);
  ctx.manager = await ctx.t.login('100', '8264');
});
kicks.after.each(async (ctx) => ctx.t.stop());

kicks('should queue the kick with the no-sale and record it opened :: one attempt', async ({ t, manager }) => {
  const before = drawerJobs(t).length;
  assert.is((await noSale(t, manager, 'change for the courier')).statusCode, 204);
  await waitFor('the no-sale kick opened', () => drawerJobs(t).slice(before).some((job) => (job as { state: string }).state === 'opened'), 5_000);
  const [job] = drawerJobs(t).slice(before) as { id: string; why: string; state: string; attempts: number }[];
  assert.equal([job?.why, job?.state, job?.attempts], ['no sale: change for the courier', 'opened', 1]);
  assert.match(job?.id ?? '', /^till-movement:/);
  assert.equal(openings(t).at(-1), { actor_name: 'Claire Dubois', reason: 'no sale: change for the courier' });
});

kicks('should retry a kick the locked drawer refused, and open it once unlocked :: 2 attempts', async ({ t, manager }) => {
  const drawer = t.appliance.simulators.counter!.drawer;
  const before = drawerJobs(t).length;
  const opened = openings(t).length;
  drawer.lock();
  assert.is((await noSale(t, manager, 'cash count')).statusCode, 204);
  await waitFor('the first kick refused', () => (drawerJobs(t).slice(before)[0] as { attempts: number } | undefined)?.attempts === 1 && (drawerJobs(t).slice(before)[0] as { state: string }).state === 'queued', 5_000);
  assert.is(openings(t).length, opened, 'nothing opened while locked');
  drawer.unlock();
  await waitFor('the retried kick opened', () => (drawerJobs(t).slice(before)[0] as { state: string }).state === 'opened', 8_000);
  assert.equal(drawerJobs(t).slice(before), [{ id: (drawerJobs(t).slice(before)[0] as { id: string }).id, why: 'no sale: cash count', state: 'opened', attempts: 2 }]);
  assert.equal(openings(t).slice(opened), [{ actor_name: 'Claire Dubois', reason: 'no sale: cash count' }]);
});

kicks.run();
