/**
 * The clerk sees what a restart did to a card payment: a card approved on a sale that was never
 * completed (the appliance stopped first) is reversed at the terminal on the next start, and the
 * counter says so after sign-in, with the card and the amount, until the clerk has read it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildUi } from '../../ui/build.mjs';
import { PaymentTerminalSimulator } from '../../drivers/payment/simulator.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { accessibilityProblems, CHROMIUM, openScreen, signIn } from './helpers/counter.ts';

const recovery = suite<{ dir: string; terminal: PaymentTerminalSimulator; t: TestAppliance; browser: Browser }>('card payments recovered, on screen');
recovery.before(async (ctx) => {
  await buildUi();
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-card-recovery-'));
  ctx.terminal = new PaymentTerminalSimulator(() => 2);
  const settings = { security: { pinHashCost: 14, idleLockSeconds: 3600 }, payment: { terminalUrl: await ctx.terminal.start() } };
  // A card approved on a sale the appliance stops before completing.
  const first = await startTestAppliance({ dataDir: ctx.dir, settings });
  await openTill(first);
  const clerk = await first.login('101', '3917');
  const call = (url: string, payload?: object) => first.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(clerk), ...(payload ? { payload } : {}) });
  const cart = (await call('/carts')).json() as { id: string };
  await call(`/carts/${cart.id}/gift-cards`, { amountMinor: 25_000 });
  const paid = await call(`/carts/${cart.id}/card`, { amountMinor: 25_000 });
  if (paid.statusCode !== 200) throw new Error(`card payment: ${paid.body}`);
  await first.stop();
  ctx.t = await startTestAppliance({ dataDir: ctx.dir, settings });
  ctx.browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
});
recovery.after(async (ctx) => {
  await ctx.browser?.close();
  await ctx.t?.stop();
  await ctx.terminal.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

recovery('should tell the clerk that a card approved before a restart was reversed :: visa ••1111, $250.00', async ({ t, browser, terminal }) => {
  const page = await openScreen({ t, browser, manager: '', stop: async () => {} });
  await signIn(page, '101', '3917');
  const notice = page.locator('pos-card-recovery').getByRole('alert');
  await notice.waitFor();
  const words = await notice.innerText();
  assert.match(words, /Card payments reversed after a restart: 1/);
  assert.match(words, /visa ••1111, \$250\.00, approved at .*: reversed, the money goes back to the card/);
  assert.is(terminal.approvedMinor, 0, 'the terminal no longer counts the payment');
  assert.equal(await accessibilityProblems(page), []);
  await notice.getByRole('button', { name: 'Understood' }).click();
  await page.locator('pos-card-recovery').waitFor({ state: 'detached' });
});

recovery.run();
