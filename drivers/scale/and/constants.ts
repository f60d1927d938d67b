/**
 * A&D standard format (GX-A/GF-A, FX-i/FZ-i, EK-i, GH, GR; reference/device-protocols.md §2.1).
 * A data line is `HH,` + a 9-character value (sign, zero-padded digits, point) + a 3-character
 * right-aligned unit + CR LF; widths vary by model, so lines are parsed by pattern, not columns.
 */

export const AND_HEADER = {
  STABLE: 'ST',
  UNSTABLE: 'US',
  OUT_OF_RANGE: 'OL',
  COUNTING_STABLE: 'QT',
  WEIGHT: 'WT',
} as const;

export const AND_COMMAND = {
  /** Requests the weight data immediately ("Q and SI behave the same", FZ-i manual p59). */
  IMMEDIATE: 'SI',
  QUERY: 'Q',
  /** Requests the weight data when stabilized. */
  STABLE: 'S',
  /** RE-ZERO key; every A&D model has R, newer ones also take Z (FZ-i manual p59). */
  RE_ZERO: 'R',
  ZERO: 'Z',
  TARE: 'T',
  CANCEL: 'C',
} as const;

/** With "error code output" on, a control command is acknowledged with this byte, without CR LF. */
export const AND_ACK = 0x06;

/** `EC,Exx` error codes [likely, GR series manual]. */
export const AND_ERROR = {
  E00: 'communications error',
  E01: 'undefined command',
  E02: 'not ready',
  E03: 'timeout',
  E04: 'excess characters',
  E06: 'format error',
  E07: 'parameter setting error',
  E11: 'stability error',
  E17: 'out of range',
  E20: 'calibration weight error (too heavy)',
  E21: 'calibration weight error (too light)',
} as const;

/** Errors that mean "not now" rather than "not understood". */
export const AND_REFUSALS = new Set(['E02', 'E11', 'E17']);
