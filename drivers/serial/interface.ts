/**
 * The byte link under every device driver, and the obligations of the supervisor that keeps it.
 *
 * A `PortOpener` knows one way to reach a device (a serial port by stable path, a TCP socket,
 * a device file, a helper process); the `PortSupervisor` owns the opened link:
 *
 * - It opens the link at `start()` and never throws there: an absent device is a health state
 *   (`reconnecting`, then `failed`), not a crash.
 * - After an unplug, a crash of the peer or a read-watchdog expiry it reopens with back-off; a
 *   deliberate `stop()` is told apart and never reopens.
 * - `write()` has a timeout (a write to a vanished serial port never calls back otherwise,
 *   reference/device-protocols.md §6) and fails at once with `LOUPE_E_DEVICE_DISCONNECTED`
 *   while the link is down: nothing is queued to fire later (a stale drawer kick must not open
 *   the drawer after a reconnect).
 * - A request pending on the link when it drops is rejected at once with
 *   `LOUPE_E_DEVICE_DISCONNECTED` (`disconnected: true`) by the driver's waitress, which listens
 *   to `disconnected`.
 * - Health changes are emitted as `health` events (`drivers/health.ts`).
 * - With a `presence` on the opener it follows USB hotplug: a plug-in is tried at once, a pull-out
 *   fails pending requests and says `unplugged` at once.
 */

/** Callbacks an opener wires to the link it opens. */
export interface PortHandlers {
  data(chunk: Buffer): void;
  /** The link closed by itself; `error` says why (null for a clean end of stream). */
  closed(error: Error | null): void;
}

/** A link that is open. `close()` is deliberate and must not call `handlers.closed`. */
export interface OpenPort {
  write(data: Buffer): Promise<void>;
  close(): Promise<void>;
}

export interface PortOpener {
  /** Path or URL, shown in health, logs and timeout messages. */
  readonly address: string;
  open(handlers: PortHandlers): Promise<OpenPort>;
  /** Hotplug news of the device behind this link, when the box has it (`../hotplug/watcher.ts`). */
  readonly presence?: DevicePresence;
}

/**
 * `plugged`: a device that may be this one was just plugged in; the supervisor tries at once if
 * its link is down. `unplugged`: this device was pulled out; the supervisor drops the link, says
 * `unplugged` in health and waits for `plugged` (retrying only slowly in case an event is missed).
 */
export interface DevicePresence {
  on(event: 'plugged' | 'unplugged', listener: () => void): unknown;
  off(event: 'plugged' | 'unplugged', listener: () => void): unknown;
}

/** Serial line settings; a pty ignores them, a real RS-232 scale does not. */
export interface SerialSettings {
  baudRate: number;
  dataBits?: 7 | 8;
  parity?: 'none' | 'even' | 'odd';
  stopBits?: 1 | 2;
}
