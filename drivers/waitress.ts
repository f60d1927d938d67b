/**
 * Request/response over one device link: one request in flight, every request with a timeout
 * whose message names the command and the port (after zigbee-herdsman `src/utils/waitress.ts`
 * and `queue.ts`).
 *
 * Obligations:
 * - A request waits its turn; only one is on the wire at a time.
 * - It settles exactly once: with the value its `accept` built, with the DeviceError its `accept`
 *   returned, with `LOUPE_E_DEVICE_TIMEOUT` (`timedOut`) after `timeoutMs`, or with
 *   `LOUPE_E_DEVICE_DISCONNECTED` (`disconnected`) when the link drops (`cancelAll`).
 * - Frames no request claims are handed back to the caller of `deliver` (unsolicited data:
 *   a trigger pull, a scan).
 * - An `accept` that throws (a malformed answer) fails its request with the error; nothing
 *   escapes into the port's data handler.
 */
import type { Clock, TimerHandle } from './clock.ts';
import { DeviceError, toDeviceError } from './errors.ts';

/** What `accept` says about one incoming frame. */
export type Verdict<T> =
  | { kind: 'ignore' } // not an answer to this request
  | { kind: 'more' } // part of the answer; keep waiting
  | { kind: 'done'; value: T }
  | { kind: 'fail'; error: DeviceError };

export interface Request<TFrame, T> {
  /** The command as the datasheet names it, for timeout messages (`.iv`, `0x89 inventory`, `SI`). */
  command: string;
  timeoutMs: number;
  /** Puts the command on the wire; rejects if the link cannot take it. */
  send: () => Promise<void>;
  accept: (frame: TFrame) => Verdict<T>;
}

interface Pending<TFrame> {
  accept: (frame: TFrame) => boolean;
  cancel: (error: DeviceError) => void;
}

export class Waitress<TFrame> {
  readonly #clock: Clock;
  readonly #port: () => string;
  #pending: Pending<TFrame> | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  /** `port` names the link in timeout messages (its path or URL). */
  constructor(clock: Clock, port: () => string) {
    this.#clock = clock;
    this.#port = port;
  }

  get busy(): boolean {
    return this.#pending !== null;
  }

  request<T>(request: Request<TFrame, T>): Promise<T> {
    const turn = this.#queue.then(() => this.#run(request));
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  /** Offers a frame to the request in flight; false when nobody claimed it (unsolicited). */
  deliver(frame: TFrame): boolean {
    return this.#pending?.accept(frame) ?? false;
  }

  /** Fails the request in flight (the link dropped). Queued requests then fail on their own send. */
  cancelAll(error: DeviceError): void {
    this.#pending?.cancel(error);
  }

  #run<T>(request: Request<TFrame, T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let timer: TimerHandle | null = null;
      const settle = (outcome: () => void): void => {
        if (this.#pending !== pending) return;
        this.#pending = null;
        if (timer) this.#clock.clearTimeout(timer);
        outcome();
      };
      const pending: Pending<TFrame> = {
        accept: (frame) => {
          let verdict: Verdict<T>;
          try {
            verdict = request.accept(frame);
          } catch (error) {
            // A malformed answer fails the request; it must never throw into the port's data handler.
            verdict = { kind: 'fail', error: toDeviceError(error, 'LOUPE_E_DEVICE_PROTOCOL') };
          }
          if (verdict.kind === 'done') settle(() => resolve(verdict.value));
          else if (verdict.kind === 'fail') settle(() => reject(verdict.error));
          return verdict.kind !== 'ignore';
        },
        cancel: (error) => settle(() => reject(error)),
      };
      this.#pending = pending;
      timer = this.#clock.setTimeout(() => {
        const port = this.#port();
        const reason = `Timeout after ${request.timeoutMs}ms [cmd=${request.command} port=${port}]`;
        settle(() => reject(new DeviceError('LOUPE_E_DEVICE_TIMEOUT', { reason, command: request.command, port, timeoutMs: request.timeoutMs })));
      }, request.timeoutMs);
      request.send().catch((error: unknown) => settle(() => reject(error)));
    });
  }
}
