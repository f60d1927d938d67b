import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { serialOpener } from '../../../drivers/serial/openers.ts';
import type { Scan } from '../../../drivers/scanner/interface.ts';
import { KeyboardWedgeScanner } from '../../../drivers/scanner/keyboard-wedge.ts';
import { SerialScanner } from '../../../drivers/scanner/serial-scanner.ts';
import { KeyboardWedgeSimulator, SerialScannerSimulator } from '../../../drivers/scanner/simulator.ts';
import { waitFor } from '../helpers/eventually.ts';
import { trackUnhandled } from '../helpers/unhandled.ts';

const serial = suite('SerialScanner over a pty');

serial('should emit each code without its suffix :: CR, LF and CR LF scanners', async () => {
  for (const suffix of ['\r', '\n', '\r\n'] as const) {
    const sim = new SerialScannerSimulator({ suffix });
    await sim.start();
    const scanner = new SerialScanner({ device: 'scanner', opener: serialOpener(sim.devicePath, { baudRate: 115_200 }) });
    const scans: Scan[] = [];
    scanner.on('scanned', (scan) => scans.push(scan));
    try {
      await scanner.start();
      sim.scan('R-10233');
      sim.scan('0042-01-000017');
      await waitFor(`2 scans with suffix ${JSON.stringify(suffix)}`, () => scans.length === 2);
      assert.equal(scans.map((s) => [s.code, s.source]), [['R-10233', 'serial'], ['0042-01-000017', 'serial']]);
    } finally {
      await scanner.stop();
      await sim.stop();
    }
  }
});

serial('should demand the configured prefix and drop noise :: "]C1" prefix, 2 noise lines', async () => {
  const sim = new SerialScannerSimulator({ prefix: ']C1' });
  await sim.start();
  const scanner = new SerialScanner({ device: 'scanner', opener: serialOpener(sim.devicePath, { baudRate: 9600 }), prefix: ']C1' });
  const scans: string[] = [];
  scanner.on('scanned', (scan) => scans.push(scan.code));
  try {
    await scanner.start();
    sim.sendRaw('typed by a finger\r');
    sim.sendRaw(Buffer.from([0x00, 0x01, 0x0d]));
    sim.scan('01095011010209171719050810ABCD1234\x1d2110');
    await waitFor('the GS1 scan', () => scans.length === 1);
    assert.equal(scans, ['01095011010209171719050810ABCD1234\x1d2110']);
    assert.is(scanner.dropped, 2);
  } finally {
    await scanner.stop();
    await sim.stop();
  }
});

serial('should drop half a code cut by an unplug and scan again after replug :: no unhandled error', async () => {
  const unhandled = trackUnhandled();
  const sim = new SerialScannerSimulator();
  await sim.start();
  const scanner = new SerialScanner({ device: 'scanner', opener: serialOpener(sim.devicePath, { baudRate: 9600 }), backoffMs: [50, 100] });
  const scans: string[] = [];
  scanner.on('scanned', (scan) => scans.push(scan.code));
  try {
    await scanner.start();
    sim.sendRaw('R-102');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.unplug();
    await waitFor('reconnecting', () => scanner.health.state === 'reconnecting');
    await sim.plug();
    await waitFor('connected', () => scanner.health.state === 'connected', 3000);
    sim.scan('R-10233');
    await waitFor('the scan after replug', () => scans.length === 1);
    assert.equal(scans, ['R-10233']);
    assert.is(scanner.dropped, 1);
    assert.is(unhandled.count, 0, String((unhandled.errors[0] as Error)?.stack ?? unhandled.errors[0]));
  } finally {
    await scanner.stop();
    await sim.stop();
    unhandled.stop();
  }
});

serial.run();

// ---

const wedge = suite('KeyboardWedgeScanner on an evdev stream (FIFO)');

wedge('should decode keystrokes into codes :: "RING-18K" and "gia 2141438167"', async () => {
  const sim = new KeyboardWedgeSimulator();
  await sim.start();
  const scanner = new KeyboardWedgeScanner({ device: 'scanner-kbd', path: sim.devicePath, grab: false });
  const scans: Scan[] = [];
  scanner.on('scanned', (scan) => scans.push(scan));
  try {
    await scanner.start();
    await waitFor('the helper to open the node', () => scanner.health.state === 'connected', 3000);
    sim.scan('RING-18K');
    sim.scan('gia 2141438167');
    await waitFor('2 scans', () => scans.length === 2);
    assert.equal(scans.map((s) => [s.code, s.source]), [['RING-18K', 'keyboard'], ['gia 2141438167', 'keyboard']]);
  } finally {
    await scanner.stop();
    await sim.stop();
  }
});

wedge('should say so when the device cannot be grabbed :: EVIOCGRAB on a FIFO → failed, SCANNER_GRAB_FAILED', async () => {
  const sim = new KeyboardWedgeSimulator();
  await sim.start();
  const scanner = new KeyboardWedgeScanner({ device: 'scanner-kbd', path: sim.devicePath, grab: true, backoffMs: [10_000] });
  try {
    await scanner.start();
    assert.is(scanner.health.state, 'failed');
    assert.is(scanner.health.lastError?.code, 'LOUPE_E_SCANNER_GRAB_FAILED');
    assert.match(scanner.health.lastError?.message ?? '', 'Inappropriate ioctl');
  } finally {
    await scanner.stop();
    await sim.stop();
  }
});

wedge('should pick the scanner up again after an unplug :: node removed, then back', async () => {
  const sim = new KeyboardWedgeSimulator();
  await sim.start();
  const scanner = new KeyboardWedgeScanner({ device: 'scanner-kbd', path: sim.devicePath, grab: false, backoffMs: [50, 100] });
  const scans: string[] = [];
  scanner.on('scanned', (scan) => scans.push(scan.code));
  try {
    await scanner.start();
    await waitFor('connected', () => scanner.health.state === 'connected', 3000);
    sim.scan('HALF', { enter: false });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await sim.unplug();
    await waitFor('reconnecting', () => scanner.health.state === 'reconnecting', 3000);
    await sim.plug();
    await waitFor('connected again', () => scanner.health.state === 'connected', 3000);
    sim.scan('C-20871');
    await waitFor('the scan', () => scans.length === 1);
    assert.equal(scans, ['C-20871']);
    assert.is(scanner.dropped, 1);
  } finally {
    await scanner.stop();
    await sim.stop();
  }
});

wedge.run();
