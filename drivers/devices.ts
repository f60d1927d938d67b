/**
 * Builds the appliance's drivers from one plain settings object (what the runtime keeps in its
 * settings document), so real hardware and the demo's simulators go through the same code:
 * only the paths differ. The runtime calls this in exactly one place.
 */
import type { Clock } from './clock.ts';
import type { LineRef, GpioProvider, Level } from './drawer/gpio/interface.ts';
import { GpioCashDrawer } from './drawer/gpio-drawer.ts';
import type { CashDrawer, DrawerTiming } from './drawer/interface.ts';
import { PrinterKickDrawer } from './drawer/printer-kick-drawer.ts';
import { DeviceError } from './errors.ts';
import type { DeviceHealth } from './health.ts';
import type { DriverLog } from './logger.ts';
import type { PrintJournal } from './printer/journal.ts';
import { EscPosPrinter } from './printer/printer.ts';
import { R2000Encoder } from './rfid/r2000/encoder.ts';
import { TslHandheld } from './rfid/tsl/handheld.ts';
import { andDialect } from './scale/and/dialect.ts';
import { mtSicsDialect } from './scale/mtsics/dialect.ts';
import { SerialScale } from './scale/scale.ts';
import type { WeighingRules } from './scale/weighing.ts';
import { KeyboardWedgeScanner } from './scanner/keyboard-wedge.ts';
import { SerialScanner } from './scanner/serial-scanner.ts';
import type { HotplugWatcher } from './hotplug/watcher.ts';
import type { DeviceKind } from './serial/discovery.ts';
import type { PortOpener, SerialSettings } from './serial/interface.ts';
import { deviceFileOpener, serialOpener, tcpOpener } from './serial/openers.ts';

export interface DeviceConfig {
  rfidHandheld?: { path: string; baudRate?: number; outputPowerDbm?: number };
  rfidEncoder?: { path: string; baudRate?: number; address?: number };
  scale?: SerialSettings & { path: string; protocol: 'and' | 'mt-sics'; zeroCommand?: 'R' | 'Z'; rules?: Partial<Record<keyof WeighingRules, string | string[]>> };
  printer?: ({ transport: 'tcp'; host: string; port?: number } | { transport: 'device-file'; path: string; readsStatus?: boolean } | ({ transport: 'serial'; path: string } & SerialSettings)) & { width?: number };
  drawer?:
    | { kind: 'gpio'; solenoid: LineRef; solenoidActiveLow?: boolean; sensor?: LineRef; sensorOpenLevel?: Level; timing?: Partial<DrawerTiming> }
    | { kind: 'printer'; pin?: 2 | 5; pin3HighMeansOpen?: boolean | null; timing?: Partial<DrawerTiming> };
  scanners?: ({ kind: 'serial'; path: string; baudRate?: number; prefix?: string } | { kind: 'keyboard'; path: string; grab?: boolean })[];
}

export interface DeviceDependencies {
  /** Needed for a GPIO drawer: `createOnoffGpio()` on the appliance, a `MemoryGpio` in the demo. */
  gpio?: GpioProvider;
  journal?: PrintJournal;
  log?: DriverLog;
  clock?: Clock;
  /** USB hotplug for the serial devices: plugged in, they come up at once; pulled out, they say so at once. */
  hotplug?: HotplugWatcher;
}

/** Opens a serial device of `kind` at `path`. */
type SerialLink = (kind: DeviceKind, path: string, settings: SerialSettings) => PortOpener;

export interface DeviceSet {
  rfidHandheld: TslHandheld | null;
  rfidEncoder: R2000Encoder | null;
  scale: SerialScale | null;
  printer: EscPosPrinter | null;
  drawer: CashDrawer | null;
  scanners: (SerialScanner | KeyboardWedgeScanner)[];
  /** Starts every device; an absent one shows in its health, it does not stop the others. */
  start(): Promise<void>;
  /** Stops every device, in reverse order of start. */
  stop(): Promise<void>;
  health(): DeviceHealth[];
}

export function createDevices(config: DeviceConfig, deps: DeviceDependencies = {}): DeviceSet {
  const common = { ...(deps.clock ? { clock: deps.clock } : {}), ...(deps.log ? { log: deps.log } : {}) };
  const hotplug = deps.hotplug;
  const serial: SerialLink = (kind, path, settings) => (hotplug ? hotplug.watch(kind, serialOpener(path, settings)) : serialOpener(path, settings));
  const rfidHandheld = config.rfidHandheld
    ? new TslHandheld({ device: 'rfid-handheld', opener: serial('rfid-handheld', config.rfidHandheld.path, { baudRate: config.rfidHandheld.baudRate ?? 115_200 }), ...optional('outputPowerDbm', config.rfidHandheld.outputPowerDbm), ...common })
    : null;
  const rfidEncoder = config.rfidEncoder
    ? new R2000Encoder({ device: 'rfid-encoder', opener: serial('rfid-encoder', config.rfidEncoder.path, { baudRate: config.rfidEncoder.baudRate ?? 115_200 }), ...optional('address', config.rfidEncoder.address), ...common })
    : null;
  const scale = config.scale ? createScale(config.scale, serial, common) : null;
  const printer = config.printer
    ? new EscPosPrinter({ device: 'receipt-printer', ...printerLink(config.printer, serial), ...optional('width', config.printer.width), ...optional('journal', deps.journal), ...common })
    : null;
  const drawer = createDrawer(config.drawer, printer, deps);
  const scanners = (config.scanners ?? []).map((scanner, index) =>
    scanner.kind === 'serial'
      ? new SerialScanner({ device: `scanner-${index + 1}`, opener: serial('scanner', scanner.path, { baudRate: scanner.baudRate ?? 115_200 }), ...optional('prefix', scanner.prefix), ...common })
      : new KeyboardWedgeScanner({ device: `scanner-${index + 1}`, path: scanner.path, grab: scanner.grab ?? true, ...common }),
  );
  const all = [rfidHandheld, rfidEncoder, scale, printer, drawer, ...scanners].filter((d): d is NonNullable<typeof d> => d !== null);
  return {
    rfidHandheld,
    rfidEncoder,
    scale,
    printer,
    drawer,
    scanners,
    start: async () => {
      for (const device of all) await device.start();
    },
    stop: async () => {
      for (const device of [...all].reverse()) await device.stop();
    },
    health: () => all.map((device) => device.health),
  };
}

function createScale(config: NonNullable<DeviceConfig['scale']>, serial: SerialLink, common: { clock?: Clock; log?: DriverLog }): SerialScale {
  const { path, protocol, zeroCommand, rules, ...settings } = config;
  const dialect = protocol === 'and' ? andDialect(zeroCommand ? { zeroCommand } : {}) : mtSicsDialect();
  // Settings documents hold microgram amounts as decimal strings (JSON has no BigInt).
  const parsedRules: Partial<WeighingRules> = {
    ...(typeof rules?.zeroBandMicrograms === 'string' ? { zeroBandMicrograms: BigInt(rules.zeroBandMicrograms) } : {}),
    ...(typeof rules?.minimumMicrograms === 'string' ? { minimumMicrograms: BigInt(rules.minimumMicrograms) } : {}),
    ...(Array.isArray(rules?.allowedUnits) ? { allowedUnits: rules.allowedUnits as WeighingRules['allowedUnits'] } : {}),
  };
  return new SerialScale({ device: 'scale', opener: serial('scale', path, settings), dialect, rules: parsedRules, ...common });
}

function printerLink(config: NonNullable<DeviceConfig['printer']>, serial: SerialLink): Pick<ConstructorParameters<typeof EscPosPrinter>[0], 'opener' | 'readsStatus'> {
  if (config.transport === 'tcp') return { opener: tcpOpener(config.host, config.port ?? 9100) };
  if (config.transport === 'device-file') return { opener: deviceFileOpener(config.path), readsStatus: config.readsStatus ?? true };
  const { path, transport: _transport, width: _width, ...settings } = config;
  return { opener: serial('printer', path, settings) };
}

function createDrawer(config: DeviceConfig['drawer'], printer: EscPosPrinter | null, deps: DeviceDependencies): CashDrawer | null {
  if (!config) return null;
  const clock = deps.clock ? { clock: deps.clock } : {};
  if (config.kind === 'printer') {
    if (!printer) throw new DeviceError('LOUPE_E_DEVICE_NOT_FOUND', { reason: 'drawer.kind "printer" needs a printer in the device settings' });
    return new PrinterKickDrawer({ device: 'cash-drawer', printer, ...optional('pin', config.pin), ...optional('pin3HighMeansOpen', config.pin3HighMeansOpen), ...optional('timing', config.timing), ...clock });
  }
  if (!deps.gpio) throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: 'drawer.kind "gpio" needs a GPIO provider' });
  return new GpioCashDrawer({
    device: 'cash-drawer',
    gpio: deps.gpio,
    solenoid: config.solenoid,
    ...optional('solenoidActiveLow', config.solenoidActiveLow),
    ...optional('sensor', config.sensor),
    ...optional('sensorOpenLevel', config.sensorOpenLevel),
    ...optional('timing', config.timing),
    ...clock,
  });
}

/** `{ [key]: value }` when the value is set, `{}` otherwise (options stay free of undefined). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
