/**
 * A cash drawer plugged into the receipt printer's kick connector (RJ12): pulsed with the raw
 * `ESC p`, its switch read from DLE EOT 1 bit 2 (pin 3). Obligations in `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../clock.ts';
import { DeviceError } from '../errors.ts';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { STANDARD_DRAWER_PULSE } from '../printer/constants.ts';
import type { ReceiptPrinter } from '../printer/interface.ts';
import type { PrinterStatus } from '../printer/status.ts';
import { DrawerWatch } from './drawer-watch.ts';
import { DEFAULT_DRAWER_TIMING, type CashDrawer, type DrawerEvents, type DrawerOpenResult, type DrawerRequest, type DrawerTiming } from './interface.ts';

type KickPrinter = Pick<ReceiptPrinter, 'kickDrawer' | 'status' | 'health'> & {
  on(event: 'statusChanged', listener: (status: PrinterStatus) => void): unknown;
  on(event: 'health', listener: (health: DeviceHealth) => void): unknown;
  off(event: 'statusChanged', listener: (status: PrinterStatus) => void): unknown;
  off(event: 'health', listener: (health: DeviceHealth) => void): unknown;
};

export interface PrinterKickDrawerOptions {
  device: string;
  printer: KickPrinter;
  /** Connector pin 2 (first drawer) or 5 (second drawer). */
  pin?: 2 | 5;
  /** Whether pin 3 HIGH means open depends on the drawer (reference §3.1): set per model. null = no switch. */
  pin3HighMeansOpen?: boolean | null;
  /** How often the switch is read while the drawer is expected to move or is open. */
  sensorPollMs?: number;
  timing?: Partial<DrawerTiming>;
  clock?: Clock;
}

export class PrinterKickDrawer extends EventEmitter<DrawerEvents> implements CashDrawer {
  readonly #printer: KickPrinter;
  readonly #pin: 2 | 5;
  readonly #pin3HighMeansOpen: boolean | null;
  readonly #sensorPollMs: number;
  readonly #timing: DrawerTiming;
  readonly #clock: Clock;
  readonly #health: HealthTracker;
  readonly #watch: DrawerWatch;
  readonly #onStatus = (status: PrinterStatus): void => this.#sample(status);
  /** The drawer is reachable exactly when the printer is. */
  readonly #onPrinterHealth = (health: DeviceHealth): void => this.#health.setState(health.state);
  #poll: TimerHandle | null = null;
  #running = false;

  constructor(options: PrinterKickDrawerOptions) {
    super();
    this.#printer = options.printer;
    this.#pin = options.pin ?? 2;
    this.#pin3HighMeansOpen = options.pin3HighMeansOpen ?? true;
    this.#sensorPollMs = options.sensorPollMs ?? 250;
    this.#timing = { ...DEFAULT_DRAWER_TIMING, ...options.timing };
    this.#clock = options.clock ?? systemClock;
    this.#health = new HealthTracker(options.device, this.#clock, (health) => this.emit('health', health));
    this.#watch = new DrawerWatch(this.#clock, this.#timing, this, this.#health);
  }

  get health(): DeviceHealth {
    return this.#health.current;
  }

  get isOpen(): boolean | null {
    return this.#pin3HighMeansOpen === null ? null : this.#watch.isOpen;
  }

  async start(): Promise<void> {
    this.#running = true;
    this.#printer.on('statusChanged', this.#onStatus);
    this.#printer.on('health', this.#onPrinterHealth);
    this.#health.setState(this.#printer.health.state);
    if (this.#pin3HighMeansOpen === null) return;
    const status = await this.#printer.status().catch(() => null);
    if (status) this.#watch.initial(status.drawerPin3High === this.#pin3HighMeansOpen);
    this.#schedulePoll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#printer.off('statusChanged', this.#onStatus);
    this.#printer.off('health', this.#onPrinterHealth);
    if (this.#poll) this.#clock.clearTimeout(this.#poll);
    this.#poll = null;
    this.#watch.stop();
  }

  async open(request: DrawerRequest): Promise<DrawerOpenResult> {
    const pulseMs = this.#watch.admit(request);
    // The printer times the pulse itself; the usual 500 ms off time keeps the coil under 20 % duty.
    await this.#printer.kickDrawer({ pin: this.#pin, onMs: pulseMs, offMs: Math.max(STANDARD_DRAWER_PULSE.offMs, 4 * pulseMs) });
    const at = this.#clock.now();
    this.#watch.kicked(request, pulseMs, at);
    if (this.#pin3HighMeansOpen === null) return { at, pulseMs, confirmed: false };
    if (await this.#watch.waitForOpen()) return { at, pulseMs, confirmed: true };
    const error = new DeviceError('LOUPE_E_DRAWER_DID_NOT_OPEN', { who: request.who.staffId, why: request.why });
    this.#health.recordError(error);
    throw error;
  }

  #sample(status: PrinterStatus): void {
    if (this.#pin3HighMeansOpen === null) return;
    this.#watch.sample(status.drawerPin3High === this.#pin3HighMeansOpen);
  }

  #schedulePoll(): void {
    if (!this.#running) return;
    this.#poll = this.#clock.setTimeout(() => {
      this.#poll = null;
      // Status replies feed the watch through `statusChanged`; a failed read just waits for the next.
      void this.#printer.status().catch(() => undefined).finally(() => this.#schedulePoll());
    }, this.#sensorPollMs);
  }
}
