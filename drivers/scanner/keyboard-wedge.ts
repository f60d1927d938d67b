/**
 * A scanner in USB keyboard mode, read from its own evdev node and grabbed so its keystrokes stay
 * out of the kiosk browser. Obligations in `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../clock.ts';
import type { DeviceHealth } from '../health.ts';
import { silentLog, type DriverLog } from '../logger.ts';
import type { PortOpener } from '../serial/interface.ts';
import { PortSupervisor } from '../serial/supervisor.ts';
import { InputEventParser } from './evdev.ts';
import { evdevOpener } from './evdev-grab.ts';
import type { BarcodeScanner, ScannerEvents } from './interface.ts';
import { KeystrokeDecoder } from './keystrokes.ts';

export interface KeyboardWedgeOptions {
  device: string;
  /** `/dev/input/by-id/usb-<vendor>_<product>-event-kbd`. */
  path: string;
  /** Grab the device (default true). */
  grab?: boolean;
  python?: string;
  /** Another way to open the node (tests); defaults to the grabbing helper. */
  opener?: PortOpener;
  /** `process.arch` of this process: it fixes the input_event record size. */
  arch?: string;
  /** A code with no Enter this long after its last key is dropped. */
  idleMs?: number;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
}

export class KeyboardWedgeScanner extends EventEmitter<ScannerEvents> implements BarcodeScanner {
  readonly #supervisor: PortSupervisor;
  readonly #parser: InputEventParser;
  readonly #decoder: KeystrokeDecoder;

  constructor(options: KeyboardWedgeOptions) {
    super();
    const clock = options.clock ?? systemClock;
    this.#parser = new InputEventParser(options.arch);
    this.#decoder = new KeystrokeDecoder(clock, options.idleMs ?? 300, (code) => this.emit('scanned', { code, source: 'keyboard', at: clock.now() }));
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener ?? evdevOpener({ path: options.path, grab: options.grab ?? true, ...(options.python ? { python: options.python } : {}) }),
      clock,
      log: options.log ?? silentLog,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    });
    this.#supervisor.on('data', (chunk) => {
      for (const event of this.#parser.push(chunk)) this.#decoder.push(event);
    });
    this.#supervisor.on('health', (health) => this.emit('health', health));
    this.#supervisor.on('disconnected', () => {
      this.#parser.reset();
      this.#decoder.abandon();
    });
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  get dropped(): number {
    return this.#decoder.dropped;
  }

  start(): Promise<void> {
    return this.#supervisor.start();
  }

  async stop(): Promise<void> {
    this.#decoder.abandon();
    await this.#supervisor.stop();
  }
}
