import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { textPdf } from '../../../../runtime/src/modules/certificates/pdf.ts';
import { decodeEscPos, printedText } from '../../../drivers/helpers/escpos-decoder.ts';
import { waitFor } from '../../../drivers/helpers/eventually.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';

/** The text of a PDF as poppler reads it: an independent reader of what Loupe wrote. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'loupe-pdf-'));
  try {
    writeFileSync(join(dir, 'page.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'page.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pdf = suite('textPdf');

pdf('should write a PDF poppler reads back, accents and euro sign included', () => {
  const text = pdfText(textPdf([{ text: 'Maison Aurelle', size: 20, bold: true }, { text: 'Bague « Aurore » en or 18 carats — 2 450,00 €' }, { text: '(brackets) and back\\slash' }], 'Test'));
  assert.match(text, 'Maison Aurelle');
  assert.match(text, 'Bague « Aurore » en or 18 carats — 2 450,00 €');
  assert.match(text, '(brackets) and back\\slash');
});

pdf.run();

// ---

const certificates = suite<{ t: TestAppliance; token: string }>('certificates of sale');
certificates.before.each(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.token = await ctx.t.login('101', '3917');
});
certificates.after.each(async (ctx) => ctx.t.stop());

certificates('should give an appraisal of a piece in stock with its stones, report and value :: R-10041', async ({ t, token }) => {
  const reply = await t.api.inject({ url: '/api/v1/pieces/R-10041/certificate.pdf', headers: bearer(token) });
  assert.is(reply.statusCode, 200);
  assert.is(reply.headers['content-type'], 'application/pdf');
  const text = pdfText(reply.rawPayload);
  for (const expected of ['APPRAISAL', 'Stock number: R-10041', 'Platinum 950, 4.20 g', '1 diamond 1.01 ct F VS1 Excellent', 'GIA 2231100410', 'Retail value: $14,500.00']) {
    assert.ok(text.includes(expected), `"${expected}" is not on the appraisal:\n${text}`);
  }
});

certificates('should certify a sold piece with the price paid and the receipt, and print it at the counter', async ({ t, token }) => {
  await openTill(t);
  const post = (url: string, payload?: object) => t.api.inject({ method: 'POST', url, headers: bearer(token), ...(payload ? { payload } : {}) });
  const cart = (await post('/api/v1/sales/carts')).json();
  await post(`/api/v1/sales/carts/${cart.id}/lines`, { code: 'P-10041' });
  const view = (await post(`/api/v1/sales/carts/${cart.id}/card`, { amountMinor: 1_284_725 })).json();
  assert.is(view.remainingMinor, 0);
  const receiptNo = (await post(`/api/v1/sales/carts/${cart.id}/complete`)).json().receiptNo;
  const text = pdfText((await t.api.inject({ url: '/api/v1/pieces/P-10041/certificate.pdf', headers: bearer(token) })).rawPayload);
  for (const expected of ['CERTIFICATE OF SALE', `Receipt: ${receiptNo}`, 'Price paid: $12,847.25', '1 emerald 1.10 ct vivid green', 'Gubelin 2507100410']) {
    assert.ok(text.includes(expected), `"${expected}" is not on the certificate:\n${text}`);
  }
  const printer = t.appliance.simulators.counter!.printer;
  await waitFor('the receipt', () => decodeEscPos(printer.bytes()).barcodes.length === 1, 5_000);
  assert.is((await post('/api/v1/pieces/P-10041/certificate/print')).statusCode, 204);
  await waitFor('the certificate', () => decodeEscPos(printer.bytes()).barcodes.length === 2, 5_000);
  const printed = printedText(decodeEscPos(printer.bytes())).join('\n');
  assert.ok(printed.includes('CERTIFICATE OF SALE') && printed.includes('Price paid: $12,847.25'), printed);
});

certificates.run();
