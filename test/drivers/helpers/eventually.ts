/**
 * Waiting in integration tests, always bounded: a test that waits for something that never
 * happens fails with what it was waiting for, it never hangs the suite.
 */
import type { EventEmitter } from 'node:events';

export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 3000, intervalMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The next emission of `event`, or a rejection after `timeoutMs`. */
export function nextEvent<T = unknown>(emitter: EventEmitter<any>, event: string, timeoutMs = 3000, filter: (value: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs}ms waiting for event ${event}`));
    }, timeoutMs);
    const listener = (value: T): void => {
      if (!filter(value)) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(value);
    };
    emitter.on(event, listener);
  });
}

/** Settles with the rejection of `promise` (fails when it resolves), and how long it took. */
export async function rejectionOf(promise: Promise<unknown>): Promise<{ error: any; ms: number }> {
  const started = Date.now();
  try {
    await promise;
  } catch (error) {
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a rejection, but the promise resolved');
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
