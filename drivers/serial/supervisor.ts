/**
 * Keeps one device link open: opens it, reopens it with back-off after an unplug, watches that
 * the device still talks, puts a timeout on every write and reports health. The obligations are
 * listed in `./interface.ts`. Shared by every serial device, the TCP printer and the device-file
 * printer (after zigbee-herdsman's deCONZ reconnect loop and Node-RED's serial pool).
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../clock.ts';
import { DeviceError, toDeviceError } from '../errors.ts';
import { HealthTracker, type DeviceHealth } from '../health.ts';
import { silentLog, type DriverLog } from '../logger.ts';
import type { OpenPort, PortOpener } from './interface.ts';
import { Waitress } from '../waitress.ts';

/** Errors that will not go away by waiting: health says `failed` at once (retries go on, slowly). */
const LASTING_ERRORS = new Set(['LOUPE_E_DEVICE_PERMISSION', 'LOUPE_E_SCANNER_GRAB_FAILED', 'LOUPE_E_GPIO_UNAVAILABLE']);

/** Reopen delays; the last one repeats. A replugged USB device shows up within ~1 s. */
export const DEFAULT_BACKOFF_MS = [250, 500, 1000, 2000, 5000, 15_000, 30_000];

export interface ReadWatchdog {
  /** Silence longer than this makes the supervisor check the device. */
  idleMs: number;
  /**
   * Asks the device something harmless (a version, a weight). If it rejects with a timeout the
   * link is treated as dead and reopened. Without a probe, silence alone reopens the link (for
   * devices that stream all the time).
   */
  probe?: () => Promise<unknown>;
}

export interface SupervisorOptions {
  /** The runtime's name for the device, used in health. */
  device: string;
  opener: PortOpener;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
  /** After this many failed attempts in a row health says `failed` (retries go on). */
  failAfterAttempts?: number;
  writeTimeoutMs?: number;
  watchdog?: ReadWatchdog;
}

export interface SupervisorEvents {
  data: [chunk: Buffer];
  health: [health: DeviceHealth];
  connected: [];
  /** The link dropped (not on a deliberate stop). Pending requests must fail now. */
  disconnected: [error: DeviceError];
}

export class PortSupervisor extends EventEmitter<SupervisorEvents> {
  readonly #opener: PortOpener;
  readonly #clock: Clock;
  readonly #log: DriverLog;
  readonly #backoff: number[];
  readonly #failAfter: number;
  readonly #writeTimeoutMs: number;
  readonly #watchdog: ReadWatchdog | undefined;
  readonly #health: HealthTracker;
  #port: OpenPort | null = null;
  #running = false;
  #attempts = 0;
  #retryTimer: TimerHandle | null = null;
  #watchdogTimer: TimerHandle | null = null;
  #probing = false;
  #opening = false;
  /** Hotplug said the device was pulled out; cleared when a link opens again. */
  #unplugged = false;
  #generation = 0;
  readonly #waitresses = new Set<Waitress<unknown>>();

  constructor(options: SupervisorOptions) {
    super();
    this.#opener = options.opener;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? silentLog;
    this.#backoff = options.backoffMs ?? DEFAULT_BACKOFF_MS;
    this.#failAfter = options.failAfterAttempts ?? 5;
    this.#writeTimeoutMs = options.writeTimeoutMs ?? 2000;
    this.#watchdog = options.watchdog;
    this.#health = new HealthTracker(options.device, this.#clock, (health) => this.emit('health', health));
  }

  get address(): string {
    return this.#opener.address;
  }

  get health(): DeviceHealth {
    return this.#health.current;
  }

  get connected(): boolean {
    return this.#port !== null;
  }

  /** The tracker, for drivers that add device conditions (paper out…) to the link's health. */
  get healthTracker(): HealthTracker {
    return this.#health;
  }

  /**
   * The request queue of a driver on this link. The supervisor keeps the link's promise for it:
   * the request in flight fails at once with LOUPE_E_DEVICE_DISCONNECTED when the link drops, and
   * with LOUPE_E_DEVICE_STOPPED when the supervisor stops.
   */
  serve<TFrame>(): Waitress<TFrame> {
    const waitress = new Waitress<TFrame>(this.#clock, () => this.address);
    this.#waitresses.add(waitress as Waitress<unknown>);
    return waitress;
  }

  /** Makes the first attempt and resolves either way; an absent device is a health state. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    this.#opener.presence?.on('plugged', this.#onPlugged);
    this.#opener.presence?.on('unplugged', this.#onUnplugged);
    await this.#attempt();
  }

  async stop(): Promise<void> {
    const stopped = new DeviceError('LOUPE_E_DEVICE_STOPPED', { port: this.address });
    for (const waitress of this.#waitresses) waitress.cancelAll(stopped);
    this.#running = false;
    this.#opener.presence?.off('plugged', this.#onPlugged);
    this.#opener.presence?.off('unplugged', this.#onUnplugged);
    this.#generation += 1;
    this.#opening = false;
    this.#cancelRetry();
    this.#stopWatchdog();
    const port = this.#port;
    this.#port = null;
    if (port) await port.close().catch(() => undefined);
  }

  /** Writes all bytes or rejects: disconnected now, or timed out (and the link is reopened). */
  async write(data: Buffer, command: string, timeoutMs = this.#writeTimeoutMs): Promise<void> {
    const port = this.#port;
    // `sent: 0` tells callers that no byte left (a print job may then be retried as an original).
    if (!port) throw new DeviceError('LOUPE_E_DEVICE_DISCONNECTED', { port: this.address, command, sent: 0 });
    this.#log.debug({ port: this.address, command, hex: data.toString('hex') }, 'write');
    let timer: TimerHandle | null = null;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.#clock.setTimeout(() => {
        const reason = `Timeout after ${timeoutMs}ms writing [cmd=${command} port=${this.address}]`;
        reject(new DeviceError('LOUPE_E_DEVICE_TIMEOUT', { reason, command, port: this.address, timeoutMs }));
      }, timeoutMs);
    });
    try {
      await Promise.race([port.write(data), timeout]);
    } catch (error) {
      const deviceError = toDeviceError(error);
      if (this.#port === port) this.#drop(deviceError);
      throw deviceError;
    } finally {
      if (timer) this.#clock.clearTimeout(timer);
    }
  }

  async #attempt(): Promise<void> {
    this.#retryTimer = null;
    if (!this.#running) return;
    const generation = this.#generation;
    this.#opening = true;
    try {
      const port = await this.#opener.open({
        data: (chunk) => this.#onData(port, chunk),
        closed: (error) => this.#onClosed(port, error),
      });
      if (!this.#running || generation !== this.#generation) {
        await port.close().catch(() => undefined);
        return;
      }
      this.#port = port;
      this.#attempts = 0;
      this.#unplugged = false;
      this.#health.setState('connected');
      this.#log.info({ port: this.address }, 'device connected');
      this.#armWatchdog();
      this.emit('connected');
    } catch (error) {
      if (!this.#running || generation !== this.#generation) return;
      this.#attempts += 1;
      const deviceError = toDeviceError(error);
      const lasting = LASTING_ERRORS.has(deviceError.code);
      const state = lasting ? 'failed' : this.#unplugged ? 'unplugged' : this.#attempts >= this.#failAfter ? 'failed' : 'reconnecting';
      this.#health.setState(state, deviceError);
      this.#scheduleRetry();
    } finally {
      if (generation === this.#generation) this.#opening = false;
    }
  }

  /**
   * Hotplug: a device of this kind came; try now if the link is down. Its tty can appear a little
   * after the USB device, so a failed try goes on with the back-off from its first step.
   */
  readonly #onPlugged = (): void => {
    if (!this.#running || this.#port) return;
    this.#unplugged = false;
    this.#attempts = 0;
    if (this.#opening) return;
    this.#cancelRetry();
    void this.#attempt();
  };

  /** Hotplug: this device was pulled out; say so at once and wait for it to come back. */
  readonly #onUnplugged = (): void => {
    if (!this.#running) return;
    this.#unplugged = true;
    const error = new DeviceError('LOUPE_E_DEVICE_DISCONNECTED', { port: this.address, reason: 'the USB device was unplugged' });
    if (this.#port) {
      this.#drop(error);
      return;
    }
    this.#cancelRetry();
    this.#health.setState('unplugged', error);
    this.#scheduleRetry();
  };

  #cancelRetry(): void {
    if (this.#retryTimer) this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #scheduleRetry(): void {
    if (!this.#running || this.#retryTimer) return;
    // An unplugged device comes back with a hotplug event; the slowest retry only covers a missed one.
    const step = this.#unplugged ? this.#backoff.length - 1 : Math.min(Math.max(0, this.#attempts - 1), this.#backoff.length - 1);
    const delay = this.#backoff[step] ?? 1000;
    this.#retryTimer = this.#clock.setTimeout(() => void this.#attempt(), delay);
  }

  #onData(port: OpenPort, chunk: Buffer): void {
    if (this.#port !== port) return;
    this.#armWatchdog();
    this.emit('data', chunk);
  }

  #onClosed(port: OpenPort, error: Error | null): void {
    if (this.#port !== port) return;
    this.#port = null;
    this.#lost(toDeviceError(error ?? new Error('the device closed the link')));
  }

  /** Closes a link that still looks open but is not usable, then reconnects. */
  #drop(error: DeviceError): void {
    const port = this.#port;
    this.#port = null;
    if (port) void port.close().catch(() => undefined);
    this.#lost(error);
  }

  #lost(error: DeviceError): void {
    this.#stopWatchdog();
    this.#log.warn({ port: this.address, code: error.code, reason: error.message }, 'device link lost');
    this.#health.setState(this.#unplugged ? 'unplugged' : 'reconnecting', error);
    for (const waitress of this.#waitresses) waitress.cancelAll(error);
    this.emit('disconnected', error);
    this.#scheduleRetry();
  }

  #armWatchdog(): void {
    if (!this.#watchdog) return;
    this.#stopWatchdog();
    this.#watchdogTimer = this.#clock.setTimeout(() => void this.#onSilence(), this.#watchdog.idleMs);
  }

  #stopWatchdog(): void {
    if (this.#watchdogTimer) this.#clock.clearTimeout(this.#watchdogTimer);
    this.#watchdogTimer = null;
  }

  async #onSilence(): Promise<void> {
    this.#watchdogTimer = null;
    const watchdog = this.#watchdog;
    const port = this.#port;
    if (!watchdog || !port || this.#probing) return;
    const silence = new DeviceError('LOUPE_E_DEVICE_TIMEOUT', { port: this.address, reason: `silent for ${watchdog.idleMs}ms` }, { timedOut: true });
    if (!watchdog.probe) {
      this.#drop(silence);
      return;
    }
    this.#probing = true;
    try {
      await watchdog.probe();
      if (this.#port === port) this.#armWatchdog();
    } catch (error) {
      const deviceError = toDeviceError(error);
      if (this.#port === port && deviceError.timedOut) this.#drop(silence);
      else if (this.#port === port) this.#armWatchdog();
    } finally {
      this.#probing = false;
    }
  }
}
