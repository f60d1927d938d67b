/**
 * GPIO lines in memory, for tests and the demo: outputs keep a timed record of every level written
 * (what a logic analyser on the pin would show), inputs are driven by a simulator or a test.
 */
import { systemClock, type Clock } from '../../clock.ts';
import type { DigitalIn, DigitalOut, GpioProvider, Level, LineRef } from './interface.ts';

const key = (line: LineRef): string => `${line.chipLabel ?? 'gpio'}:${line.offset}`;

interface MemoryLine {
  raw: Level;
  activeLow: boolean;
  direction: 'in' | 'out';
  listeners: Set<(raw: Level) => void>;
}

export class MemoryGpio implements GpioProvider {
  readonly #clock: Clock;
  readonly #lines = new Map<string, MemoryLine>();
  /** Every level written to an output, with the time it reached the pin (raw, after activeLow). */
  readonly writes: { line: string; level: Level; at: number }[] = [];

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  async output(line: LineRef, options: { activeLow?: boolean; initial?: Level } = {}): Promise<DigitalOut> {
    const state = this.#claim(line, 'out', options.activeLow ?? false);
    this.#write(line, state, options.initial ?? 0);
    return {
      set: async (level) => this.#write(line, state, level),
      close: async () => void this.#lines.delete(key(line)),
    };
  }

  async input(line: LineRef, options: { activeLow?: boolean } = {}): Promise<DigitalIn> {
    const state = this.#claim(line, 'in', options.activeLow ?? false);
    const logical = (raw: Level): Level => (state.activeLow ? ((1 - raw) as Level) : raw);
    return {
      get: async () => logical(state.raw),
      onChange: (listener) => {
        const wrapped = (raw: Level): void => listener(logical(raw));
        state.listeners.add(wrapped);
        return () => state.listeners.delete(wrapped);
      },
      close: async () => void this.#lines.delete(key(line)),
    };
  }

  /** Sets the electrical level of an input pin (a switch closing, a bounce). */
  drive(line: LineRef, raw: Level): void {
    const state = this.#lines.get(key(line)) ?? this.#claim(line, 'in', false);
    if (state.raw === raw) return;
    state.raw = raw;
    for (const listener of state.listeners) listener(raw);
  }

  /** Watches an output pin's electrical level (a simulator's solenoid). */
  watchOutput(line: LineRef, listener: (raw: Level, at: number) => void): () => void {
    const state = this.#lines.get(key(line)) ?? this.#claim(line, 'out', false);
    const wrapped = (raw: Level): void => listener(raw, this.#clock.now());
    state.listeners.add(wrapped);
    return () => state.listeners.delete(wrapped);
  }

  level(line: LineRef): Level {
    return this.#lines.get(key(line))?.raw ?? 0;
  }

  #claim(line: LineRef, direction: 'in' | 'out', activeLow: boolean): MemoryLine {
    const existing = this.#lines.get(key(line));
    if (existing) {
      existing.direction = direction;
      existing.activeLow = activeLow;
      return existing;
    }
    const state: MemoryLine = { raw: 0, activeLow, direction, listeners: new Set() };
    this.#lines.set(key(line), state);
    return state;
  }

  #write(line: LineRef, state: MemoryLine, level: Level): void {
    const raw: Level = state.activeLow ? ((1 - level) as Level) : level;
    this.writes.push({ line: key(line), level: raw, at: this.#clock.now() });
    if (state.raw === raw) return;
    state.raw = raw;
    for (const listener of state.listeners) listener(raw);
  }
}
