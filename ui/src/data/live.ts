/**
 * The live channel (`/api/v1/live`): hello with the session token, then the appliance's news —
 * scans, RFID reads, scale readings, device health, HQ link, ledger commits. Reconnects with a
 * growing delay while signed in; `close()` stops it for good. Closed by the appliance with
 * `SESSION_CLOSE_CODE` (the session ended: signed out, expired, deactivated, PIN reset), it stops
 * and calls `onEnded`, and the screen goes back to sign-in.
 */
import type { LiveMessage } from '../../../runtime/src/wire/live.ts';

/** The appliance's close code for a socket without (or no longer with) a session (runtime/src/api/live.ts). */
export const SESSION_CLOSE_CODE = 4401;
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 8_000;

export class LiveChannel {
  #socket: WebSocket | null = null;
  #closed = false;
  #retryMs = RETRY_FIRST_MS;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly token: string,
    private readonly onMessage: (message: LiveMessage) => void,
    private readonly onState: (connected: boolean) => void,
    private readonly onEnded: () => void,
  ) {
    this.#connect();
  }

  #connect(): void {
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/v1/live`);
    this.#socket = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify({ type: 'hello', token: this.token })));
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(String(event.data)) as LiveMessage;
      if (message.type === 'welcome') {
        this.#retryMs = RETRY_FIRST_MS;
        this.onState(true);
      }
      this.onMessage(message);
    });
    socket.addEventListener('close', (event) => {
      this.onState(false);
      if (this.#closed) return;
      if (event.code === SESSION_CLOSE_CODE) {
        this.#closed = true;
        this.onEnded();
        return;
      }
      this.#timer = setTimeout(() => this.#connect(), this.#retryMs);
      this.#retryMs = Math.min(this.#retryMs * 2, RETRY_MAX_MS);
    });
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
  }
}
