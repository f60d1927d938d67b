import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeviceHealth } from '../../../drivers/health.ts';
import type { TagRead } from '../../../drivers/rfid/interface.ts';
import { TslHandheld } from '../../../drivers/rfid/tsl/handheld.ts';
import { TslHandheldSimulator } from '../../../drivers/rfid/tsl/simulator.ts';
import type { TslResponse } from '../../../drivers/rfid/tsl/frame.ts';
import { TslParser } from '../../../drivers/rfid/tsl/parser.ts';
import { serialOpener } from '../../../drivers/serial/openers.ts';
import { PortSupervisor } from '../../../drivers/serial/supervisor.ts';
import { nextEvent, rejectionOf, waitFor } from '../helpers/eventually.ts';
import { trackUnhandled } from '../helpers/unhandled.ts';

const RING = '3034257BF7194E4000001A85';
const PENDANT = '3034257BF7194E4000001A86';
const FACTORY = 'E2806894000040123456789A';

interface Context {
  sim: TslHandheldSimulator;
  reader: TslHandheld;
  health: DeviceHealth[];
  unhandled: ReturnType<typeof trackUnhandled>;
}

const handheld = suite<Context>('TslHandheld over a pty');

handheld.before.each(async (context) => {
  context.unhandled = trackUnhandled();
  context.sim = new TslHandheldSimulator();
  await context.sim.start();
  context.reader = new TslHandheld({
    device: 'rfid-handheld',
    opener: serialOpener(context.sim.devicePath, { baudRate: 115_200 }),
    backoffMs: [50, 100, 200],
    inventoryTimeoutMs: 800,
    commandTimeoutMs: 400,
  });
  context.health = [];
  context.reader.on('health', (h) => context.health.push(h));
  await context.reader.start();
  // The driver stores its inventory parameters right after connecting.
  await waitFor('the handheld to be configured', () => context.sim.received.some((line) => line.startsWith('.bl')));
});

handheld.after.each(async (context) => {
  await context.reader.stop();
  await context.sim.stop();
  context.unhandled.stop();
});

handheld('should store RSSI, PC and CRC reporting on connect :: .iv -x -n -r on -e on -c on', async ({ sim }) => {
  assert.is(sim.received[0], '.iv -x -n -r on -e on -c on');
  assert.equal(sim.inventoryParameters, { r: 'on', e: 'on', c: 'on', o: '29' });
});

handheld('should return the tags in the field :: 2 tags, CRC-checked, with RSSI', async ({ sim, reader }) => {
  sim.putTags([{ epc: RING, rssi: -48 }, { epc: FACTORY, rssi: -63 }]);
  const reads = await reader.inventory();
  assert.equal(reads.map((r) => [r.epc, r.rssi]), [[RING, -48], [FACTORY, -63]]);
  assert.is(reader.rejectedReads, 0);
});

handheld('should return no reads when the field is empty :: ER: 005 is not an error', async ({ reader }) => {
  assert.equal(await reader.inventory(), []);
});

handheld('should take trigger pulls into the sweep :: 3 pulls over 2 tags → 2 swept tags, 6 reads', async ({ sim, reader }) => {
  const sweep = reader.beginSweep();
  sim.putTags([{ epc: RING, rssi: -60 }, { epc: PENDANT, rssi: -50 }]);
  const completed = nextEvent<{ trigger: boolean }>(reader, 'inventoryCompleted');
  sim.pullTrigger();
  assert.is((await completed).trigger, true);
  sim.putTags([{ epc: RING, rssi: -41 }]);
  sim.pullTrigger();
  sim.pullTrigger();
  await waitFor('6 reads in the sweep', () => sweep.reads === 6);
  const tags = reader.endSweep()?.tags() ?? [];
  assert.equal(tags.map((t) => [t.epc, t.reads, t.bestRssi]), [[RING, 3, -41], [PENDANT, 3, -50]]);
});

handheld('should report the battery and flag it low :: 8% not charging → battery-low', async ({ sim, reader }) => {
  sim.setBattery(8, false);
  assert.equal(await reader.battery(), { percent: 8, charging: false });
  assert.equal(reader.health.conditions, ['battery-low']);
  sim.setBattery(9, true);
  await reader.battery();
  assert.equal(reader.health.conditions, []);
});

handheld('should tell who the reader is :: .vr → manufacturer, unit serial, protocol 2.5', async ({ sim, reader }) => {
  assert.equal(await reader.info(), { manufacturer: 'Technology Solutions (UK) Ltd (simulated)', unitSerial: '1128-SIM-000001', protocolVersion: '2.5' });
  assert.is(sim.received.at(-1), '.vr');
});

handheld('should forward barcodes from the imager :: BC line with an escaped CR', async ({ sim, reader }) => {
  const scan = nextEvent<{ barcode: string }>(reader, 'barcodeRead');
  sim.scanBarcode('RING-18K\r750');
  assert.is((await scan).barcode, 'RING-18K\r750');
});

handheld('should time out a request the reader never answers :: 800 ms, names cmd and port', async ({ sim, reader }) => {
  sim.silent = true;
  const { error, ms } = await rejectionOf(reader.inventory());
  assert.is(error.code, 'LOUPE_E_DEVICE_TIMEOUT');
  assert.ok(error.timedOut);
  assert.match(error.message, `cmd=.iv port=${sim.devicePath}`);
  assert.ok(ms >= 750 && ms < 1500, `took ${ms} ms`);
});

handheld('should fail a pending inventory at once on unplug and reconnect after replug :: socat killed', async (context) => {
  const { sim, reader } = context;
  sim.silent = true;
  const pending = rejectionOf(reader.inventory({ timeoutMs: 5000 }));
  await waitFor('the inventory to reach the reader', () => sim.received.at(-1) === '.iv');
  const unplugged = Date.now();
  await sim.unplug();
  const { error } = await pending;
  assert.is(error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.ok(error.disconnected);
  assert.ok(Date.now() - unplugged < 1000, `rejected ${Date.now() - unplugged} ms after the unplug`);
  await waitFor('health reconnecting', () => reader.health.state === 'reconnecting');
  const whileAway = await rejectionOf(reader.inventory());
  assert.is(whileAway.error.code, 'LOUPE_E_DEVICE_DISCONNECTED');
  assert.ok(whileAway.ms < 100, `a request while unplugged took ${whileAway.ms} ms`);

  sim.silent = false;
  sim.putTags([{ epc: RING }]);
  await sim.plug();
  await waitFor('health connected again', () => reader.health.state === 'connected', 3000);
  assert.equal((await reader.inventory()).map((r: TagRead) => r.epc), [RING]);
  assert.equal(context.health.map((h) => h.state), ['connected', 'reconnecting', ...context.health.slice(2).map((h) => h.state)]);
  assert.is(context.health.at(-1)?.state, 'connected');
  assert.is(context.unhandled.count, 0, String((context.unhandled.errors[0] as Error)?.stack ?? context.unhandled.errors[0]));
});

handheld.run();

// ---

const simulator = suite('TslHandheldSimulator');

simulator('should check every command line like the reader :: ER 001, 002, 004 and persisting parameters', async () => {
  const sim = new TslHandheldSimulator();
  await sim.start();
  const link = new PortSupervisor({ device: 'raw', opener: serialOpener(sim.devicePath, { baudRate: 115_200 }) });
  const parser = new TslParser();
  const blocks: TslResponse[] = [];
  link.on('data', (chunk) => blocks.push(...parser.push(chunk)));
  try {
    await link.start();
    sim.putTags([{ epc: RING, rssi: -50 }]);
    for (const line of ['iv', '.zz', '.iv -q on', '.iv -o 35', '.iv -n -r on', '.iv']) await link.write(Buffer.from(`${line}\r\n`), line);
    await waitFor('6 answers', () => blocks.length === 6);
    assert.equal(blocks.map((b) => b.errorCode), [1, 4, 2, 2, null, null]);
    assert.equal(blocks[4]?.lines, []);
    assert.equal(blocks[5]?.lines, [{ header: 'EP', value: RING }, { header: 'RI', value: '-50' }]);
  } finally {
    await link.stop();
    await sim.stop();
  }
});

simulator.run();
