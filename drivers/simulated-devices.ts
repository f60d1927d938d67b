/**
 * The whole counter, simulated: a TSL handheld, an R2000 encoder, a balance, a receipt printer,
 * a cash drawer, a serial scanner and a keyboard-mode scanner, each a real peer on its own
 * pseudo-terminal, FIFO or loopback port. `config` is the device settings that point the real
 * drivers at them, so demo mode runs the drivers that ship.
 *
 *   const sims = await startSimulatedDevices();
 *   const devices = createDevices(sims.config, { gpio: sims.gpio });
 *   await devices.start();
 *   sims.handheld.putTags([{ epc }]); sims.scale.place(2_515_000n); sims.printer.pullPaper();
 *   …
 *   await devices.stop(); await sims.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from './clock.ts';
import type { DeviceConfig } from './devices.ts';
import { MemoryGpio } from './drawer/gpio/memory-backend.ts';
import { DrawerSimulator } from './drawer/simulator.ts';
import { PrinterSimulator } from './printer/simulator.ts';
import { R2000Simulator } from './rfid/r2000/simulator.ts';
import { TslHandheldSimulator } from './rfid/tsl/simulator.ts';
import { ScaleSimulator } from './scale/simulator.ts';
import { KeyboardWedgeSimulator, SerialScannerSimulator } from './scanner/simulator.ts';

export interface SimulatedDeviceOptions {
  /** Where the pty links and the FIFO live; a fresh temp folder (removed on stop) by default. */
  dir?: string;
  scaleProtocol?: 'and' | 'mt-sics';
  /** `gpio`: drawer on the appliance's GPIO (memory lines); `printer`: on the printer's kick connector. */
  drawer?: 'gpio' | 'printer';
  /** Include the keyboard-mode scanner (needs python3, as the real one does). */
  keyboardScanner?: boolean;
  clock?: Clock;
}

export interface SimulatedDeviceSet {
  handheld: TslHandheldSimulator;
  encoder: R2000Simulator;
  scale: ScaleSimulator;
  printer: PrinterSimulator;
  drawer: DrawerSimulator;
  /** The GPIO lines the drawer hangs on; pass it to `createDevices` as `gpio`. */
  gpio: MemoryGpio;
  scanner: SerialScannerSimulator;
  keyboardScanner: KeyboardWedgeSimulator | null;
  /** Device settings pointing the real drivers at these simulators. */
  config: DeviceConfig;
  stop(): Promise<void>;
}

const DRAWER_LINES = { solenoid: { offset: 17 }, sensor: { offset: 27 } } as const;

export async function startSimulatedDevices(options: SimulatedDeviceOptions = {}): Promise<SimulatedDeviceSet> {
  const ownsDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'loupe-devices-'));
  const scaleProtocol = options.scaleProtocol ?? 'and';
  const clock = options.clock ? { clock: options.clock } : {};
  const handheld = new TslHandheldSimulator({ dir });
  const encoder = new R2000Simulator({ dir });
  const scale = new ScaleSimulator({ protocol: scaleProtocol, dir, unit: 'g', decimals: 3, ...clock });
  const printer = new PrinterSimulator({ transport: 'tcp' });
  const drawer = new DrawerSimulator(options.clock);
  const gpio = new MemoryGpio(options.clock);
  const scanner = new SerialScannerSimulator({ dir });
  const keyboardScanner = options.keyboardScanner === false ? null : new KeyboardWedgeSimulator({ dir });
  const started: { stop(): Promise<void> }[] = [];
  const stop = async (): Promise<void> => {
    for (const simulator of started.splice(0).reverse()) await simulator.stop().catch(() => undefined);
    if (ownsDir) rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const simulator of [handheld, encoder, scale, printer, scanner, ...(keyboardScanner ? [keyboardScanner] : [])]) {
      await simulator.start();
      started.push(simulator);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const drawerOnPrinter = options.drawer === 'printer';
  if (drawerOnPrinter) printer.connectDrawer(drawer.printerConnector());
  else drawer.attachToGpio(gpio, DRAWER_LINES);
  const config: DeviceConfig = {
    rfidHandheld: { path: handheld.devicePath },
    rfidEncoder: { path: encoder.devicePath },
    scale: scaleProtocol === 'and' ? { path: scale.devicePath, protocol: 'and', baudRate: 2400, dataBits: 7, parity: 'even', stopBits: 1 } : { path: scale.devicePath, protocol: 'mt-sics', baudRate: 9600 },
    printer: { transport: 'tcp', host: printer.host, port: printer.port },
    drawer: drawerOnPrinter ? { kind: 'printer', pin: 2, pin3HighMeansOpen: true } : { kind: 'gpio', ...DRAWER_LINES, sensorOpenLevel: 1 },
    scanners: [{ kind: 'serial', path: scanner.devicePath }, ...(keyboardScanner ? [{ kind: 'keyboard' as const, path: keyboardScanner.devicePath, grab: false }] : [])],
  };
  return { handheld, encoder, scale, printer, drawer, gpio, scanner, keyboardScanner, config, stop };
}
