/**
 * ESC/POS bytes Loupe sends or must understand (Epson ESC/POS reference; device-protocols.md §3.1).
 */

export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const DC4 = 0x14;
export const LF = 0x0a;

/** DLE EOT n: real-time status, answered at once even while offline. */
export const STATUS_QUERY = {
  PRINTER: 1,
  OFFLINE_CAUSE: 2,
  ERROR_CAUSE: 3,
  ROLL_PAPER: 4,
} as const;

/**
 * GS r 1: transmit the paper sensor status. Unlike DLE EOT it waits its turn in the print buffer,
 * so its answer proves every byte before it was processed. Reply: bits 0–1 near end, bits 2–3
 * paper end, bits 4–7 clear (Epson ESC/POS reference, GS r).
 */
export const PAPER_SENSOR_QUERY = Buffer.from([0x1d, 0x72, 0x01]);
export const PAPER_SENSOR_BIT = { NEAR_END: 0x03, PAPER_END: 0x0c } as const;

/** Every DLE EOT reply has the form 0xx1xx10b: bits 0 and 7 clear, bits 1 and 4 set. */
export const STATUS_FIXED_MASK = 0b1001_0011;
export const STATUS_FIXED_VALUE = 0b0001_0010;

export const STATUS_BIT = {
  /** n=1: drawer kick-out connector pin 3 is HIGH. */
  DRAWER_PIN3_HIGH: 0x04,
  /** n=1: offline. */
  OFFLINE: 0x08,
  /** n=2: cover open. */
  COVER_OPEN: 0x04,
  /** n=2: printing stopped by paper end. */
  STOPPED_BY_PAPER_END: 0x20,
  /** n=2: an error occurred. */
  ERROR: 0x40,
  /** n=4: roll paper near-end sensor, bits 2+3. */
  PAPER_NEAR_END: 0x0c,
  /** n=4: roll paper end sensor, bits 5+6. */
  PAPER_END: 0x60,
} as const;

/**
 * ESC p m t1 t2: a drawer pulse on connector pin 2 (m=0) or 5 (m=1), on t1×2 ms, off t2×2 ms.
 * Sent raw: node-thermal-printer 4.6's `openCashDrawer()` emits `1B 70 00` without t1/t2 on Epson
 * (reference §3.2; upstream issue Klemen1337/node-thermal-printer#54).
 */
export const DRAWER_KICK = (pin: 2 | 5, onMs: number, offMs: number): Buffer =>
  Buffer.from([ESC, 0x70, pin === 2 ? 0 : 1, Math.round(onMs / 2), Math.round(offMs / 2)]);

/** The usual pulse: 50 ms on, 500 ms off → `1B 70 00 19 FA`. */
export const STANDARD_DRAWER_PULSE = { onMs: 50, offMs: 500 } as const;
