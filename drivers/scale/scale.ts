/**
 * A serial balance (A&D standard format or MT-SICS): polls the weight for the live display,
 * watches for the return to zero, and hands out price weights only under the rules of
 * `./interface.ts`.
 */
import { EventEmitter } from 'node:events';
import { sleep, systemClock, type Clock, type TimerHandle } from '../clock.ts';
import { DeviceError } from '../errors.ts';
import type { DeviceHealth } from '../health.ts';
import { silentLog, type DriverLog } from '../logger.ts';
import type { PortOpener } from '../serial/interface.ts';
import { PortSupervisor } from '../serial/supervisor.ts';
import type { Verdict, Waitress } from '../waitress.ts';
import type { ScaleDialect, ScaleParser, ScaleReply } from './dialect.ts';
import type { PriceWeight, Scale, ScaleEvents, ScaleReading } from './interface.ts';
import { toMicrograms, unitFromSymbol } from './units.ts';
import { WeighingPolicy, type WeighingRules } from './weighing.ts';

export interface SerialScaleOptions {
  device: string;
  opener: PortOpener;
  dialect: ScaleDialect;
  clock?: Clock;
  log?: DriverLog;
  backoffMs?: number[];
  rules?: Partial<WeighingRules>;
  /** How often the weight is read for the display and the return-to-zero check. */
  pollMs?: number;
  commandTimeoutMs?: number;
  /** Zero and tare wait for stability inside the scale, so they get longer. */
  zeroTimeoutMs?: number;
  weighTimeoutMs?: number;
}

export class SerialScale extends EventEmitter<ScaleEvents> implements Scale {
  readonly #dialect: ScaleDialect;
  readonly #clock: Clock;
  readonly #log: DriverLog;
  readonly #supervisor: PortSupervisor;
  readonly #parser: ScaleParser;
  readonly #waitress: Waitress<ScaleReply>;
  readonly #policy: WeighingPolicy;
  readonly #pollMs: number;
  readonly #commandTimeoutMs: number;
  readonly #zeroTimeoutMs: number;
  readonly #weighTimeoutMs: number;
  #pollTimer: TimerHandle | null = null;
  #running = false;
  #last: ScaleReading | null = null;

  constructor(options: SerialScaleOptions) {
    super();
    this.#dialect = options.dialect;
    this.#clock = options.clock ?? systemClock;
    this.#log = options.log ?? silentLog;
    this.#pollMs = options.pollMs ?? 250;
    this.#commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.#zeroTimeoutMs = options.zeroTimeoutMs ?? 4000;
    this.#weighTimeoutMs = options.weighTimeoutMs ?? 3000;
    this.#policy = new WeighingPolicy(options.rules);
    this.#parser = options.dialect.createParser();
    this.#supervisor = new PortSupervisor({
      device: options.device,
      opener: options.opener,
      clock: this.#clock,
      log: this.#log,
      ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
      watchdog: { idleMs: Math.max(4 * this.#pollMs, 2000), probe: () => this.read() },
    });
    this.#waitress = this.#supervisor.serve();
    this.#supervisor.on('data', (chunk) => this.#onData(chunk));
    this.#supervisor.on('health', (health) => this.emit('health', health));
    this.#supervisor.on('disconnected', () => this.#parser.reset());
  }

  get health(): DeviceHealth {
    return this.#supervisor.health;
  }

  /** The last reading seen (display), or null before the first. */
  get lastReading(): ScaleReading | null {
    return this.#last;
  }

  /** True when the pan has been seen at zero since the last price weight. */
  get readyToWeigh(): boolean {
    return this.#policy.zeroed;
  }

  async start(): Promise<void> {
    this.#running = true;
    await this.#supervisor.start();
    this.#schedulePoll();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#pollTimer) this.#clock.clearTimeout(this.#pollTimer);
    this.#pollTimer = null;
    await this.#supervisor.stop();
  }

  async read(): Promise<ScaleReading> {
    const { weighNow } = this.#dialect.commands;
    return this.#request<ScaleReading>(weighNow, this.#commandTimeoutMs, (reply) => {
      if (reply.kind === 'reading') return { kind: 'done', value: this.#observe(reply) };
      if (reply.kind === 'accepted') return { kind: 'ignore' };
      return { kind: 'fail', error: new DeviceError(reply.kind === 'refused' ? 'LOUPE_E_SCALE_UNSTABLE' : 'LOUPE_E_DEVICE_PROTOCOL', { reason: reply.reason, command: weighNow }) };
    });
  }

  async weighForPrice(options: { timeoutMs?: number } = {}): Promise<PriceWeight> {
    const deadline = this.#clock.now() + (options.timeoutMs ?? this.#weighTimeoutMs);
    for (;;) {
      const reading = await this.read();
      if (reading.status !== 'unstable' || this.#clock.now() + this.#pollMs > deadline) {
        const verdict = this.#policy.judge(reading);
        if (verdict.ok) return verdict.weight;
        throw verdict.error;
      }
      await sleep(this.#clock, this.#pollMs);
    }
  }

  zero(): Promise<void> {
    return this.#control(this.#dialect.commands.zero);
  }

  tare(): Promise<void> {
    return this.#control(this.#dialect.commands.tare);
  }

  #control(command: string): Promise<void> {
    return this.#request<void>(command, this.#zeroTimeoutMs, (reply) => {
      if (reply.kind === 'accepted') return { kind: 'done', value: undefined };
      if (reply.kind === 'reading') return { kind: 'ignore' };
      const code = reply.kind === 'refused' ? 'LOUPE_E_SCALE_REFUSED' : 'LOUPE_E_DEVICE_PROTOCOL';
      return { kind: 'fail', error: new DeviceError(code, { reason: reply.reason, command }) };
    });
  }

  #request<T>(command: string, timeoutMs: number, accept: (reply: ScaleReply) => Verdict<T>): Promise<T> {
    const bytes = Buffer.from(`${command}\r\n`, 'latin1');
    return this.#waitress.request({ command, timeoutMs, send: () => this.#supervisor.write(bytes, command), accept });
  }

  #onData(chunk: Buffer): void {
    for (const reply of this.#parser.push(chunk)) {
      // Readings nobody asked for (auto-print, SIR) still feed the display and the zero check.
      if (!this.#waitress.deliver(reply) && reply.kind === 'reading') this.#observe(reply);
    }
  }

  #observe(reply: Extract<ScaleReply, { kind: 'reading' }>): ScaleReading {
    const unit = unitFromSymbol(reply.unitSymbol);
    const numeric = reply.status === 'stable' || reply.status === 'unstable';
    const micrograms = numeric && unit !== null ? safeMicrograms(reply.value, unit) : null;
    const reading: ScaleReading = { status: reply.status, micrograms, value: reply.value, unit, unitSymbol: reply.unitSymbol, at: this.#clock.now() };
    const previous = this.#last;
    this.#last = reading;
    if (!previous || previous.status !== reading.status || previous.value !== reading.value || previous.unitSymbol !== reading.unitSymbol) {
      this.emit('weightChanged', reading);
    }
    if (this.#policy.observe(reading)) this.emit('returnedToZero', reading);
    return reading;
  }

  #schedulePoll(): void {
    if (!this.#running) return;
    this.#pollTimer = this.#clock.setTimeout(() => void this.#poll(), this.#pollMs);
  }

  async #poll(): Promise<void> {
    this.#pollTimer = null;
    if (this.#supervisor.connected && !this.#waitress.busy) {
      await this.read().catch((error: unknown) => this.#log.debug({ error: (error as Error).message }, 'scale poll failed'));
    }
    this.#schedulePoll();
  }
}

/** Parsers only pass well-formed numbers; a reading that still fails to convert carries no weight. */
function safeMicrograms(value: string, unit: NonNullable<ReturnType<typeof unitFromSymbol>>): bigint | null {
  try {
    return toMicrograms(value, unit).micrograms;
  } catch {
    return null;
  }
}
