/**
 * A cash drawer on the appliance's own GPIO: a MOSFET on the solenoid line, the drawer switch on
 * an input with a pull-up (device-protocols.md §4). Obligations in `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { sleep, systemClock, type Clock } from '../clock.ts';
import { DeviceError, toDeviceError } from '../errors.ts';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { DrawerWatch } from './drawer-watch.ts';
import type { DigitalIn, DigitalOut, GpioProvider, Level, LineRef } from './gpio/interface.ts';
import { DEFAULT_DRAWER_TIMING, type CashDrawer, type DrawerEvents, type DrawerOpenResult, type DrawerRequest, type DrawerTiming } from './interface.ts';

export interface GpioCashDrawerOptions {
  device: string;
  gpio: GpioProvider;
  solenoid: LineRef;
  /** True when the driver stage switches on a LOW level. */
  solenoidActiveLow?: boolean;
  /** The drawer switch; omit for a drawer without one. */
  sensor?: LineRef;
  /** The sensor level that means "open" (a switch to GND with a pull-up reads 1 when it opens). */
  sensorOpenLevel?: Level;
  timing?: Partial<DrawerTiming>;
  clock?: Clock;
}

export class GpioCashDrawer extends EventEmitter<DrawerEvents> implements CashDrawer {
  readonly #options: GpioCashDrawerOptions;
  readonly #clock: Clock;
  readonly #health: HealthTracker;
  readonly #watch: DrawerWatch;
  #solenoid: DigitalOut | null = null;
  #sensor: DigitalIn | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(options: GpioCashDrawerOptions) {
    super();
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#health = new HealthTracker(options.device, this.#clock, (health) => this.emit('health', health));
    this.#watch = new DrawerWatch(this.#clock, { ...DEFAULT_DRAWER_TIMING, ...options.timing }, this, this.#health);
  }

  get health(): DeviceHealth {
    return this.#health.current;
  }

  get isOpen(): boolean | null {
    return this.#options.sensor ? this.#watch.isOpen : null;
  }

  /** Claims the lines; a missing GPIO is a `failed` health state, not a crash. */
  async start(): Promise<void> {
    try {
      this.#solenoid = await this.#options.gpio.output(this.#options.solenoid, { activeLow: this.#options.solenoidActiveLow ?? false, initial: 0 });
      if (this.#options.sensor) {
        const openLevel = this.#options.sensorOpenLevel ?? 1;
        const sensor = await this.#options.gpio.input(this.#options.sensor);
        this.#sensor = sensor;
        this.#unsubscribe = sensor.onChange((level) => this.#watch.sample(level === openLevel));
        this.#watch.initial((await sensor.get()) === openLevel);
      }
      this.#health.setState('connected');
    } catch (error) {
      this.#health.setState('failed', toDeviceError(error, 'LOUPE_E_GPIO_UNAVAILABLE'));
    }
  }

  async stop(): Promise<void> {
    this.#watch.stop();
    this.#unsubscribe?.();
    await this.#solenoid?.set(0).catch(() => undefined);
    await this.#solenoid?.close().catch(() => undefined);
    await this.#sensor?.close().catch(() => undefined);
    this.#solenoid = null;
    this.#sensor = null;
  }

  async open(request: DrawerRequest): Promise<DrawerOpenResult> {
    const solenoid = this.#solenoid;
    if (!solenoid) throw new DeviceError('LOUPE_E_GPIO_UNAVAILABLE', { reason: 'the drawer lines are not claimed' });
    const pulseMs = this.#watch.admit(request);
    try {
      await solenoid.set(1);
      await sleep(this.#clock, pulseMs);
    } finally {
      // The coil must never stay on, whatever happened above.
      await solenoid.set(0);
    }
    const at = this.#clock.now();
    this.#watch.kicked(request, pulseMs, at);
    if (!this.#options.sensor) return { at, pulseMs, confirmed: false };
    if (await this.#watch.waitForOpen()) return { at, pulseMs, confirmed: true };
    const error = new DeviceError('LOUPE_E_DRAWER_DID_NOT_OPEN', { who: request.who.staffId, why: request.why });
    this.#health.recordError(error);
    throw error;
  }
}
