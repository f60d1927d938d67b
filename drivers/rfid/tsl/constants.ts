/**
 * TSL ASCII 2.x protocol constants (asciiprotocol.com "Commands Overview", ".iv", "Responses";
 * reference/device-protocols.md §1.1).
 */

/** Commands: a dot and two lower-case letters. */
export const TSL_COMMAND = {
  INVENTORY: '.iv',
  BATTERY: '.bl',
  VERSION: '.vr',
  ABORT: '.ab',
  ECHO: '.ec',
} as const;

/** Response line headers: two upper-case letters and a colon. */
export const TSL_HEADER = {
  COMMAND_STARTED: 'CS',
  EPC: 'EP',
  RSSI: 'RI',
  PC: 'PC',
  EPC_CRC: 'CR',
  OK: 'OK',
  ERROR: 'ER',
  MESSAGE: 'ME',
  BATTERY_PERCENT: 'BP',
  CHARGING: 'CH',
  BARCODE: 'BC',
  MANUFACTURER: 'MF',
  UNIT_SERIAL: 'US',
  PROTOCOL_VERSION: 'PV',
} as const;

/** Error codes ("TSL ASCII protocol 2.5 rev B, p.14"), printed with leading zeros (`ER: 005`). */
export const TSL_ERROR = {
  SYNTAX: 1,
  PARAMETER_NOT_SUPPORTED: 2,
  ACTION_NOT_ENABLED: 3,
  NOT_SUPPORTED_BY_HARDWARE: 4,
  NO_TRANSPONDER: 5,
  NO_BARCODE: 6,
  PARAMETER_INVALID: 7,
  ANTENNA_OR_RADIO: 8,
  BATTERY_TOO_LOW: 9,
  COMMAND_ABORTED: 15,
  SYSTEM: 255,
} as const;

/** ESC escapes CR, LF and ESC inside barcode data (`BC:` lines). */
export const TSL_ESCAPE = 0x1b;

export const TSL_OUTPUT_POWER_DBM = { min: 10, max: 29 } as const;
