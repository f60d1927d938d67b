/**
 * The runtime's logger: pino (fastify's own), so API and modules write one JSON log.
 * Secrets never reach it: PINs, tokens and approval headers are redacted by path.
 */
import { pino, type Logger as PinoLogger } from 'pino';

export type Logger = Pick<PinoLogger, 'error' | 'warn' | 'info' | 'debug' | 'child'>;

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-loupe-approval"]',
  'pin',
  '*.pin',
  'newPin',
  'token',
  '*.token',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): PinoLogger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination ?? process.stdout);
}
