/** The error body every HQ route answers with, as the till's: `{ error: { code, message, hint, details } }`. */
import { Type } from 'typebox';

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    hint: Type.String(),
    details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
});
