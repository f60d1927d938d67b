/**
 * The counter in a real browser against a real appliance: what a clerk does with a finger, and
 * what the client gets (the printed receipt, the refund), checked where they would see it.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { decodeEscPos, printedText } from '../drivers/helpers/escpos-decoder.ts';
import { waitFor } from '../drivers/helpers/eventually.ts';
import { demo, openScreen, request, scan, signIn, startCounter, tapDigits, type Counter } from './helpers/counter.ts';

const counter = suite<{ c: Counter; page: Page }>('counter in the browser');
counter.before(async (ctx) => {
  ctx.c = await startCounter();
});
counter.after(async (ctx) => ctx.c.stop());
counter.before.each(async (ctx) => {
  ctx.page = await openScreen(ctx.c);
});
counter.after.each(async (ctx) => ctx.page.context().close());

async function approveAsManager(page: Page): Promise<void> {
  const dialog = page.locator('pos-approval-dialog');
  await dialog.getByRole('heading', { name: 'Manager approval' }).waitFor();
  await tapDigits(dialog, '100');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await tapDigits(dialog, '8264');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await dialog.waitFor({ state: 'detached' });
}

counter('should refuse a wrong PIN in words with what to do, then sign in on the keypad :: 101 / 3917', async ({ page }) => {
  const pad = page.locator('pos-sign-in');
  await tapDigits(pad, '101');
  await pad.getByRole('button', { name: 'Next' }).click();
  await tapDigits(pad, '1111');
  await pad.getByRole('button', { name: 'Sign in' }).click();
  const alert = pad.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /That staff number and PIN do not match\.\s*Try again/);
  assert.not.match(await alert.innerText(), /LOUPE_E_/);
  await tapDigits(pad, '3917');
  await pad.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  assert.ok(await page.locator('pos-app nav').getByText('Sam Okafor').isVisible());
});

counter('should sell R-10041 found by scan with $10,000 by card and $6,000 cash, give $213.12 change and print its receipt', async ({ c, page }) => {
  await signIn(page, '101', '3917');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  const piece = (await request(c, 'GET', '/pieces/R-10041', undefined, c.manager)).json as { barcode: string };
  await scan(c, piece.barcode);
  await page.locator('pos-sale li[data-stock-no="R-10041"]').waitFor();
  assert.is(await page.locator('pos-sale [data-total]').innerText(), '$15,786.88');

  await page.getByRole('button', { name: 'Payment' }).click();
  const tender = page.locator('pos-tender');
  await tender.getByRole('button', { name: 'Card', exact: true }).click();
  await tapDigits(tender, '10000');
  await tender.getByRole('button', { name: 'Send to the card terminal' }).click();
  await tender.locator('[data-remaining]').getByText('$5,786.88').waitFor();
  await tender.getByRole('button', { name: 'Cash', exact: true }).click();
  await tapDigits(tender, '6000');
  await tender.getByRole('button', { name: 'Take cash' }).click();
  await tender.getByText('Change to give').waitFor();
  assert.match(await tender.getByRole('status').innerText(), /\$213\.12/);
  await tender.getByRole('button', { name: 'Complete the sale' }).click();

  const receipt = page.locator('pos-receipt');
  const heading = receipt.getByText(/Receipt 0042-01-\d{6}/);
  await heading.waitFor();
  const receiptNo = /0042-01-\d{6}/.exec(await heading.innerText())?.[0] as string;
  const printed = () => decodeEscPos(c.t.appliance.simulators.counter!.printer.bytes());
  await waitFor('the receipt on the printer', () => printed().barcodes.some((barcode) => barcode.data === receiptNo), 8_000);
  const text = printedText(printed()).join('\n');
  for (const expected of ['Stock no. R-10041', `No. ${receiptNo}`, '$10,000.00', '$6,000.00', '$213.12']) assert.ok(text.includes(expected), `"${expected}" is not on the receipt:\n${text}`);
});

counter('should find the sale by scanning its receipt and refund R-10041 once a manager approves', async ({ c, page }) => {
  const clerk = await c.t.login('102', '5180');
  const cart = (await request(c, 'POST', '/sales/carts', undefined, clerk)).json as { id: string };
  await request(c, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'B-10041' }, clerk);
  // Paid by card: cash above $10,000 would need the client's identity (the large-cash rule).
  const total = ((await request(c, 'GET', `/sales/carts/${cart.id}`, undefined, clerk)).json as { totalMinor: number }).totalMinor;
  const paid = await request(c, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'card', amountMinor: total, currency: 'USD', reference: 'AUTH 220011' }, clerk);
  assert.is(paid.status, 200, JSON.stringify(paid.json));
  const { receiptNo } = (await request(c, 'POST', `/sales/carts/${cart.id}/complete`, undefined, clerk)).json as { receiptNo: string };

  await signIn(page, '101', '3917');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  await scan(c, receiptNo);
  const returns = page.locator('pos-returns');
  await returns.getByRole('heading', { name: `Receipt ${receiptNo}` }).waitFor();
  await returns.locator('li[data-stock-no="B-10041"] [aria-pressed="true"]').waitFor();
  await returns.getByRole('button', { name: 'Refund' }).click();
  await approveAsManager(page);
  await returns.getByText(/Refund .*: \$20,/).waitFor();
  assert.match(await returns.getByRole('status').first().innerText(), /back as Card/);
  assert.is(((await request(c, 'GET', '/pieces/B-10041', undefined, c.manager)).json as { status: string }).status, 'in_stock');
});

counter('should exchange a piece of an earlier sale against a new one: its price as store credit, the rest to pay', async ({ c, page }) => {
  const clerk = await c.t.login('102', '5180');
  const cart = (await request(c, 'POST', '/sales/carts', undefined, clerk)).json as { id: string };
  await request(c, 'POST', `/sales/carts/${cart.id}/lines`, { code: 'C-10041' }, clerk);
  await request(c, 'POST', `/sales/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 40_000, currency: 'USD' }, clerk);
  const { receiptNo } = (await request(c, 'POST', `/sales/carts/${cart.id}/complete`, undefined, clerk)).json as { receiptNo: string };

  await signIn(page, '101', '3917');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  await scan(c, 'R-10046');
  await page.locator('pos-sale li[data-stock-no="R-10046"]').waitFor();
  await scan(c, receiptNo);
  const returns = page.locator('pos-returns');
  await returns.getByRole('heading', { name: `Receipt ${receiptNo}` }).waitFor();
  await returns.getByRole('button', { name: 'Exchange for other pieces' }).click();
  await approveAsManager(page);
  const tender = page.locator('pos-tender');
  await tender.getByText('Store credit').waitFor();
  // The wedding band ($690 + tax = $751.24) less the cufflinks ($295 + tax = $321.18).
  assert.is(await tender.locator('[data-remaining]').innerText(), '$430.06');
});

counter('should ask for a manager PIN for a 20 % discount above the associate’s 5 % limit, refuse a wrong one, and apply it when approved', async ({ c, page }) => {
  await signIn(page, '101', '3917');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  await scan(c, 'E-10041');
  await page.locator('pos-sale li[data-stock-no="E-10041"] button').click();
  await page.getByRole('button', { name: 'Discount this piece' }).click();
  const discount = page.locator('pos-discount-dialog');
  await discount.getByRole('button', { name: '20%' }).click();
  await discount.getByRole('button', { name: 'Apply' }).click();

  const approval = page.locator('pos-approval-dialog');
  await approval.getByRole('heading', { name: 'Manager approval' }).waitFor();
  await tapDigits(approval, '100');
  await approval.getByRole('button', { name: 'Next' }).click();
  await tapDigits(approval, '1234');
  await approval.getByRole('button', { name: 'Approve' }).click();
  assert.match(await approval.getByRole('alert').innerText(), /do not match/);
  await tapDigits(approval, '8264');
  await approval.getByRole('button', { name: 'Approve' }).click();
  await approval.waitFor({ state: 'detached' });

  await page.locator('pos-sale').getByText('Discount approved by Claire Dubois').waitFor();
  assert.ok(await page.locator('pos-sale li[data-stock-no="E-10041"]').getByText('Discount $490.00').isVisible());
  // $2,450 − 20 % = $1,960, plus 8.875 % tax.
  assert.is(await page.locator('pos-sale [data-total]').innerText(), '$2,133.95');
});

counter('should offer a piece the RFID reader reads for the sale, and show the scale’s stable weight in the device details', async ({ c, page }) => {
  const epc = 'E28011700000020F1B2C3D4E';
  c.t.appliance.ledger.db.prepare("UPDATE pieces SET epc = ? WHERE stock_no = 'N-10041'").run(epc);
  await signIn(page, '101', '3917');
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  await demo(c, 'PUT', 'rfid/field', { epcs: [epc] });
  await demo(c, 'POST', 'rfid/trigger');
  const offer = page.locator('pos-sale').getByRole('status').filter({ hasText: 'RFID: Curb chain necklace' });
  await offer.waitFor();
  await offer.getByRole('button', { name: 'Add' }).click();
  await page.locator('pos-sale li[data-stock-no="N-10041"]').waitFor();
  await offer.waitFor({ state: 'detached' });

  await demo(c, 'PUT', 'scale', { micrograms: 4_200_000 });
  await page.locator('pos-status-bar').getByRole('button').click();
  const panel = page.locator('pos-device-panel');
  await panel.getByText('4.20 g · stable').waitFor({ timeout: 10_000 });
  assert.ok(await panel.getByText(epc).isVisible());
});

counter('should lock the screen, keep the sale, and unlock only with the PIN of who signed in', async ({ c, page }) => {
  await signIn(page, '101', '3917');
  await scan(c, 'N-10043');
  await page.locator('pos-sale li[data-stock-no="N-10043"]').waitFor();
  await page.locator('pos-app nav').getByRole('button', { name: 'Lock' }).click();
  const lock = page.locator('pos-sign-in');
  await lock.getByRole('heading', { name: 'Locked by Sam Okafor' }).waitFor();
  await scan(c, 'N-10044');
  await tapDigits(lock, '8264');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  assert.match(await lock.getByRole('alert').innerText(), /do not match/);
  await tapDigits(lock, '3917');
  await lock.getByRole('button', { name: 'Unlock' }).click();
  await page.locator('pos-sale li[data-stock-no="N-10043"]').waitFor();
  assert.is(await page.locator('pos-sale li[data-stock-no="N-10044"]').count(), 0, 'a scan went into the sale while the screen was locked');
});

counter('should park a sale with a reason and resume it with its pieces', async ({ c, page }) => {
  await signIn(page, '101', '3917');
  await scan(c, 'E-10045');
  await page.locator('pos-sale li[data-stock-no="E-10045"]').waitFor();
  await page.getByRole('button', { name: 'Park', exact: true }).click();
  await page.getByRole('button', { name: 'Trying another size' }).click();
  await page.getByRole('heading', { name: 'A new sale' }).waitFor();
  await page.getByRole('button', { name: 'Parked sales' }).click();
  await page.locator('pos-choice-dialog').getByRole('button', { name: /Trying another size/ }).first().click();
  await page.locator('pos-sale li[data-stock-no="E-10045"]').waitFor();
});

counter('should find a piece by its attributes in the catalog and add it to the sale', async ({ page }) => {
  await signIn(page, '101', '3917');
  await page.locator('pos-app nav').getByRole('button', { name: 'Catalog' }).click();
  const catalog = page.locator('pos-catalog');
  await catalog.getByRole('button', { name: 'sapphire', exact: true }).click();
  await catalog.getByRole('button', { name: '18k', exact: true }).click();
  await catalog.getByRole('status').getByText('4 pieces').waitFor();
  await catalog.locator('.grid button[data-stock-no="R-10048"]').click();
  await page.locator('pos-piece-detail').getByText('SSEF').waitFor();
  await page.getByRole('button', { name: 'Add to the sale' }).click();
  await page.locator('pos-sale li[data-stock-no="R-10048"]').waitFor();
});

counter('should show paper out on the printer in the status bar, and clear it when paper is loaded', async ({ c, page }) => {
  await signIn(page, '101', '3917');
  const printer = page.locator('pos-status-bar [data-device="printer"]');
  await printer.waitFor();
  assert.is(await printer.innerText(), 'Printer');
  await demo(c, 'PUT', 'printer/paper', { loaded: false });
  await printer.getByText('Printer: Paper out').waitFor({ timeout: 10_000 });
  assert.match((await printer.getAttribute('class')) ?? '', /fault/);
  await demo(c, 'PUT', 'printer/paper', { loaded: true });
  await printer.getByText('Paper out').waitFor({ state: 'detached', timeout: 10_000 });
  assert.is(await printer.innerText(), 'Printer');
});

counter.run();
