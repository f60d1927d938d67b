/**
 * A scanner in USB serial (CDC ACM) mode: each code arrives as text ended by CR, LF or CR LF
 * (set the scanner's suffix to one of them). Obligations in `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../clock.ts';
import type { DeviceHealth } from '../health.ts';
import { silentLog, type DriverLog } from '../logger.ts';
import type { PortOpener } from '../serial/interface.ts';
import { LineSplitter } from '../serial/line-splitter.ts';
import { PortSupervisor } from '../serial/supervisor.ts';
import type { BarcodeScanner, ScannerEvents } from './interface.ts';

/** Control bytes no barcode carries; GS (FNC1 in GS1-128), RS and EOT (ISO 15434) are allowed. */
const CONTROL = /[\x00-\x03\x05-\x08\x0e-\x1c\x7f]/;

export interface SerialScannerOptions {
  device: string;
  opener: PortOpener;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
  /** A prefix the scanner is set to send (tells scans from noise); lines without it are dropped. */
  prefix?: string;
  /** Longest code accepted; longer lines are noise. */
  maxLength?: number;
}

export class SerialScanner extends EventEmitter<ScannerEvents> implements BarcodeScanner {
  readonly #supervisor: PortSupervisor;
  readonly #clock: Clock;
  readonly #prefix: string;
  readonly #maxLength: number;
  readonly #splitter: LineSplitter;
  #dropped = 0;

  constructor(options: SerialScannerOptions) {
    super();
    this.#clock = options.clock ?? systemClock;
    this.#prefix = options.prefix ?? '';
    this.#maxLength = options.maxLength ?? 256;
    this.#splitter = new LineSplitter('any', { maxLength: this.#maxLength + this.#prefix.length });
    // A scanner is silent until it scans, so silence proves nothing: no read watchdog here.
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener,
      clock: this.#clock,
      log: options.log ?? silentLog,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
    });
    this.#supervisor.on('data', (chunk) => this.#onData(chunk));
    this.#supervisor.on('health', (health) => this.emit('health', health));
    this.#supervisor.on('disconnected', () => {
      // Half a code from before the unplug is not a code.
      if (this.#splitter.pendingBytes > 0) this.#dropped += 1;
      this.#splitter.reset();
    });
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  get dropped(): number {
    return this.#dropped + this.#splitter.overflows;
  }

  start(): Promise<void> {
    return this.#supervisor.start();
  }

  stop(): Promise<void> {
    return this.#supervisor.stop();
  }

  #onData(chunk: Buffer): void {
    for (const line of this.#splitter.push(chunk)) {
      if (!line.startsWith(this.#prefix) || line.length - this.#prefix.length > this.#maxLength || CONTROL.test(line)) {
        this.#dropped += 1;
        continue;
      }
      const code = line.slice(this.#prefix.length);
      if (code.length > 0) this.emit('scanned', { code, source: 'serial', at: this.#clock.now() });
    }
  }
}
