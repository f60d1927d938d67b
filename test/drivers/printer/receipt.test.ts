import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { COPY_BANNER, renderReceipt } from '../../../drivers/printer/receipt.ts';
import { decodeEscPos, printedText } from '../helpers/escpos-decoder.ts';
import { saleReceipt } from '../helpers/receipts.ts';

const receipt = suite('renderReceipt');

receipt('should fit an 80 mm roll and print the euro sign :: 48 columns, code page 19', () => {
  const print = decodeEscPos(renderReceipt(saleReceipt(), { width: 48, copy: false }));
  const text = printedText(print);
  assert.ok(text.every((line) => line.length <= 48), text.filter((line) => line.length > 48).join('\n'));
  assert.ok(text.includes(`TOTAL${' '.repeat(33)}€ 5,430.00`), text.join('\n'));
  assert.is(print.cuts, 1);
  assert.equal(print.pulses, []);
});

receipt('should mark a copy twice and the original never :: 2 banners vs 0', () => {
  const copy = printedText(decodeEscPos(renderReceipt(saleReceipt(), { width: 48, copy: true })));
  const original = printedText(decodeEscPos(renderReceipt(saleReceipt(), { width: 48, copy: false })));
  assert.is(copy.filter((line) => line.trim() === COPY_BANNER).length, 2);
  assert.is(original.filter((line) => line.includes('COPY')).length, 0);
  assert.is(copy.length, original.length + 2);
});

receipt('should fit a 58 mm roll :: 32 columns, a long item puts its amount on its own right-aligned line', () => {
  const print = decodeEscPos(renderReceipt(saleReceipt(), { width: 32, copy: false }));
  const text = printedText(print);
  assert.ok(text.every((line) => line.length <= 32), text.filter((line) => line.length > 32).join('\n'));
  const amount = print.lines.find((line) => line.text === '€ 4,250.00');
  assert.is(amount?.align, 'right');
  assert.is(text[text.indexOf('€ 4,250.00') - 1], 'Solitaire ring 18K, 0.52 ct');
});

receipt.run();
