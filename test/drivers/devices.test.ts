import { execFileSync } from 'node:child_process';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createDevices, encodePieceTag, startSimulatedDevices, type DeviceSet, type Scan, type SimulatedDeviceSet } from '../../drivers/index.ts';
import { decodeEscPos, printedText } from './helpers/escpos-decoder.ts';
import { waitFor } from './helpers/eventually.ts';
import { saleReceipt } from './helpers/receipts.ts';
import { trackUnhandled } from './helpers/unhandled.ts';

const SAM = { who: { staffId: 'st-101', name: 'Sam Okafor' }, why: 'sale 0042-01-000017' };

function socatChildren(): number {
  const out = execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)]).toString();
  return out
    .split('\n')
    .filter((pid) => pid.trim())
    .filter((pid) => {
      try {
        return execFileSync('ps', ['-o', 'comm=', '-p', pid.trim()]).toString().trim() === 'socat';
      } catch {
        return false;
      }
    }).length;
}

const counter = suite<{ sims: SimulatedDeviceSet; devices: DeviceSet; unhandled: ReturnType<typeof trackUnhandled>; socatBefore: number }>('the simulated counter through createDevices');

counter.before(async (context) => {
  context.unhandled = trackUnhandled();
  context.socatBefore = socatChildren(); // other suites in this process may own some
  context.sims = await startSimulatedDevices();
  context.devices = createDevices(context.sims.config, { gpio: context.sims.gpio });
  await context.devices.start();
});

counter.after(async ({ sims, devices, unhandled }) => {
  await devices.stop();
  await sims.stop();
  unhandled.stop();
});

counter('should bring every device up :: 7 drivers connected', async ({ devices }) => {
  await waitFor('all devices connected', () => devices.health().every((h) => h.state === 'connected'), 5000);
  assert.equal(devices.health().map((h) => h.device), ['rfid-handheld', 'rfid-encoder', 'scale', 'receipt-printer', 'cash-drawer', 'scanner-1', 'scanner-2']);
});

counter('should sell a tagged ring end to end :: encode, sweep, weigh, print, open the drawer, scan', async ({ sims, devices }) => {
  const { rfidEncoder, rfidHandheld, scale, printer, drawer, scanners } = devices;
  if (!rfidEncoder || !rfidHandheld || !scale || !printer || !drawer) throw new Error('a device is missing');
  const epc = encodePieceTag({ companyPrefix: '0614141', styleNumber: 12345, pieceNumber: 67n });

  sims.encoder.putTag('E2806894000040123456789A');
  assert.equal(await rfidEncoder.writeEpc({ newEpc: epc }), { previousEpc: 'E2806894000040123456789A', epc });

  sims.handheld.putTags([{ epc }]);
  assert.equal((await rfidHandheld.inventory()).map((r) => r.epc), [epc]);

  await waitFor('the scale at zero', () => scale.readyToWeigh, 3000);
  sims.scale.place(4_120_000n);
  assert.is((await scale.weighForPrice({ timeoutMs: 3000 })).micrograms, 4_120_000n);

  await printer.print({ id: '0042-01-000017', receipt: saleReceipt() });
  assert.ok(printedText(decodeEscPos(sims.printer.bytes())).includes('Served by Sam Okafor'));

  assert.is((await drawer.open(SAM)).confirmed, true);
  assert.ok(sims.drawer.open);

  const scans: Scan[] = [];
  for (const scanner of scanners) scanner.on('scanned', (scan) => scans.push(scan));
  sims.scanner.scan('R-10233');
  sims.keyboardScanner?.scan('C-20871');
  await waitFor('both scans', () => scans.length === 2);
  assert.equal(scans.map((s) => s.code).sort(), ['C-20871', 'R-10233']);
});

counter('should leave no socat behind after stop :: 4 ptys closed', async ({ sims, devices, unhandled, socatBefore }) => {
  assert.is(socatChildren(), socatBefore + 4);
  await devices.stop();
  await sims.stop();
  assert.is(socatChildren(), socatBefore);
  assert.is(unhandled.count, 0, String(unhandled.errors[0]));
});

counter.run();
