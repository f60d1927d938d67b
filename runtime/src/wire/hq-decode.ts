/**
 * The one door in for MQTT payloads: bytes → JSON → schema, or a coded LoupeError that says which
 * fields are wrong. Nothing acts on a payload that has not come through `decodePayload()`.
 */
import type { Static, TSchema } from 'typebox';
import type { ValidateFunction } from 'ajv';
import { bodyAjv } from './validate.ts';
import { LoupeError } from '../errors.ts';
import type { CodedError } from './hq-envelope.ts';

// The same Ajv set-up as the local API's bodies: values taken as sent, defaults filled.
const validators = new Map<TSchema, ValidateFunction>();
function validatorOf(schema: TSchema): ValidateFunction {
  let validator = validators.get(schema);
  if (!validator) {
    validator = bodyAjv.compile(schema);
    validators.set(schema, validator);
  }
  return validator;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: LoupeError };

/** Bytes → JSON → checked against `schema`; a LOUPE_E_LINK_PAYLOAD_* error naming the fields otherwise. */
export function decodePayload<S extends TSchema>(schema: S, payload: Buffer | string, what: string): Decoded<Static<S>> {
  let json: unknown;
  try {
    json = JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch (error) {
    return {
      ok: false,
      error: new LoupeError('LOUPE_E_LINK_PAYLOAD_MALFORMED', { what, reason: (error as Error).message }, `The ${what} message is not valid JSON.`),
    };
  }
  return checkValue(schema, json, what);
}

export function checkValue<S extends TSchema>(schema: S, value: unknown, what: string): Decoded<Static<S>> {
  const validator = validatorOf(schema);
  if (validator(value)) return { ok: true, value: value as Static<S> };
  const problems = (validator.errors ?? []).slice(0, 10).map((problem) => {
    const leaf = (problem.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ?? (problem.params as { additionalProperty?: string }).additionalProperty;
    return { field: `${problem.instancePath}${leaf ? `/${leaf}` : ''}` || '(message)', problem: problem.message ?? 'is not valid' };
  });
  const first = problems[0];
  return {
    ok: false,
    error: new LoupeError(
      'LOUPE_E_LINK_PAYLOAD_INVALID',
      { what, problems },
      `The ${what} message does not match its schema${first ? `: ${first.field} ${first.problem}` : ''}.`,
    ),
  };
}

export function codedError(error: LoupeError): CodedError {
  return { code: error.code, message: error.message, hint: error.hint, ...(error.details ? { details: error.details } : {}) };
}
