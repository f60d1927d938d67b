/**
 * Turns key events into typed codes: shift held or caps lock on gives upper case, Enter (main or
 * keypad) ends a code. A code with no Enter within `idleMs` of its last key is dropped: a
 * scanner types a whole code in a few milliseconds, so a stall means a lost key or a lost cable.
 */
import type { Clock, TimerHandle } from '../clock.ts';
import { EV_KEY, KEY_STATE, type InputEvent } from './evdev.ts';
import { KEY, US_KEYMAP } from './keymap.ts';

export class KeystrokeDecoder {
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #onCode: (code: string) => void;
  #buffer = '';
  #shiftsDown = new Set<number>();
  #capsLock = false;
  #idle: TimerHandle | null = null;
  #dropped = 0;

  constructor(clock: Clock, idleMs: number, onCode: (code: string) => void) {
    this.#clock = clock;
    this.#idleMs = idleMs;
    this.#onCode = onCode;
  }

  get dropped(): number {
    return this.#dropped;
  }

  push(event: InputEvent): void {
    if (event.type !== EV_KEY) return; // EV_SYN and EV_MSC (scan codes) carry no characters
    if (event.code === KEY.LEFT_SHIFT || event.code === KEY.RIGHT_SHIFT) {
      if (event.value === KEY_STATE.RELEASE) this.#shiftsDown.delete(event.code);
      else this.#shiftsDown.add(event.code);
      return;
    }
    if (event.value !== KEY_STATE.PRESS) return; // releases, and auto-repeat a scanner never means
    if (event.code === KEY.CAPS_LOCK) {
      this.#capsLock = !this.#capsLock;
      return;
    }
    if (event.code === KEY.ENTER || event.code === KEY.KP_ENTER) {
      this.#finish();
      return;
    }
    const chars = US_KEYMAP.get(event.code);
    if (!chars) return;
    const shifted = this.#shiftsDown.size > 0;
    const [plain, upper] = chars;
    const letter = /[a-z]/.test(plain);
    this.#buffer += letter && this.#capsLock !== shifted ? upper : !letter && shifted ? upper : plain;
    this.#armIdle();
  }

  /** Drops a partial code (the device went away). */
  abandon(): void {
    if (this.#buffer) this.#dropped += 1;
    this.#buffer = '';
    this.#shiftsDown.clear();
    if (this.#idle) this.#clock.clearTimeout(this.#idle);
    this.#idle = null;
  }

  #finish(): void {
    if (this.#idle) this.#clock.clearTimeout(this.#idle);
    this.#idle = null;
    const code = this.#buffer;
    this.#buffer = '';
    if (code) this.#onCode(code);
  }

  #armIdle(): void {
    if (this.#idle) this.#clock.clearTimeout(this.#idle);
    this.#idle = this.#clock.setTimeout(() => {
      this.#idle = null;
      this.abandon();
    }, this.#idleMs);
  }
}
