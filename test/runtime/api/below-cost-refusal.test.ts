/**
 * A discount that would sell below cost asks for a manager: the clerk learns that much, never the cost or the revenue
 * against it (the API's field table hides both from roles without catalog.readCost).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';

const refusal = suite<{ t: TestAppliance }>('below-cost refusal');
refusal.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  await openTill(ctx.t);
});
refusal.after(async (ctx) => ctx.t.stop());

refusal('should tell an associate a 90 % discount needs a manager, without the cost or the revenue :: R-10041', async ({ t }) => {
  const token = await t.login('101', '3917');
  const cart = (await t.api.inject({ method: 'POST', url: '/api/v1/sales/carts', headers: bearer(token) })).json() as { id: string };
  const added = await t.api.inject({ method: 'POST', url: `/api/v1/sales/carts/${cart.id}/lines`, headers: bearer(token), payload: { code: 'R-10041' } });
  const lineId = (added.json() as { lines: { lineId: string }[] }).lines[0]!.lineId;
  const reply = await t.api.inject({
    method: 'PUT',
    url: `/api/v1/sales/carts/${cart.id}/lines/${lineId}/discount`,
    headers: bearer(token),
    payload: { discount: { kind: 'percent', bps: 9_000 } },
  });
  assert.is(reply.statusCode, 403, reply.body);
  const approvals = (reply.json() as { error: { code: string; details: { approvals: Record<string, unknown>[] } } }).error.details.approvals;
  const belowCost = approvals.find((approval) => approval.reason === 'price.below_cost');
  assert.equal(belowCost, { reason: 'price.below_cost', lineId });
});

refusal.run();
