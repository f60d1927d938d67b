import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeEscPos, printedText } from '../../../drivers/helpers/escpos-decoder.ts';
import { waitFor } from '../../../drivers/helpers/eventually.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

const call = (t: TestAppliance, token: string, url: string, payload?: object) =>
  t.api.inject({ method: 'POST', url: `/api/v1/sales${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });

/** Sells R-10041 ($14,500, GIA certificate) for $10,000 on the card terminal and $6,000 cash. */
async function sellSolitaire(t: TestAppliance, token: string): Promise<string> {
  const cart = (await call(t, token, '/carts')).json();
  await call(t, token, `/carts/${cart.id}/lines`, { code: 'R-10041' });
  assert.is((await call(t, token, `/carts/${cart.id}/card`, { amountMinor: 1_000_000 })).statusCode, 200);
  await call(t, token, `/carts/${cart.id}/tenders`, { kind: 'cash', amountMinor: 600_000, currency: 'USD' });
  const done = await call(t, token, `/carts/${cart.id}/complete`);
  assert.is(done.statusCode, 201, done.body);
  return done.json().receiptNo;
}

const printed = (t: TestAppliance) => decodeEscPos(t.appliance.simulators.counter!.printer.bytes());

const receipts = suite<{ t: TestAppliance; token: string }>('receipts');
receipts.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  await openTill(ctx.t);
  ctx.token = await ctx.t.login('101', '3917');
});
receipts.after.each(async (ctx) => ctx.t.stop());

receipts('should print the piece, its certificate, totals and tenders, with the receipt number as a barcode', async ({ t, token }) => {
  const receiptNo = await sellSolitaire(t, token);
  await waitFor('the receipt on the printer', () => printed(t).barcodes.length > 0, 5_000);
  const print = printed(t);
  const text = printedText(print).join('\n');
  for (const expected of ['Maison Aurelle', `No. ${receiptNo}`, 'Served by Sam Okafor', 'Stock no. R-10041', 'Platinum 950, 4.20 g', '1 diamond 1.01 ct F VS1 Excellent', 'GIA 2231100410', '$14,500.00', '$15,786.88', '$1,286.88', '$10,000.00', '$6,000.00', '$213.12']) {
    assert.ok(text.includes(expected), `"${expected}" is not on the receipt:\n${text}`);
  }
  assert.match(text, /Card visa 1111 \d{6}/);
  assert.equal(print.barcodes.map((barcode) => barcode.data), [receiptNo]);
  assert.is(print.cuts, 1);
});

receipts('should open the drawer for a cash sale and record who opened it and why', async ({ t, token }) => {
  const receiptNo = await sellSolitaire(t, token);
  const opened = () => t.appliance.ledger.db.prepare("SELECT actor_name, reason FROM audit_log WHERE action = 'cash.drawerOpened'").all();
  await waitFor('the drawer opening in the ledger', () => opened().length > 0, 5_000);
  assert.equal(opened(), [{ actor_name: 'Sam Okafor', reason: `sale ${receiptNo}` }]);
});

receipts('should keep the sale when the paper is out, and print the receipt once when paper is back', async ({ t, token }) => {
  const printer = t.appliance.simulators.counter!.printer;
  printer.pullPaper();
  const receiptNo = await sellSolitaire(t, token);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(printed(t).barcodes, []);
  assert.equal(t.appliance.ledger.db.prepare('SELECT state FROM print_jobs WHERE id = ?').get(receiptNo), { state: 'queued' });
  printer.loadPaper();
  await waitFor('the receipt after the paper came back', () => printed(t).barcodes.length > 0, 12_000);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(printed(t).barcodes.map((barcode) => barcode.data), [receiptNo]);
  assert.equal(t.appliance.ledger.db.prepare('SELECT state FROM print_jobs WHERE id = ?').get(receiptNo), { state: 'printed' });
});

receipts('should reprint marked COPY, and print a gift receipt without a price', async ({ t, token }) => {
  const receiptNo = await sellSolitaire(t, token);
  await waitFor('the receipt', () => printed(t).barcodes.length === 1, 5_000);
  assert.is((await call(t, token, `/receipts/${receiptNo}/reprint`)).statusCode, 204);
  await waitFor('the copy', () => printed(t).barcodes.length === 2, 5_000);
  assert.ok(printedText(printed(t)).some((line) => line.includes('*** COPY ***')));
  const before = printedText(printed(t)).length;
  assert.is((await call(t, token, `/receipts/${receiptNo}/gift`)).statusCode, 204);
  await waitFor('the gift receipt', () => printed(t).barcodes.length === 3, 5_000);
  const gift = printedText(printed(t)).slice(before).join('\n');
  assert.ok(gift.includes('GIFT RECEIPT') && gift.includes('Stock no. R-10041'), gift);
  assert.not.ok(gift.includes('$'), `a price is on the gift receipt:\n${gift}`);
});

receipts.run();
