/**
 * The barcode scanner contract: scanners in USB serial (CDC) mode and scanners in keyboard mode
 * read from their own evdev node.
 *
 * Obligations:
 * - One `scanned` event per code, with the terminator (Enter, CR, LF) removed and nothing else
 *   changed; a configured prefix is checked and removed.
 * - A partial code (the link dropped mid-scan, no terminator within the idle limit) is dropped and
 *   counted, never emitted as a code.
 * - In keyboard mode the device is grabbed (EVIOCGRAB) so the keystrokes do not also reach the
 *   kiosk browser; if the grab fails health says `failed` with `LOUPE_E_SCANNER_GRAB_FAILED`.
 * - Unplugging is a health state; the scanner is picked up again when it comes back.
 */
import type { DeviceHealth } from '../health.ts';

export interface Scan {
  code: string;
  source: 'serial' | 'keyboard';
  at: number;
}

export interface ScannerEvents {
  scanned: [scan: Scan];
  health: [health: DeviceHealth];
}

/** Every scanner driver is an `EventEmitter<ScannerEvents>`. */
export interface BarcodeScanner {
  readonly health: DeviceHealth;
  /** Partial or malformed scans dropped so far. */
  readonly dropped: number;
  start(): Promise<void>;
  stop(): Promise<void>;
}
