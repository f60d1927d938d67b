/**
 * Clients at the counter in a real browser against a real appliance: find a client with a typo
 * from the sale, attach her, and read on her profile what the associate must know at once; the
 * outreach list keeps to who consented; today's appointments.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { seedClients, type SeededClients } from './helpers/clients.ts';
import { api, openScreen, PANELS, scan, signIn, startCounter, tapDigits, type Counter } from './helpers/counter.ts';

/** The appliance's test day (its clock starts at 2026-11-24T10:00Z), 10:30 in New York. */
const TEST_DAY = new Date('2026-11-24T15:30:00Z');

const clients = suite<{ c: Counter; seeded: SeededClients; page: Page }>('clients in the browser');
clients.before(async (ctx) => {
  ctx.c = await startCounter();
  ctx.seeded = await seedClients(ctx.c, 'E-10047');
});
clients.after(async (ctx) => ctx.c.stop());
clients.before.each(async (ctx) => {
  ctx.page = await openScreen(ctx.c, PANELS[0], TEST_DAY);
  await signIn(ctx.page, '101', '3917');
});
clients.after.each(async (ctx) => ctx.page.context().close());

clients('should find Eleanor typed "Elanor Witfield" from the sale, attach her, and show ring 6½, white gold and the anniversary in 12 days', async ({ page, seeded }) => {
  const panel = page.locator('pos-client-panel');
  await panel.getByRole('button', { name: 'Add a client' }).click();
  const search = panel.getByRole('searchbox', { name: 'Name, phone or email' });
  await search.pressSequentially('Elanor Witfield');
  await panel.locator(`pos-client-finder button[data-client-id="${seeded.eleanor}"]`).click();
  const who = panel.locator(`button.who[data-client-id="${seeded.eleanor}"]`);
  await who.waitFor();
  const glance = await who.innerText();
  assert.match(glance, 'Eleanor Whitfield');
  assert.match(glance, 'Ring 6½');
  assert.match(glance, 'Anniversary in 12 days');

  await who.click();
  const profile = page.locator('pos-client-profile');
  await profile.getByRole('heading', { name: 'Eleanor Whitfield' }).waitFor();
  assert.match(await profile.locator('[data-fact="sizes"]').innerText(), 'Ring 6½ (left ring)');
  assert.match(await profile.locator('[data-fact="prefers"]').innerText(), 'white gold');
  assert.match(await profile.locator('[data-fact="milestones"]').innerText(), 'Anniversary in 12 days (Dec 6), 12 years');
  assert.match(await profile.getByRole('region', { name: 'Last purchases' }).innerText(), /E-10047|earring/i);
  assert.ok(await profile.getByRole('button', { name: 'On this sale' }).isDisabled());
  // An associate does not see a client's money figures.
  assert.is(await profile.getByRole('heading', { name: 'Figures' }).count(), 0);

  // A piece to show her, from the reasons, goes into her sale.
  const first = profile.getByRole('region', { name: 'To show her' }).locator('li[data-stock-no]').first();
  const stockNo = (await first.getAttribute('data-stock-no')) as string;
  assert.ok((await first.innerText()).length > 0);
  await first.getByRole('button').click();
  await page.locator(`pos-sale li[data-stock-no="${stockNo}"]`).waitFor();
  await who.waitFor();
  assert.match(await who.innerText(), 'Eleanor Whitfield');
});

clients('should list on the email outreach Eleanor, who agreed to email, and not Marcus until he agrees', async ({ page }) => {
  await page.locator('pos-app nav').getByRole('button', { name: 'Clients' }).click();
  const screen = page.locator('pos-clients');
  await screen.getByRole('button', { name: 'Outreach' }).click();
  const outreach = screen.locator('pos-client-outreach');
  await outreach.getByRole('status').getByText('1 to contact.').waitFor();
  const listed = await outreach.getByRole('list').innerText();
  assert.match(listed, 'Eleanor Whitfield');
  assert.match(listed, 'eleanor.whitfield@example.com');
  assert.not.match(listed, 'Marcus');

  // Marcus's birthday is in five days: once he agrees to email, he is listed too.
  await screen.getByRole('button', { name: 'Find' }).click();
  await screen.getByRole('searchbox').pressSequentially('Marcus Lindqvist');
  await screen.getByRole('button', { name: /Marcus Lindqvist/ }).click();
  const profile = page.locator('pos-client-profile');
  const email = profile.getByRole('group', { name: 'Marketing consent by channel' }).getByRole('button', { name: 'Email' });
  await email.click();
  await profile.locator('button[aria-pressed="true"]', { hasText: 'Email' }).waitFor();
  await profile.getByRole('button', { name: 'Back' }).click();
  await screen.getByRole('button', { name: 'Outreach' }).click();
  await outreach.getByRole('status').getByText('2 to contact.').waitFor();
  assert.match(await outreach.getByRole("list").innerText(), "Marcus Lindqvist");
});

clients('should show today’s appointment: 2:00 PM, Eleanor Whitfield, anniversary pendant, P-10041 to have ready', async ({ page }) => {
  await page.locator('pos-app nav').getByRole('button', { name: 'Clients' }).click();
  await page.locator('pos-clients').getByRole('button', { name: 'Today' }).click();
  const today = page.locator('pos-client-appointments');
  const row = today.getByRole('button', { name: /Eleanor Whitfield/ });
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, '2:00 PM');
  assert.match(text, 'Anniversary pendant');
  assert.match(text, 'with Sam Okafor');
  assert.match(text, 'P-10041');
});

clients('should lead from the large-cash refusal to the client and her passport, then take $15,786.88 in cash and write the Form 8300 record', async ({ c, page, seeded }) => {
  await scan(c, 'R-10041');
  await page.locator('pos-sale li[data-stock-no="R-10041"]').waitFor();
  await page.getByRole('button', { name: 'Payment' }).click();
  const tender = page.locator('pos-tender');
  await tender.getByRole('button', { name: 'Take cash' }).click();
  await tender.getByRole('alert').getByText(/identity/).first().waitFor();

  await tender.getByRole('button', { name: 'Find the client and record the identity' }).click();
  await tender.getByRole('searchbox').pressSequentially('Whitfield');
  await tender.locator(`pos-client-finder button[data-client-id="${seeded.eleanor}"]`).click();
  const form = tender.locator('pos-dialog[heading="Identity document"]');
  await form.waitFor();
  await form.getByRole('button', { name: 'Passport' }).click();
  await form.getByLabel('Issued by').pressSequentially('United States');
  await form.getByLabel('Document number').pressSequentially('X12345678');
  await form.getByLabel('Date of birth').fill('1979-04-12');
  await form.getByLabel('Taxpayer ID').pressSequentially('123-45-6789');
  await form.getByLabel('Occupation').pressSequentially('Architect');
  await form.getByLabel('Street address').pressSequentially('12 Gramercy Park');
  await form.getByLabel('City').pressSequentially('New York');
  await form.getByLabel('Postal code').pressSequentially('10003');
  await form.getByRole('button', { name: 'Record the identity' }).click();
  // An associate records an identity with a manager's PIN.
  const approval = page.locator('pos-approval-dialog');
  await approval.getByRole('heading', { name: 'Manager approval' }).waitFor();
  await tapDigits(approval, '100');
  await approval.getByRole('button', { name: 'Next' }).click();
  await tapDigits(approval, '8264');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await form.waitFor({ state: 'detached' });
  assert.is(await tender.getByRole('alert').count(), 0);

  await tender.getByRole('button', { name: 'Take cash' }).click();
  await tender.getByRole('button', { name: 'Complete the sale' }).click();
  await page.locator('pos-receipt').getByText(/Receipt 0042-01-\d{6}/).waitFor();
  const records = await api<{ clientId: string; totalCashMinor: number }[]>(c, 'GET', '/compliance/form-8300');
  assert.equal(records.map((record) => [record.clientId, record.totalCashMinor]), [[seeded.eleanor, 1_578_688]]);
});

clients.run();
