/**
 * A screen whose session ends elsewhere (a manager resets the clerk's PIN) goes back to sign-in on
 * the live socket's close code, without a touch.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { openScreen, request, signIn, startCounter, type Counter } from './helpers/counter.ts';

const sessionEnd = suite<{ c: Counter; page: Page }>('screen after its session ends');
sessionEnd.before(async (ctx) => {
  ctx.c = await startCounter();
  ctx.page = await openScreen(ctx.c);
});
sessionEnd.after(async (ctx) => {
  await ctx.page.context().close();
  await ctx.c.stop();
});

sessionEnd('should go back to sign-in when a manager resets the signed-in clerk’s PIN :: Ines Moreau (102)', async ({ c, page }) => {
  await signIn(page, '102', '5180');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  const staff = (await request(c, 'GET', '/staff')).json as { id: string; code: string }[];
  const reset = await request(c, 'PUT', `/staff/${staff.find((member) => member.code === '102')!.id}/pin`, { pin: '4827' });
  assert.is(reset.status, 204);
  await page.locator('pos-sign-in').waitFor({ timeout: 5_000 });
  assert.not.ok(await page.locator('pos-app nav').getByText('Ines Moreau').isVisible());
});

sessionEnd.run();
