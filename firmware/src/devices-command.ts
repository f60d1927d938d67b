/**
 * `loupe devices` lists the counter's devices with their health; `loupe devices test NAME` makes
 * one of them do something a technician can see or hear. A running appliance holds the ports, so
 * the list then comes from its /healthz and a test is refused; otherwise the devices are opened
 * here, from the settings — the simulated counter when no hardware is configured.
 */
import { createDevices, createOnoffGpio, MemoryPrintJournal, startSimulatedDevices, type DeviceSet } from '../../drivers/index.ts';
import { loadSettings } from '../../runtime/src/config/settings.ts';
import type { Settings } from '../../runtime/src/config/settings-schema.ts';
import { LoupeError } from '../../runtime/src/errors.ts';
import type { Health } from '../../runtime/src/wire/api.ts';
import { runningPid } from './commands.ts';

const SETTLE_MS = 3_000;

export async function devicesList(dataDir: string): Promise<number> {
  const settings = await loadSettings(dataDir);
  if (runningPid(dataDir) !== null) {
    const health = (await (await fetch(`http://${settings.api.host}:${settings.api.port}/healthz`)).json()) as Health;
    print(health.devices.map((device) => ({ device: device.name, state: device.state, conditions: device.conditions, lastError: device.lastError })), 'from the running appliance');
    return 0;
  }
  return withDevices(settings, async (devices, simulated) => {
    print(devices.health().map((h) => ({ device: h.device, state: h.state, conditions: h.conditions, lastError: h.lastError?.message ?? null })), simulated ? 'simulated counter: no hardware is configured' : 'opened from the settings');
    return 0;
  });
}

export async function devicesTest(dataDir: string, name: string): Promise<number> {
  const settings = await loadSettings(dataDir);
  const pid = runningPid(dataDir);
  if (pid !== null) throw new LoupeError('LOUPE_E_DEVICES_IN_USE', { pid });
  return withDevices(settings, async (devices) => {
    const say = (line: string) => process.stdout.write(`${name}: ${line}\n`);
    if (name === 'rfid-handheld' && devices.rfidHandheld) {
      const battery = await devices.rfidHandheld.battery();
      say(`${(await devices.rfidHandheld.inventory({ timeoutMs: 3_000 })).length} tags in the field, battery ${battery.percent} %`);
    } else if (name === 'rfid-encoder' && devices.rfidEncoder) {
      say(`firmware ${await devices.rfidEncoder.firmwareVersion()}, ${(await devices.rfidEncoder.inventory({ timeoutMs: 3_000 })).length} tags on the pad`);
    } else if (name === 'scale' && devices.scale) {
      const reading = await devices.scale.read();
      say(`${reading.value} ${reading.unitSymbol} (${reading.status})`);
    } else if (name === 'receipt-printer' && devices.printer) {
      const at = new Date().toISOString();
      await devices.printer.print({ id: `test-${at}`, receipt: { header: [settings.store.name], meta: ['PRINTER TEST', at], items: [], totals: [], payments: [], footer: ['If you can read this, the printer works.'], receiptNumber: `TEST-${Date.now()}` } });
      say('test page printed');
    } else if (name === 'cash-drawer' && devices.drawer) {
      const opened = await devices.drawer.open({ who: { staffId: 'technician', name: 'Technician' }, why: 'device test' });
      say(opened.confirmed ? 'opened (seen by the sensor)' : `pulsed ${opened.pulseMs} ms (no sensor to confirm)`);
    } else if (name.startsWith('scanner-') && devices.scanners[Number(name.slice(8)) - 1]) {
      const scanner = devices.scanners[Number(name.slice(8)) - 1]!;
      say('scan a barcode within 15 s…');
      const code = await new Promise<string | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), 15_000);
        scanner.once('scanned', (scan) => {
          clearTimeout(timer);
          resolve(scan.code);
        });
      });
      say(code === null ? 'nothing scanned' : `read "${code}"`);
      return code === null ? 1 : 0;
    } else {
      const known = devices.health().map((h) => h.device).join(', ');
      throw new LoupeError('LOUPE_E_DEVICE_NOT_FOUND', { device: name, known }, `There is no device named ${name}; devices here: ${known}.`);
    }
    return 0;
  });
}

async function withDevices(settings: Settings, use: (devices: DeviceSet, simulated: boolean) => Promise<number>): Promise<number> {
  const simulated = Object.keys(settings.devices).length === 0;
  const sims = simulated ? await startSimulatedDevices({ keyboardScanner: false }) : null;
  const gpio = sims ? { gpio: sims.gpio } : settings.devices.drawer?.kind === 'gpio' ? { gpio: await createOnoffGpio() } : {};
  const devices = createDevices(sims ? sims.config : settings.devices, { ...gpio, journal: new MemoryPrintJournal() });
  try {
    await devices.start();
    const deadline = Date.now() + SETTLE_MS;
    while (Date.now() < deadline && devices.health().some((h) => h.state !== 'connected')) await new Promise((resolve) => setTimeout(resolve, 100));
    return await use(devices, simulated);
  } finally {
    await devices.stop();
    await sims?.stop();
  }
}

function print(rows: { device: string; state: string; conditions: string[]; lastError: string | null }[], source: string): void {
  process.stdout.write(`Devices (${source}):\n`);
  for (const row of rows) {
    const notes = [...row.conditions, ...(row.lastError ? [row.lastError] : [])].join('; ');
    process.stdout.write(`  ${row.device.padEnd(18)} ${row.state.padEnd(13)} ${notes}\n`.trimEnd() + '\n');
  }
  if (rows.length === 0) process.stdout.write('  (none configured)\n');
}

