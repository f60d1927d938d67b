import { Socket } from 'node:net';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { EscPosPrinter } from '../../../drivers/printer/printer.ts';
import { COPY_BANNER } from '../../../drivers/printer/receipt.ts';
import { PrinterSimulator } from '../../../drivers/printer/simulator.ts';
import { deviceFileOpener, serialOpener, tcpOpener } from '../../../drivers/serial/openers.ts';
import { decodeEscPos, printedText } from '../helpers/escpos-decoder.ts';
import { nextEvent, rejectionOf, waitFor } from '../helpers/eventually.ts';
import { saleReceipt } from '../helpers/receipts.ts';
import { trackUnhandled } from '../helpers/unhandled.ts';

interface Context {
  sim: PrinterSimulator;
  printer: EscPosPrinter;
  unhandled: ReturnType<typeof trackUnhandled>;
}

const tcp = suite<Context>('EscPosPrinter over TCP 9100 (loopback)');

tcp.before.each(async (context) => {
  context.unhandled = trackUnhandled();
  context.sim = new PrinterSimulator({ transport: 'tcp' });
  await context.sim.start();
  context.printer = new EscPosPrinter({
    device: 'receipt-printer',
    opener: tcpOpener(context.sim.host, context.sim.port),
    backoffMs: [50, 100],
    statusPollMs: 100,
    statusTimeoutMs: 300,
    printTimeoutMs: 400,
  });
  await context.printer.start();
  await waitFor('the printer link', () => context.printer.health.state === 'connected');
});

tcp.after.each(async ({ sim, printer, unhandled }) => {
  await printer.stop();
  await sim.stop();
  unhandled.stop();
});

tcp('should print a receipt the decoder reads back line for line :: header, 2 items, totals, CODE128, 1 cut', async ({ sim, printer }) => {
  const result = await printer.print({ id: '0042-01-000017', receipt: saleReceipt() });
  assert.equal(result, { id: '0042-01-000017', outcome: 'printed', copy: false });
  const decoded = decodeEscPos(sim.bytes());
  const text = printedText(decoded);
  assert.is(decoded.cuts, 1);
  // The paper-sensor question follows the receipt, so its answer proves the receipt came out.
  assert.equal(decoded.transmitRequests, [1]);
  assert.ok(sim.bytes().subarray(-3).equals(Buffer.from([0x1d, 0x72, 0x01])));
  assert.equal(decoded.barcodes, [{ type: 73, data: '0042-01-000017' }]);
  const name = decoded.lines.find((line) => line.text === 'MAISON AURELLE');
  assert.equal(name && { bold: name.bold, align: name.align, tall: name.doubleHeight }, { bold: true, align: 'center', tall: true });
  assert.ok(text.includes(`Solitaire ring 18K, 0.52 ct${' '.repeat(11)}€ 4,250.00`), text.join('\n'));
  assert.ok(text.includes('  GIA 2141438167'));
  const total = decoded.lines.find((line) => line.text.startsWith('TOTAL'));
  assert.ok(total?.bold);
  assert.not.ok(text.some((line) => line.includes('COPY')));
  assert.equal(sim.protocolErrors, []);
  // The simulator cut one receipt and its own reading agrees on the lines.
  assert.is(sim.receipts.length, 1);
  assert.equal(sim.receipts[0]?.lines.map((l) => l.trimEnd()), text);
});

tcp('should never print a job twice :: same id retried 3 times → 1 receipt', async ({ sim, printer }) => {
  await printer.print({ id: 'R-1', receipt: saleReceipt() });
  const bytesAfterFirst = sim.bytes().length;
  for (let i = 0; i < 3; i += 1) assert.is((await printer.print({ id: 'R-1', receipt: saleReceipt() })).outcome, 'already-printed');
  assert.is(decodeEscPos(sim.bytes()).cuts, 1);
  assert.is(sim.bytes().length, bytesAfterFirst);
});

tcp('should mark a reprint COPY at top and bottom :: 2 receipts, the second with 2 banners', async ({ sim, printer }) => {
  await printer.print({ id: 'R-2', receipt: saleReceipt() });
  assert.equal(await printer.reprint('R-2'), { id: 'R-2', outcome: 'printed', copy: true });
  const second = sim.receipts[1]?.lines.map((l) => l.trim()) ?? [];
  assert.is(second[0], COPY_BANNER);
  assert.is(second.at(-1), COPY_BANNER);
  assert.is(decodeEscPos(sim.bytes()).cuts, 2);
});

tcp('should refuse to print with the paper out and keep the job :: PAPER_OUT, then prints after loading', async ({ sim, printer }) => {
  sim.pullPaper();
  const { error } = await rejectionOf(printer.print({ id: 'R-3', receipt: saleReceipt() }));
  assert.is(error.code, 'LOUPE_E_PRINTER_PAPER_OUT');
  // Only the three status questions reached the printer.
  assert.equal(decodeEscPos(sim.bytes()).statusRequests, [1, 2, 4]);
  assert.is(decodeEscPos(sim.bytes()).cuts, 0);
  assert.ok(printer.health.conditions.includes('paper-out'));
  sim.loadPaper();
  assert.is((await printer.print({ id: 'R-3', receipt: saleReceipt() })).outcome, 'printed');
  await waitFor('paper-out to clear from health', () => !printer.health.conditions.includes('paper-out'));
});

tcp('should refuse with the cover open :: COVER_OPEN', async ({ sim, printer }) => {
  sim.openCover();
  assert.is((await rejectionOf(printer.print({ id: 'R-4', receipt: saleReceipt() }))).error.code, 'LOUPE_E_PRINTER_COVER_OPEN');
  sim.closeCover();
});

tcp('should report paper near end in health from the status poll :: within 100 ms polls', async ({ sim, printer }) => {
  sim.setPaperNearEnd();
  await waitFor('paper-near-end in health', () => printer.health.conditions.includes('paper-near-end'), 2000);
});

tcp('should call a receipt cut short by the paper uncertain, then reprint it as COPY :: paper runs out mid-job', async ({ sim, printer }) => {
  sim.runOutOfPaperAfter(200);
  const { error } = await rejectionOf(printer.print({ id: 'R-5', receipt: saleReceipt() }));
  assert.is(error.code, 'LOUPE_E_PRINTER_PAPER_OUT');
  assert.is((await rejectionOf(printer.print({ id: 'R-5', receipt: saleReceipt() }))).error.code, 'LOUPE_E_PRINTER_JOB_UNCERTAIN');
  sim.loadPaper();
  assert.ok(sim.lostBytes > 0, 'the end of the receipt was lost');
  assert.is(sim.receipts.length, 0, 'the cut never happened');
  assert.is(sim.tornReceipts[0]?.lines[0]?.trim(), 'MAISON AURELLE');
  assert.is((await printer.reprint('R-5')).copy, true);
  assert.is(sim.receipts.at(-1)?.lines[0]?.trim(), COPY_BANNER);
});

tcp('should kick the drawer with the full ESC p :: 1B 70 00 19 FA', async ({ sim, printer }) => {
  const before = sim.bytes().length;
  await printer.kickDrawer({ pin: 2, onMs: 50, offMs: 500 });
  await waitFor('the pulse bytes', () => sim.bytes().length >= before + 5);
  assert.is(sim.bytes().subarray(before).toString('hex'), '1b700019fa');
});

tcp('should fail fast while unplugged and print after replug :: no claim used up', async ({ sim, printer, unhandled }) => {
  await sim.unplug();
  await waitFor('reconnecting', () => printer.health.state === 'reconnecting');
  const { error, ms } = await rejectionOf(printer.print({ id: 'R-6', receipt: saleReceipt() }));
  assert.is(error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.ok(ms < 200, `took ${ms} ms`);
  await sim.plug();
  await waitFor('connected', () => printer.health.state === 'connected', 3000);
  assert.is((await printer.print({ id: 'R-6', receipt: saleReceipt() })).outcome, 'printed');
  assert.is(unhandled.count, 0, String((unhandled.errors[0] as Error)?.stack ?? unhandled.errors[0]));
});

tcp('should flag node-thermal-printer’s truncated drawer command :: ESC p 0 read as a 54 ms pulse plus a stray 0x01', async ({ sim }) => {
  const socket = new Socket();
  await new Promise<void>((resolve) => socket.connect(sim.port, sim.host, () => resolve()));
  const pulse = nextEvent<{ onMs: number }>(sim, 'drawerPulse');
  socket.write(Buffer.from('1b70001b7001', 'hex'));
  assert.is((await pulse).onMs, 54);
  await waitFor('the protocol error', () => sim.protocolErrors.length === 1);
  assert.equal(sim.protocolErrors, ['unknown or truncated command: 01']);
  socket.destroy();
});

tcp.run();

// ---

const local = suite<{ sim: PrinterSimulator; unhandled: ReturnType<typeof trackUnhandled> }>('EscPosPrinter over a device file and a serial port (pty)');

local.before.each(async (context) => {
  context.unhandled = trackUnhandled();
  context.sim = new PrinterSimulator({ transport: 'pty' });
  await context.sim.start();
});

local.after.each(async ({ sim, unhandled }) => {
  await sim.stop();
  unhandled.stop();
});

for (const [name, open] of [
  ['device file like /dev/usb/lp0', (path: string) => deviceFileOpener(path, 10)],
  ['serial port', (path: string) => serialOpener(path, { baudRate: 38_400 })],
] as const) {
  local(`should print and read status :: ${name}`, async ({ sim }) => {
    const printer = new EscPosPrinter({ device: 'receipt-printer', opener: open(sim.address), statusTimeoutMs: 500, backoffMs: [50] });
    await printer.start();
    try {
      await waitFor('connected', () => printer.health.state === 'connected');
      assert.is((await printer.status()).paperOut, false);
      await printer.print({ id: 'L-1', receipt: saleReceipt('0042-01-000099') });
      await waitFor('the cut', () => sim.receipts.length === 1);
      assert.equal(decodeEscPos(sim.bytes()).barcodes.map((b) => b.data), ['0042-01-000099']);
      await sim.unplug();
      await waitFor('reconnecting', () => printer.health.state === 'reconnecting');
      await sim.plug();
      await waitFor('connected again', () => printer.health.state === 'connected', 3000);
      assert.is((await printer.status()).online, true);
    } finally {
      await printer.stop();
    }
  });
}

local.run();
