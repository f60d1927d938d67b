/**
 * Mettler Toledo MT-SICS, levels 0 and 1 (reference/device-protocols.md §2.2). A reply is the
 * command's ID, a status letter, then its data: `S S     100.00 g`.
 */

export const MTSICS_COMMAND = {
  /** Stable weight; `S I` when no stable value came in the scale's own time limit. */
  STABLE_WEIGHT: 'S',
  /** Immediate weight: `S S` stable or `S D` dynamic. */
  WEIGHT_IMMEDIATELY: 'SI',
  ZERO: 'Z',
  TARE: 'T',
  SERIAL_NUMBER: 'I4',
  RESET: '@',
} as const;

export const MTSICS_STATUS = {
  STABLE: 'S',
  DYNAMIC: 'D',
  DONE: 'A',
  NOT_EXECUTABLE: 'I',
  OVERLOAD: '+',
  UNDERLOAD: '-',
} as const;

/** General errors that replace a whole reply. */
export const MTSICS_ERROR = {
  ES: 'syntax error (command not recognised)',
  ET: 'transmission error',
  EL: 'logical error (cannot execute)',
} as const;
