/**
 * The RFID contract: handhelds for sweeps (TSL ASCII 2.x) and the counter reader/encoder (R2000
 * "A0" protocol).
 *
 * Obligations of every reader driver:
 * - `start()` never throws for an absent reader; health says where it is (`drivers/health.ts`).
 * - Every read, asked for or not (a trigger pull on a handheld), is emitted as `tagRead` and fed
 *   to the sweep in progress, if any.
 * - `inventory()` resolves with the reads of one round; "no tag in the field" is an empty list,
 *   not an error.
 * - A request pending when the reader drops is rejected at once with
 *   `LOUPE_E_DEVICE_DISCONNECTED`; requests made while it is away fail at once the same way.
 *   Nothing is retried behind the caller's back: a write to a tag is never repeated silently.
 * - `writeEpc()` (encoders only) resolves only after the new EPC was read back from the tag.
 */
import type { DeviceHealth } from '../health.ts';

export interface TagRead {
  /** Upper-case hex, as stored on the tag. */
  epc: string;
  /** Received signal strength in dBm (negative), when the reader reports it. */
  rssi: number | null;
  /** 1-based antenna port, when the reader reports it. */
  antenna: number | null;
  /** When the driver received it (ms since the epoch, from the injected clock). */
  at: number;
}

export interface RfidReaderEvents {
  tagRead: [read: TagRead];
  /** One inventory round finished; `trigger` is true when the handheld's trigger started it. */
  inventoryCompleted: [summary: { reads: TagRead[]; trigger: boolean }];
  health: [health: DeviceHealth];
}

/** Every reader is an `EventEmitter` whose event map extends `RfidReaderEvents`. */
export interface RfidReader {
  readonly health: DeviceHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
  inventory(options?: { timeoutMs?: number }): Promise<TagRead[]>;
}

export interface TagEncoder extends RfidReader {
  /**
   * Writes `newEpc` to the one tag on the pad (or the tag now holding `currentEpc`) and reads it
   * back. Fails with `LOUPE_E_RFID_NO_TAG`, `LOUPE_E_RFID_MULTIPLE_TAGS`,
   * `LOUPE_E_RFID_WRITE_FAILED` or `LOUPE_E_RFID_VERIFY_FAILED` (the tag must not be used).
   */
  writeEpc(request: { newEpc: string; currentEpc?: string }): Promise<{ previousEpc: string; epc: string }>;
}
