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

receipts('should print a refund slip with the returned piece, the refund per tender and a line to sign', async ({ t, token }) => {
  const receiptNo = await sellSolitaire(t, token);
  await waitFor('the receipt', () => printed(t).barcodes.length === 1, 5_000);
  const senior = await t.login('102', '5180');
  const sale = (await t.api.inject({ url: `/api/v1/sales/receipts/${receiptNo}`, headers: bearer(senior) })).json();
  const refund = await call(t, senior, `/receipts/${receiptNo}/refunds`, { lines: [{ lineId: sale.lines[0].lineId, quantity: 1 }] });
  assert.is(refund.statusCode, 201, refund.body);
  const refundNo = refund.json().refundNo;
  await waitFor('the refund slip', () => printed(t).barcodes.length === 2, 5_000);
  const before = printedText(printed(t)).join('\n').indexOf('REFUND');
  const slip = printedText(printed(t)).join('\n').slice(before);
  for (const expected of ['REFUND', `No. ${refundNo}`, `Against receipt ${receiptNo}`, 'Refunded by Ines Moreau', 'Stock no. R-10041', '-$15,786.88', 'To card', '$10,000.00', 'Cash paid out', '$5,786.88', 'Client signature:']) {
    assert.ok(slip.includes(expected), `"${expected}" is not on the refund slip:\n${slip}`);
  }
  assert.equal(printed(t).barcodes.map((barcode) => barcode.data), [receiptNo, refundNo]);
});

receipts('should print the X report on request and the Z report with the close, once, counted against expected', async ({ t, token }) => {
  await sellSolitaire(t, token);
  await waitFor('the receipt', () => printed(t).barcodes.length === 1, 5_000);
  const manager = await t.login('100', '8264');
  const till = (path: string, payload?: object) => t.api.inject({ method: 'POST', url: `/api/v1/till${path}`, headers: bearer(manager), ...(payload ? { payload } : {}) });
  assert.is((await till('/report/print')).statusCode, 204);
  await waitFor('the X report', () => printedText(printed(t)).some((line) => line.includes('X REPORT')), 5_000);
  // Float $500 + cash $6,000 − change $213.12 = $6,286.88 expected; counted $6,280.00: short $6.88.
  const closed = await till('/close', { counted: { USD: [{ denomination: 10_000, count: 62 }, { denomination: 2_000, count: 4 }] }, settled: { card: 1_000_000 } });
  assert.is(closed.statusCode, 200, closed.body);
  await waitFor('the Z report', () => printedText(printed(t)).some((line) => line.includes('Z REPORT')), 5_000);
  const text = printedText(printed(t)).join('\n');
  const z = text.slice(text.indexOf('Z REPORT'));
  for (const expected of ['Cash expected USD', '$6,286.88', 'Cash counted USD', '$6,280.00', 'Short', '-$6.88', 'Card settled $10,000.00', 'Manager signature:']) {
    assert.ok(z.includes(expected), `"${expected}" is not on the Z report:\n${z}`);
  }
  const jobs = t.appliance.ledger.db.prepare("SELECT state FROM print_jobs WHERE kind = 'till_report'").all();
  assert.equal(jobs, [{ state: 'printed' }]);
});

receipts.run();
