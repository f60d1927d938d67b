/**
 * The one registry of Loupe's coded errors.
 *
 * Every error a caller can see is declared here with its HTTP status and a hint that tells the
 * clerk, the technician or the integrator what to do next. Codes are never reused or renamed;
 * `docs/errors.md` lists them all and a test keeps the two in step.
 */

export interface ErrorDefinition {
  /** HTTP status the local API answers with. */
  readonly status: 400 | 401 | 403 | 404 | 409 | 422 | 423 | 429 | 500 | 503;
  /** What went wrong, in words a clerk understands. */
  readonly message: string;
  /** What to do next. */
  readonly hint: string;
}

export const ERRORS = {
  // --- API: the shape of a request
  LOUPE_E_API_VALIDATION: {
    status: 400,
    message: 'The request is not valid.',
    hint: 'Correct the fields named in details and send it again.',
  },
  LOUPE_E_API_NOT_FOUND: {
    status: 404,
    message: 'There is no such route.',
    hint: 'Check the address against the API documentation at /docs.',
  },
  LOUPE_E_API_BODY_TOO_LARGE: {
    status: 400,
    message: 'The request body is too large.',
    hint: 'Send a smaller request.',
  },
  LOUPE_E_API_MALFORMED_JSON: {
    status: 400,
    message: 'The request body is not valid JSON.',
    hint: 'Send a JSON body with the content type application/json.',
  },

  // --- AUTH: who is asking, and may they
  LOUPE_E_AUTH_REQUIRED: {
    status: 401,
    message: 'Please sign in.',
    hint: 'Sign in with your staff number and PIN.',
  },
  LOUPE_E_AUTH_PIN_WRONG: {
    status: 401,
    message: 'That staff number and PIN do not match.',
    hint: 'Try again. After 5 wrong PINs the account is locked for a while.',
  },
  LOUPE_E_AUTH_LOCKED_OUT: {
    status: 423,
    message: 'Too many wrong PINs: this account is locked for now.',
    hint: 'Wait until the time shown, or ask a manager.',
  },
  LOUPE_E_AUTH_SCREEN_LOCKED: {
    status: 423,
    message: 'The screen is locked.',
    hint: 'Enter your PIN to unlock, or sign in as someone else.',
  },
  LOUPE_E_AUTH_FORBIDDEN: {
    status: 403,
    message: 'Your role does not allow this.',
    hint: 'Ask someone whose role allows it.',
  },
  LOUPE_E_AUTH_APPROVAL_REQUIRED: {
    status: 403,
    message: 'This needs a manager’s approval.',
    hint: 'Ask a manager to enter their staff number and PIN to approve it.',
  },
  LOUPE_E_AUTH_APPROVAL_INVALID: {
    status: 403,
    message: 'The approval is not valid for this action, or has expired.',
    hint: 'Ask the manager to approve again.',
  },
  LOUPE_E_AUTH_APPROVER_NOT_ALLOWED: {
    status: 403,
    message: 'That person cannot approve this action.',
    hint: 'A manager whose role allows the action must approve it.',
  },

  // --- STAFF
  LOUPE_E_STAFF_PIN_WEAK: {
    status: 422,
    message: 'That PIN is too easy to guess.',
    hint: 'Choose 4 to 8 digits that are not a run (1234), a repeat (1111, 1212) or a common PIN.',
  },
  LOUPE_E_STAFF_CODE_TAKEN: {
    status: 409,
    message: 'That staff number is already in use.',
    hint: 'Choose another staff number.',
  },
  LOUPE_E_STAFF_NOT_FOUND: {
    status: 404,
    message: 'There is no such staff member.',
    hint: 'Check the staff number.',
  },
  LOUPE_E_STAFF_LAST_ADMIN: {
    status: 409,
    message: 'This would leave the store without an active manager or admin.',
    hint: 'Add another manager or admin first.',
  },

  // --- CATALOG
  LOUPE_E_CATALOG_PIECE_NOT_FOUND: {
    status: 404,
    message: 'There is no such piece.',
    hint: 'Check the stock number, or scan the tag again.',
  },
  LOUPE_E_CATALOG_STOCK_NO_TAKEN: {
    status: 409,
    message: 'That stock number is already in use.',
    hint: 'Each piece needs its own stock number.',
  },
  LOUPE_E_CATALOG_CODE_TAKEN: {
    status: 409,
    message: 'That barcode or EPC already belongs to another piece.',
    hint: 'Check the tag or label; a code names one piece only.',
  },

  // --- SETTINGS
  LOUPE_E_SETTINGS_INVALID: {
    status: 422,
    message: 'The settings are not valid.',
    hint: 'Correct the setting named in the message; the allowed values are listed there.',
  },
  LOUPE_E_SETTINGS_TOO_NEW: {
    status: 422,
    message: 'The settings file was written by a newer Loupe release.',
    hint: 'Install that release again, or restore an older settings file.',
  },

  // --- LEDGER
  LOUPE_E_LEDGER_TOO_NEW: {
    status: 500,
    message: 'The ledger was written by a newer Loupe release.',
    hint: 'Install that release again; never open a newer ledger with an older release.',
  },
  LOUPE_E_LEDGER_BACKUP_INVALID: {
    status: 422,
    message: 'That file is not a usable Loupe ledger backup.',
    hint: 'Choose another backup file; this one failed its integrity or audit check.',
  },
  LOUPE_E_LEDGER_IN_USE: {
    status: 409,
    message: 'The ledger is in use by a running appliance.',
    hint: 'Stop the appliance before restoring a backup.',
  },

  // --- INTERNAL
  LOUPE_E_INTERNAL_FAULT: {
    status: 500,
    message: 'Something went wrong inside the appliance.',
    hint: 'Try again. If it happens again, call support with the time it happened.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERRORS;

/** An error every layer may throw; the API turns it into `{ error: { code, message, hint, details } }`. */
export class LoupeError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, details?: Record<string, unknown>, message?: string) {
    const definition: ErrorDefinition = ERRORS[code];
    super(message ?? definition.message);
    this.name = 'LoupeError';
    this.code = code;
    this.status = definition.status;
    this.hint = definition.hint;
    this.details = details;
  }
}

export function isLoupeError(error: unknown): error is LoupeError {
  return error instanceof LoupeError;
}
