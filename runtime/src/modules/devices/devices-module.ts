/**
 * The counter's peripherals, in the runtime. The drivers are built in exactly one place: from the
 * `devices` settings when hardware is configured, else against the simulated counter (demo, tests),
 * which speaks the same bytes. What the devices say goes onto the bus (health, scans, tag reads,
 * weights) for the API, the live socket and HQ; every physical drawer opening is recorded in the
 * ledger with who and why; the drawer jobs commands queue are run on the drawer (drawer-kicks.ts). With hardware, USB
 * hotplug brings a replugged serial device up at once and marks a pulled one unplugged at once;
 * its binding loads after the devices started, so start-up does not wait for it.
 */
import {
  createDevices,
  createOnoffGpio,
  HotplugWatcher,
  startSimulatedDevices,
  usbHotplug,
  type DeviceConfig,
  type DeviceHealth,
  type DeviceSet,
  type HotplugLoader,
  type PrintJournal,
  type SimulatedDeviceSet,
} from '../../../../drivers/index.ts';
import type { Actor } from '../../domain/actor.ts';
import type { EventBus } from '../../event-bus.ts';
import type { Logger } from '../../logger.ts';
import type { Ledger } from '../../store/ledger.ts';
import { findStaffById } from '../../store/staff.ts';
import { DrawerKicks } from './drawer-kicks.ts';

export interface DevicesModuleContext {
  /** The configured hardware; empty means "simulate the counter". */
  hardware: DeviceConfig;
  bus: EventBus;
  ledger: Ledger;
  log: Logger;
  journal: PrintJournal;
  now: () => Date;
  /** USB hotplug with real hardware; the `usb` package's by default, a `FakeHotplug` in tests. */
  hotplug?: HotplugLoader;
}

export class DevicesModule {
  readonly #ctx: DevicesModuleContext;
  #devices: DeviceSet | undefined;
  #simulated: SimulatedDeviceSet | null = null;
  #hotplug: HotplugWatcher | null = null;
  #kicks: DrawerKicks | null = null;

  constructor(ctx: DevicesModuleContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    const { hardware, journal, log } = this.#ctx;
    const driverLog = log.child({ module: 'drivers' }); // pino's (details, message) is the drivers' log shape
    if (Object.keys(hardware).length === 0) {
      this.#simulated = await startSimulatedDevices({ keyboardScanner: false });
      this.#devices = createDevices(this.#simulated.config, { gpio: this.#simulated.gpio, journal, log: driverLog });
    } else {
      const gpio = hardware.drawer?.kind === 'gpio' ? { gpio: await createOnoffGpio() } : {};
      this.#hotplug = new HotplugWatcher({ log: driverLog });
      this.#devices = createDevices(hardware, { ...gpio, journal, log: driverLog, hotplug: this.#hotplug });
    }
    this.#listen(this.#devices);
    await this.#devices.start();
    this.#kicks?.start();
    if (this.#hotplug) this.#listenForHotplug(this.#hotplug);
  }

  #listenForHotplug(watcher: HotplugWatcher): void {
    const load = this.#ctx.hotplug ?? usbHotplug;
    load()
      .then((binding) => watcher.use(binding))
      .catch((error: Error) => this.#ctx.log.warn({ err: error }, 'no USB hotplug: devices are found by polling'));
  }

  async stop(): Promise<void> {
    this.#ctx.bus.removeListeners(this);
    await this.#kicks?.stop();
    await this.#hotplug?.close();
    await this.#devices?.stop();
    await this.#simulated?.stop();
  }

  health(): DeviceHealth[] {
    return this.#devices?.health() ?? [];
  }

  get devices(): DeviceSet {
    if (!this.#devices) throw new Error('the devices have not started');
    return this.#devices;
  }

  /** The simulators behind the devices in demo mode; null with real hardware. */
  get simulated(): SimulatedDeviceSet | null {
    return this.#simulated;
  }

  #listen(devices: DeviceSet): void {
    const { bus, log } = this.#ctx;
    const health = (report: DeviceHealth) => bus.emit('deviceHealthChanged', report);
    for (const device of [devices.rfidHandheld, devices.rfidEncoder, devices.scale, devices.printer, devices.drawer, ...devices.scanners]) {
      device?.on('health', health);
    }
    devices.scanners.forEach((scanner, index) => scanner.on('scanned', (scan) => bus.emit('barcodeScanned', { scanner: `scanner-${index + 1}`, code: scan.code })));
    devices.rfidHandheld?.on('tagRead', (read) => bus.emit('tagRead', { reader: 'rfid-handheld', epc: read.epc, rssi: read.rssi }));
    devices.scale?.on('weightChanged', (reading) =>
      bus.emit('weightChanged', { status: reading.status, micrograms: reading.micrograms === null ? null : Number(reading.micrograms), shown: `${reading.value} ${reading.unitSymbol}` }),
    );
    const drawer = devices.drawer;
    if (!drawer) return;
    drawer.on('drawerOpened', (event) => this.#record('cash.drawerOpened', event.who, event.why ?? 'opened by hand (key or release lever)', { expected: event.expected, at: new Date(event.at).toISOString() }));
    drawer.on('drawerLeftOpen', (event) => this.#record('cash.drawerLeftOpen', event.who, event.why ?? 'opened by hand', { openForMs: event.openForMs }));
    const kicks = new DrawerKicks({ ledger: this.#ctx.ledger, drawer, log, now: this.#ctx.now });
    this.#kicks = kicks;
    bus.on(this, 'ledgerCommitted', () => void kicks.run());
  }

  /** Records a drawer event; `who` is null when nobody asked for the opening (the key). */
  #record(action: 'cash.drawerOpened' | 'cash.drawerLeftOpen', who: { staffId: string; name: string } | null, why: string, details: { expected: boolean; at: string } | { openForMs: number }): void {
    const staff = who ? findStaffById(this.#ctx.ledger.db, who.staffId) : undefined;
    const actor: Actor = { staff: staff ? { staffId: staff.id, name: staff.name, role: staff.role } : null, approver: null };
    const type = action === 'cash.drawerOpened' ? 'cash.drawer_opened' : 'cash.drawer_left_open';
    try {
      this.#ctx.ledger.write({ action, actor, target: 'drawer', reason: why }, () => ({
        result: undefined,
        after: { who: who?.name ?? null, why, ...details },
        events: [{ stream: 'cash', type, schemaVersion: 1, payload: { staffId: who?.staffId ?? null, why, ...details } }],
      }));
    } catch (error) {
      this.#ctx.log.error({ err: error, action }, 'a drawer event could not be recorded');
    }
  }
}
