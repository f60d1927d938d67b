/**
 * The one Ajv set-up for validating wire data: bodies are taken as sent (no type coercion, no
 * silently dropped fields, defaults filled in); query strings and path parameters arrive as text,
 * so numbers in them are coerced (compileText); recorded events are checked as they are
 * (eventAjv). The API, the importers and HQ's ingest validate with these.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

// strictNumbers: NaN and Infinity (a JSON `1e309`) are no number, whatever the bounds.
const options = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false, strictNumbers: true } as const;

export const bodyAjv = addFormats.default(new Ajv({ ...options, coerceTypes: false }));
/** For recorded events (wire/events/): checked as written, never changed, so no defaults are filled in. */
export const eventAjv = addFormats.default(new Ajv({ ...options, coerceTypes: false, useDefaults: false }));
const textAjv = addFormats.default(new Ajv({ ...options, coerceTypes: true }));

/** A compiled check, with Ajv's errors of its last call. */
export type Validator = ((data: unknown) => boolean) & { errors?: ValidateFunction['errors'] };

/**
 * A validator of query strings and path parameters. Ajv coerces the text "1e309" to Infinity and
 * then skips `minimum`/`maximum` for it (strictNumbers checks only before coercing), so a coerced
 * number that is not finite is refused here, as Ajv would have put it.
 */
export function compileText(schema: object): Validator {
  const compiled = textAjv.compile(schema);
  const validate = (data: unknown): boolean => {
    const valid = compiled(data);
    const infinite = valid ? nonFinite(data) : null;
    validate.errors = infinite === null ? compiled.errors : [infiniteError(infinite)];
    return valid && infinite === null;
  };
  validate.errors = null as ValidateFunction['errors'];
  return validate;
}

/** The first member (or item of a repeated member) of a query string or parameter set that is a non-finite number. */
function nonFinite(data: unknown): string | null {
  if (!data || typeof data !== 'object') return null;
  for (const [key, value] of Object.entries(data)) {
    if ([value].flat().some((item) => typeof item === 'number' && !Number.isFinite(item))) return key;
  }
  return null;
}

function infiniteError(key: string): ErrorObject {
  return { instancePath: `/${key}`, schemaPath: '#/type', keyword: 'type', params: { type: 'finite number' }, message: 'must be a finite number' };
}
