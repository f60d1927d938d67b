/**
 * A simulated jewelry balance on a real pseudo-terminal, speaking A&D standard format or MT-SICS.
 *
 * The pan is a little physical model: a load placed on it makes the reading move for `settleMs`
 * before it is stable; `touch()` keeps it moving (a hand on the pan, a draught); a load over the
 * capacity is overload; zero and tare are refused while it moves. Commands are checked: unknown
 * ones get the protocol's error (`EC,E01`, `ES`).
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type TimerHandle } from '../clock.ts';
import { LineSplitter } from '../serial/line-splitter.ts';
import { PtyPeer } from '../serial/pty-peer.ts';
import { AND_ACK, AND_COMMAND } from './and/constants.ts';
import { formatAndLine } from './and/frame.ts';
import { MTSICS_COMMAND } from './mtsics/constants.ts';
import { formatMtSicsWeight } from './mtsics/frame.ts';
import { fromMicrograms, MICROGRAMS_PER_UNIT, type MassUnit } from './units.ts';

export interface ScaleSimulatorOptions {
  protocol: 'and' | 'mt-sics';
  name?: string;
  dir?: string;
  clock?: Clock;
  /** Displayed unit and its decimals (a 0.001 g balance: 'g', 3). */
  unit?: MassUnit;
  decimals?: number;
  capacityMicrograms?: bigint;
  settleMs?: number;
  /** MT-SICS `S`: how long the balance waits for stability before answering `S I`. */
  stableTimeoutMs?: number;
}

const SYMBOL: Partial<Record<MassUnit, { and: string; mt: string }>> = {
  g: { and: 'g', mt: 'g' },
  mg: { and: 'mg', mt: 'mg' },
  ct: { and: 'ct', mt: 'ct' },
  gr: { and: 'GN', mt: 'GN' },
  dwt: { and: 'dwt', mt: 'dwt' },
  ozt: { and: 'ozt', mt: 'ozt' },
};

export class ScaleSimulator extends EventEmitter<{ command: [line: string] }> {
  readonly protocol: 'and' | 'mt-sics';
  readonly #peer: PtyPeer;
  readonly #splitter = new LineSplitter('any');
  readonly #clock: Clock;
  readonly #decimals: number;
  readonly #capacity: bigint;
  readonly #settleMs: number;
  readonly #stableTimeoutMs: number;
  #unit: MassUnit;
  #load = 0n;
  #zeroOffset = 0n;
  #tare = 0n;
  #movedAt: number;
  #touched = false;
  #pendingStable: TimerHandle | null = null;
  readonly received: string[] = [];
  silent = false;

  constructor(options: ScaleSimulatorOptions) {
    super();
    this.protocol = options.protocol;
    this.#clock = options.clock ?? systemClock;
    this.#unit = options.unit ?? 'g';
    this.#decimals = options.decimals ?? 3;
    this.#capacity = options.capacityMicrograms ?? 220_000_000n; // a 220 g jewelry balance
    this.#settleMs = options.settleMs ?? 400;
    this.#stableTimeoutMs = options.stableTimeoutMs ?? 2000;
    this.#movedAt = this.#clock.now() - this.#settleMs;
    this.#peer = new PtyPeer(options.name ?? `scale-${options.protocol}`, (chunk) => this.#onData(chunk), options.dir);
  }

  get devicePath(): string {
    return this.#peer.devicePath;
  }

  async start(): Promise<void> {
    await this.#peer.plug();
  }

  async stop(): Promise<void> {
    if (this.#pendingStable) this.#clock.clearTimeout(this.#pendingStable);
    await this.#peer.stop();
  }

  unplug(): Promise<void> {
    return this.#peer.unplug();
  }

  plug(): Promise<void> {
    return this.#peer.plug();
  }

  /** Puts a load on the pan (total, in micrograms); the reading moves for `settleMs`. */
  place(micrograms: bigint): void {
    this.#load = micrograms;
    this.#movedAt = this.#clock.now();
  }

  /** Takes everything off the pan. */
  clear(): void {
    this.place(0n);
  }

  /** A hand on the pan: the reading keeps moving until `release()`. */
  touch(): void {
    this.#touched = true;
    this.#movedAt = this.#clock.now();
  }

  release(): void {
    this.#touched = false;
    this.#movedAt = this.#clock.now();
  }

  /** The unit key was pressed. */
  setUnit(unit: MassUnit): void {
    this.#unit = unit;
  }

  get stable(): boolean {
    return !this.#touched && this.#clock.now() - this.#movedAt >= this.#settleMs;
  }

  #net(): bigint {
    const net = this.#load - this.#zeroOffset - this.#tare;
    if (this.stable) return net;
    // In motion the display wanders a few divisions around the true value.
    const division = MICROGRAMS_PER_UNIT[this.#unit][0] / MICROGRAMS_PER_UNIT[this.#unit][1] / 10n ** BigInt(this.#decimals);
    return net + division * BigInt(((this.#clock.now() - this.#movedAt) % 7) - 3);
  }

  #state(): 'stable' | 'unstable' | 'overload' | 'underload' {
    if (this.#load > this.#capacity) return 'overload';
    if (this.#load - this.#zeroOffset < -this.#capacity / 50n) return 'underload';
    return this.stable ? 'stable' : 'unstable';
  }

  #onData(chunk: Buffer): void {
    for (const line of this.#splitter.push(chunk)) {
      const command = line.trim();
      this.received.push(command);
      this.emit('command', command);
      if (!this.silent) this.#answer(command);
    }
  }

  #answer(command: string): void {
    if (this.protocol === 'and') this.#answerAnd(command);
    else this.#answerMtSics(command);
  }

  #answerAnd(command: string): void {
    switch (command) {
      case AND_COMMAND.QUERY:
      case AND_COMMAND.IMMEDIATE:
        return this.#peer.send(this.#andData());
      case AND_COMMAND.STABLE:
        return this.#whenStable(Number.POSITIVE_INFINITY, () => this.#peer.send(this.#andData()));
      case AND_COMMAND.CANCEL:
        this.#cancelPending();
        return this.#peer.send(Buffer.from([AND_ACK]));
      case AND_COMMAND.RE_ZERO:
      case AND_COMMAND.ZERO:
      case AND_COMMAND.TARE:
        if (!this.stable) return this.#peer.send('EC,E11\r\n');
        if (command === AND_COMMAND.TARE) this.#tare = this.#load - this.#zeroOffset;
        else this.#zero();
        return this.#peer.send(Buffer.from([AND_ACK]));
      default:
        return this.#peer.send('EC,E01\r\n');
    }
  }

  #andData(): string {
    const state = this.#state();
    const symbol = SYMBOL[this.#unit]?.and ?? this.#unit;
    // Out of range prints as `OL,+9999999  g`, the sign telling over from under (reference §2.1).
    if (state === 'overload' || state === 'underload') return `OL,${state === 'overload' ? '+' : '-'}9999999${symbol.padStart(3, ' ')}\r\n`;
    return formatAndLine(state === 'stable' ? 'ST' : 'US', fromMicrograms(this.#net(), this.#unit, this.#decimals), symbol);
  }

  #answerMtSics(command: string): void {
    switch (command) {
      case MTSICS_COMMAND.WEIGHT_IMMEDIATELY:
        return this.#peer.send(this.#mtWeight(false));
      case MTSICS_COMMAND.STABLE_WEIGHT:
        return this.#whenStable(this.#stableTimeoutMs, (stable) => this.#peer.send(stable ? this.#mtWeight(true) : 'S I\r\n'));
      case MTSICS_COMMAND.ZERO:
        return this.#whenStable(this.#stableTimeoutMs, (stable) => {
          if (!stable) return this.#peer.send('Z I\r\n');
          if (this.#load - this.#zeroOffset > this.#capacity / 50n) return this.#peer.send('Z +\r\n'); // outside the ±2 % zero range
          this.#zero();
          this.#peer.send('Z A\r\n');
        });
      case MTSICS_COMMAND.TARE:
        return this.#whenStable(this.#stableTimeoutMs, (stable) => {
          if (!stable) return this.#peer.send('T I\r\n');
          this.#tare = this.#load - this.#zeroOffset;
          this.#peer.send(formatMtSicsWeight('T', 'S', fromMicrograms(this.#tare, this.#unit, this.#decimals), SYMBOL[this.#unit]?.mt ?? this.#unit));
        });
      case MTSICS_COMMAND.SERIAL_NUMBER:
      case MTSICS_COMMAND.RESET:
        this.#cancelPending();
        return this.#peer.send('I4 A "0123456789"\r\n');
      default:
        return this.#peer.send('ES\r\n');
    }
  }

  #mtWeight(stableOnly: boolean): string {
    const state = this.#state();
    if (state === 'overload') return 'S +\r\n';
    if (state === 'underload') return 'S -\r\n';
    const status = state === 'stable' || stableOnly ? 'S' : 'D';
    return formatMtSicsWeight('S', status, fromMicrograms(this.#net(), this.#unit, this.#decimals), SYMBOL[this.#unit]?.mt ?? this.#unit);
  }

  #zero(): void {
    this.#zeroOffset = this.#load;
    this.#tare = 0n;
  }

  /** Calls back once stable (true) or after `limitMs` (false), checking every 20 ms. */
  #whenStable(limitMs: number, callback: (stable: boolean) => void): void {
    this.#cancelPending();
    const started = this.#clock.now();
    const check = (): void => {
      this.#pendingStable = null;
      if (this.stable) return callback(true);
      if (this.#clock.now() - started >= limitMs) return callback(false);
      this.#pendingStable = this.#clock.setTimeout(check, 20);
    };
    check();
  }

  #cancelPending(): void {
    if (this.#pendingStable) this.#clock.clearTimeout(this.#pendingStable);
    this.#pendingStable = null;
  }
}
