/**
 * A simulated cash drawer: a latch released by a long enough solenoid pulse, a spring that pushes
 * the drawer out, and a switch that bounces when it moves. It can hang on the appliance's GPIO
 * (memory backend: it watches the solenoid line, drives the sensor line) or on the printer
 * simulator's kick connector.
 *
 * Controls: push it shut, open it with the key, lock it (kicks do nothing).
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock } from '../clock.ts';
import type { DrawerConnector } from '../printer/simulator.ts';
import type { Level, LineRef } from './gpio/interface.ts';
import type { MemoryGpio } from './gpio/memory-backend.ts';

/** Shorter pulses do not pull the latch (typical solenoids need ~30 ms). */
export const LATCH_RELEASE_MS = 30;
/** The drawer needs this long to travel clear of its switch. */
const TRAVEL_MS = 40;
/** Contact bounce when the switch changes. */
const BOUNCES = [1, 2, 4];

export interface DrawerSimulatorEvents {
  /** The drawer moved (after bounce settles). */
  moved: [state: { open: boolean; at: number }];
  /** A pulse reached the solenoid. */
  pulsed: [pulse: { ms: number; released: boolean }];
}

export class DrawerSimulator extends EventEmitter<DrawerSimulatorEvents> {
  readonly #clock: Clock;
  #open = false;
  #locked = false;
  #switch: (open: boolean) => void = () => undefined;
  /** Every pulse the solenoid received, in ms. */
  readonly pulses: number[] = [];

  constructor(clock: Clock = systemClock) {
    super();
    this.#clock = clock;
  }

  get open(): boolean {
    return this.#open;
  }

  /** Locked with its key: pulses do not open it. */
  lock(): void {
    this.#locked = true;
  }

  unlock(): void {
    this.#locked = false;
  }

  /** The clerk pushes it shut. */
  close(): void {
    if (this.#open) this.#move(false);
  }

  /** Opened with the key or the manual release, without a pulse. */
  openByHand(): void {
    if (!this.#open) this.#move(true);
  }

  /** A pulse of `ms` on the solenoid. */
  pulse(ms: number): void {
    const released = ms >= LATCH_RELEASE_MS && !this.#locked;
    this.pulses.push(ms);
    this.emit('pulsed', { ms, released });
    if (released && !this.#open) this.#clock.setTimeout(() => this.#move(true), TRAVEL_MS);
  }

  /** Wires the drawer to GPIO lines of the memory backend. */
  attachToGpio(gpio: MemoryGpio, lines: { solenoid: LineRef; sensor?: LineRef; sensorOpenLevel?: Level }): () => void {
    let highSince: number | null = null;
    const unwatch = gpio.watchOutput(lines.solenoid, (raw, at) => {
      if (raw === 1) highSince = at;
      else if (highSince !== null) {
        this.pulse(at - highSince);
        highSince = null;
      }
    });
    const sensor = lines.sensor;
    if (sensor) {
      const openLevel = lines.sensorOpenLevel ?? 1;
      const level = (open: boolean): Level => (open === (openLevel === 1) ? 1 : 0);
      gpio.drive(sensor, level(this.#open));
      this.#switch = (open) => gpio.drive(sensor, level(open));
    }
    return unwatch;
  }

  /** The printer-side view: ESC p pulses in, pin 3 out (HIGH while open). */
  printerConnector(): DrawerConnector {
    const drawer = this;
    return {
      kick: (_pin, onMs) => drawer.pulse(onMs),
      get pin3High() {
        return drawer.open;
      },
    };
  }

  #move(open: boolean): void {
    this.#open = open;
    // The switch chatters a few times before it settles on the new level.
    for (const [index, delay] of BOUNCES.entries()) {
      this.#clock.setTimeout(() => this.#switch(index % 2 === 0 ? open : !open), delay);
    }
    this.#clock.setTimeout(() => {
      this.#switch(open);
      this.emit('moved', { open, at: this.#clock.now() });
    }, (BOUNCES.at(-1) ?? 0) + 1);
  }
}
