/**
 * Loupe's own GPIO contract, so the drawer does not care whether lines come from onoff (sysfs),
 * a character-device library later, or memory (tests, demo). Lines are named by chip label and
 * offset, never by raw sysfs number: those moved on Raspberry Pi kernels ≥ 6.6.
 *
 * Obligations:
 * - `output()`/`input()` fail with `LOUPE_E_GPIO_UNAVAILABLE` when the line cannot be had; they
 *   never hand back a line that silently does nothing.
 * - `set()` resolves once the level is on the pin. Levels are logical: `activeLow` inverts them.
 * - `onChange` reports raw edges, bounces included; debouncing is the caller's job (with its clock).
 */

export interface LineRef {
  /** The gpiochip's label, e.g. `pinctrl-rp1` (Pi 5); omitted = the Pi's main GPIO block. */
  chipLabel?: string;
  /** Line number on that chip: the BCM GPIO number on a Raspberry Pi header. */
  offset: number;
}

export type Level = 0 | 1;

export interface DigitalOut {
  set(level: Level): Promise<void>;
  close(): Promise<void>;
}

export interface DigitalIn {
  get(): Promise<Level>;
  /** Calls back on every edge; returns the unsubscribe function. */
  onChange(listener: (level: Level) => void): () => void;
  close(): Promise<void>;
}

export interface GpioProvider {
  output(line: LineRef, options?: { activeLow?: boolean; initial?: Level }): Promise<DigitalOut>;
  input(line: LineRef, options?: { activeLow?: boolean }): Promise<DigitalIn>;
}
