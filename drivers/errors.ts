/**
 * The coded errors of the peripheral drivers.
 *
 * Entries have the shape of the runtime's `ErrorDefinition` (`{ status, message, hint }`): the
 * runtime merges `DEVICE_ERRORS` into its one registry and `docs/errors.md`. `drivers/` imports
 * nothing from `runtime/`, so the shape is declared again here; a type test keeps them equal.
 * Messages are for the clerk at the counter; hints say what to do next.
 */

export interface DeviceErrorDefinition {
  readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 500 | 503;
  readonly message: string;
  readonly hint: string;
}

export const DEVICE_ERRORS = {
  // --- any device
  LOUPE_E_DEVICE_TIMEOUT: {
    status: 503,
    message: 'The device did not answer in time.',
    hint: 'Check that it is switched on and its cable is plugged in, then try again.',
  },
  LOUPE_E_DEVICE_DISCONNECTED: {
    status: 503,
    message: 'The device is not connected.',
    hint: 'Plug it back in or switch it on; Loupe reconnects by itself within a few seconds.',
  },
  LOUPE_E_DEVICE_NOT_FOUND: {
    status: 503,
    message: 'No matching device is plugged in.',
    hint: 'Plug the device in, or set its port in the device settings.',
  },
  LOUPE_E_DEVICE_PERMISSION: {
    status: 503,
    message: 'Loupe is not allowed to use this device.',
    hint: 'A technician must add the Loupe user to the dialout, lp or input group (or install the udev rule).',
  },
  LOUPE_E_DEVICE_PROTOCOL: {
    status: 503,
    message: 'The device sent an answer Loupe does not understand.',
    hint: 'Check that the device model and protocol in the settings match the device, then try again.',
  },
  LOUPE_E_DEVICE_STOPPED: {
    status: 503,
    message: 'The device is switched off in Loupe.',
    hint: 'Restart the appliance; if it persists, call support.',
  },

  // --- RFID readers and the counter encoder
  LOUPE_E_RFID_NO_TAG: {
    status: 422,
    message: 'No tag was found in the reader’s field.',
    hint: 'Place the tagged piece on the encoder pad (or closer to the handheld) and try again.',
  },
  LOUPE_E_RFID_MULTIPLE_TAGS: {
    status: 409,
    message: 'More than one tag is on the encoder.',
    hint: 'Leave only the piece you are tagging on the pad and try again.',
  },
  LOUPE_E_RFID_WRITE_FAILED: {
    status: 503,
    message: 'The tag could not be written.',
    hint: 'Hold the tag flat on the pad and try again; if it fails twice, use a new tag.',
  },
  LOUPE_E_RFID_VERIFY_FAILED: {
    status: 503,
    message: 'The tag did not keep the new code.',
    hint: 'Do not attach this tag. Try again; if it fails twice, use a new tag.',
  },
  LOUPE_E_RFID_READER_FAULT: {
    status: 503,
    message: 'The RFID reader reported a fault.',
    hint: 'Check the antenna cable, then switch the reader off and on.',
  },
  LOUPE_E_RFID_BATTERY_LOW: {
    status: 503,
    message: 'The handheld reader’s battery is too low.',
    hint: 'Put the handheld on its charger.',
  },
  LOUPE_E_RFID_EPC_INVALID: {
    status: 422,
    message: 'That is not a valid tag code.',
    hint: 'Check the company prefix, style and piece numbers.',
  },

  // --- scales
  LOUPE_E_SCALE_UNSTABLE: {
    status: 409,
    message: 'The scale has not settled.',
    hint: 'Wait until the piece lies still and nothing touches the pan, then weigh again.',
  },
  LOUPE_E_SCALE_OVERLOAD: {
    status: 422,
    message: 'The load is over the scale’s capacity.',
    hint: 'Take the load off the pan at once; weigh it on a larger scale.',
  },
  LOUPE_E_SCALE_UNDERLOAD: {
    status: 422,
    message: 'The scale reads below zero.',
    hint: 'Empty the pan and press zero on the scale, then weigh again.',
  },
  LOUPE_E_SCALE_NOT_ZEROED: {
    status: 409,
    message: 'The scale must go back to zero before the next weighing.',
    hint: 'Take the previous piece off the pan, wait for zero, then weigh the next one.',
  },
  LOUPE_E_SCALE_EMPTY: {
    status: 422,
    message: 'Nothing is on the scale.',
    hint: 'Place the piece on the pan.',
  },
  LOUPE_E_SCALE_UNIT: {
    status: 422,
    message: 'The scale is set to a unit Loupe cannot use.',
    hint: 'Switch the scale to grams or carats with its unit key.',
  },
  LOUPE_E_SCALE_REFUSED: {
    status: 409,
    message: 'The scale refused to zero or tare right now.',
    hint: 'Wait until the reading is still and within the zero range, then try again.',
  },

  // --- receipt printer
  LOUPE_E_PRINTER_PAPER_OUT: {
    status: 503,
    message: 'The receipt printer is out of paper.',
    hint: 'Load a new paper roll and close the cover; the receipt can then be printed.',
  },
  LOUPE_E_PRINTER_COVER_OPEN: {
    status: 503,
    message: 'The receipt printer’s cover is open.',
    hint: 'Close the printer cover firmly.',
  },
  LOUPE_E_PRINTER_OFFLINE: {
    status: 503,
    message: 'The receipt printer is offline.',
    hint: 'Check the printer’s error light; switch it off and on if it stays lit.',
  },
  LOUPE_E_PRINTER_JOB_UNCERTAIN: {
    status: 409,
    message: 'It is not certain that the receipt printed.',
    hint: 'Look at the printer. If nothing came out, print a copy (it will say COPY).',
  },
  LOUPE_E_PRINTER_JOB_UNKNOWN: {
    status: 404,
    message: 'There is no such receipt to print again.',
    hint: 'Check the receipt number.',
  },

  // --- cash drawer and GPIO
  LOUPE_E_DRAWER_REASON_REQUIRED: {
    status: 400,
    message: 'Opening the drawer needs a staff member and a reason.',
    hint: 'Sign in and choose why the drawer is opened.',
  },
  LOUPE_E_DRAWER_TOO_SOON: {
    status: 429,
    message: 'The drawer was just opened.',
    hint: 'Wait a second and try again.',
  },
  LOUPE_E_DRAWER_DID_NOT_OPEN: {
    status: 503,
    message: 'The cash drawer did not open.',
    hint: 'Check that the drawer is not locked with its key and that its cable is plugged in.',
  },
  LOUPE_E_GPIO_UNAVAILABLE: {
    status: 503,
    message: 'The cash drawer connection is not available on this appliance.',
    hint: 'A technician must check the GPIO settings and the drawer wiring.',
  },

  // --- barcode scanners
  LOUPE_E_SCANNER_GRAB_FAILED: {
    status: 503,
    message: 'Loupe could not take over the barcode scanner.',
    hint: 'A technician must check the scanner settings and the input group of the Loupe user.',
  },
} as const satisfies Record<string, DeviceErrorDefinition>;

export type DeviceErrorCode = keyof typeof DEVICE_ERRORS;

/** Flags that tell a caller how a request ended, after serialport's `disconnected`/`canceled`. */
export interface DeviceErrorFlags {
  /** The link to the device was lost (unplugged, powered off, socket closed). */
  disconnected?: boolean;
  /** No answer came within the request's timeout. */
  timedOut?: boolean;
}

/** The one error type drivers throw and report in health; never a string. */
export class DeviceError extends Error {
  readonly code: DeviceErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;
  readonly disconnected: boolean;
  readonly timedOut: boolean;

  constructor(code: DeviceErrorCode, details?: Record<string, unknown>, flags: DeviceErrorFlags = {}) {
    const definition: DeviceErrorDefinition = DEVICE_ERRORS[code];
    super(details?.reason ? `${definition.message} (${String(details.reason)})` : definition.message);
    this.name = 'DeviceError';
    this.code = code;
    this.status = definition.status;
    this.hint = definition.hint;
    this.details = details;
    this.disconnected = flags.disconnected ?? code === 'LOUPE_E_DEVICE_DISCONNECTED';
    this.timedOut = flags.timedOut ?? code === 'LOUPE_E_DEVICE_TIMEOUT';
  }
}

export function isDeviceError(error: unknown, code?: DeviceErrorCode): error is DeviceError {
  return error instanceof DeviceError && (code === undefined || error.code === code);
}

/** Wraps anything thrown by a port or a library into a DeviceError, keeping the OS reason. */
export function toDeviceError(error: unknown, fallback: DeviceErrorCode = 'LOUPE_E_DEVICE_DISCONNECTED'): DeviceError {
  if (error instanceof DeviceError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const osCode = (error as { code?: unknown } | null)?.code;
  if (osCode === 'EACCES' || osCode === 'EPERM') return new DeviceError('LOUPE_E_DEVICE_PERMISSION', { reason });
  return new DeviceError(fallback, { reason, ...(typeof osCode === 'string' ? { osCode } : {}) });
}
