/**
 * The one Ajv set-up for validating wire data: bodies are taken as sent (no type coercion, no
 * silently dropped fields, defaults filled in); query strings and path parameters arrive as text,
 * so numbers in them are coerced. The API and the importers validate with these.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const options = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false } as const;

export const bodyAjv = addFormats.default(new Ajv({ ...options, coerceTypes: false }));
export const textAjv = addFormats.default(new Ajv({ ...options, coerceTypes: true }));
