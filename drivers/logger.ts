/**
 * The drivers' logger: the subset of pino the runtime injects (`log.child({ device })`), silent by
 * default. Byte-level traces go to `debug` with the frame in hex.
 */
export interface DriverLog {
  debug(details: object, message: string): void;
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

const ignore = (): void => undefined;

export const silentLog: DriverLog = { debug: ignore, info: ignore, warn: ignore, error: ignore };
