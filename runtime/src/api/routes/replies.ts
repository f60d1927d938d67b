/** Response schemas shared by every route: the one error shape, for every status a route may answer. */
import { ErrorReply } from '../../wire/api.ts';

export const errorReplies = {
  400: ErrorReply,
  401: ErrorReply,
  403: ErrorReply,
  404: ErrorReply,
  409: ErrorReply,
  422: ErrorReply,
  423: ErrorReply,
  500: ErrorReply,
} as const;
