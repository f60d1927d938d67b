/**
 * Counts unhandled rejections and uncaught exceptions while a test runs, so a test can assert
 * that an unplug produced none (uvu runs every suite in one process: one would kill them all).
 */
export function trackUnhandled(): { readonly count: number; readonly errors: unknown[]; stop(): void } {
  const errors: unknown[] = [];
  const onError = (error: unknown): void => {
    errors.push(error);
  };
  process.on('unhandledRejection', onError);
  process.on('uncaughtException', onError);
  return {
    get count() {
      return errors.length;
    },
    errors,
    stop() {
      process.off('unhandledRejection', onError);
      process.off('uncaughtException', onError);
    },
  };
}
