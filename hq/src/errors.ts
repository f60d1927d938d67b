/**
 * The one registry of HQ's coded errors, in the till's style (runtime/src/errors.ts): every error
 * HQ's API or its command line can answer with, its HTTP status, and what to do next. HQ answers
 * `{ error: { code, message, hint, details } }` like the till. Codes are never reused or renamed;
 * `docs/hq-errors.md` lists them all and test/hq/enroll-errors.test.ts keeps the two in step.
 */
export interface HqErrorDefinition {
  readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 429 | 500 | 503;
  readonly message: string;
  readonly hint: string;
}

export const HQ_ERRORS = {
  // --- API: the shape of a request
  HQ_E_API_VALIDATION: {
    status: 400,
    message: 'The request is not valid.',
    hint: 'Correct the fields named in details and send it again.',
  },
  HQ_E_API_NOT_FOUND: {
    status: 404,
    message: 'There is no such route.',
    hint: 'Check the address against the API documentation at /docs.',
  },
  HQ_E_API_MALFORMED_JSON: {
    status: 400,
    message: 'The request body is not valid JSON.',
    hint: 'Send a JSON body with the content type application/json.',
  },
  HQ_E_API_ADMIN_REQUIRED: {
    status: 401,
    message: 'This needs HQ’s admin token.',
    hint: 'Send Authorization: Bearer <token>, the token in HQ_ADMIN_TOKEN on the HQ server.',
  },
  HQ_E_API_RATE_LIMITED: {
    status: 429,
    message: 'Too many attempts from here: wait a moment.',
    hint: 'Try again after the number of seconds in details.retryAfterSeconds.',
  },
  HQ_E_INTERNAL_FAULT: {
    status: 500,
    message: 'HQ could not do that because of a fault of its own.',
    hint: 'Try again. If it happens again, send HQ’s log around that time to support.',
  },

  // --- ENROLL: pairing a till with HQ
  HQ_E_ENROLL_CODE_UNKNOWN: {
    status: 404,
    message: 'There is no till waiting with that pairing code.',
    hint: 'Read the code again from the slip the till printed (8 letters and digits); a used code cannot be entered twice.',
  },
  HQ_E_ENROLL_CODE_EXPIRED: {
    status: 410,
    message: 'That pairing code has expired.',
    hint: 'The till prints a new code by itself; enter the newest one.',
  },
  HQ_E_ENROLL_REQUEST_UNKNOWN: {
    status: 404,
    message: 'HQ knows no enrollment request with that id.',
    hint: 'The till asks for a new pairing code and prints it.',
  },
  HQ_E_ENROLL_CSR_INVALID: {
    status: 400,
    message: 'The certificate request is not a valid ECDSA P-256 request signed by its own key.',
    hint: 'The till makes its request itself; if this repeats, reinstall the till’s image.',
  },
  HQ_E_ENROLL_STORE_INVALID: {
    status: 400,
    message: 'The store id is not valid.',
    hint: 'Give the store id as it appears in HQ, e.g. 0042 (letters, digits, - and _).',
  },
  HQ_E_ENROLL_DEVICE_TAKEN: {
    status: 409,
    message: 'That device id belongs to a till HQ enrolled already.',
    hint: 'If this box replaces that till, approve it with replaces set to the old device id (the old certificate is revoked).',
  },
  HQ_E_ENROLL_DEVICE_UNKNOWN: {
    status: 404,
    message: 'HQ has never enrolled a till with that device id.',
    hint: 'Check the device id (pos-… on the till’s health page); only an enrolled till can be replaced or revoked.',
  },

  // --- CA: HQ's device certificate authority
  HQ_E_CA_MISSING: {
    status: 503,
    message: 'HQ has no device CA yet.',
    hint: 'Create it once with `loupe hq ca init --ca-dir DIR --hosts NAMES`, then start HQ with --ca-dir DIR.',
  },
  HQ_E_CA_EXISTS: {
    status: 409,
    message: 'There is a device CA in that folder already.',
    hint: 'Keep the existing CA (every till trusts it); choose another folder only for a new, separate fleet.',
  },
} as const satisfies Record<string, HqErrorDefinition>;

export type HqErrorCode = keyof typeof HQ_ERRORS;

export class HqError extends Error {
  readonly code: HqErrorCode;
  readonly status: number;
  readonly hint: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: HqErrorCode, details?: Record<string, unknown>, message?: string) {
    const definition: HqErrorDefinition = HQ_ERRORS[code];
    super(message ?? definition.message);
    this.name = 'HqError';
    this.code = code;
    this.status = definition.status;
    this.hint = definition.hint;
    this.details = details;
  }
}

export function isHqError(error: unknown): error is HqError {
  return error instanceof HqError;
}
