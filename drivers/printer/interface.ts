/**
 * The receipt printer contract (ESC/POS; Epson TM-T20/T88 class and compatibles).
 *
 * Obligations:
 * - `print(job)` prints a job id at most once as an original. A second call with the same id
 *   prints nothing and says `already-printed`; `reprint(id)` prints a copy marked COPY.
 * - Before printing, a printer that reports status (TCP, serial, bidirectional USB) is asked with
 *   DLE EOT: paper out, cover open and offline refuse the job with their own codes, and the job
 *   is not used up. A job that fails before a byte left stays unclaimed and may be retried;
 *   a job cut off mid-way (link lost, paper ran out) is `uncertain`: it is not printed again as an
 *   original, the clerk reprints it as COPY (`LOUPE_E_PRINTER_JOB_UNCERTAIN`).
 * - Health carries the printer's conditions (`paper-near-end`, `paper-out`, `cover-open`,
 *   `offline`), refreshed by a status poll.
 * - A request pending when the link drops fails at once with `LOUPE_E_DEVICE_DISCONNECTED`.
 * - The drawer kick is the raw `ESC p m t1 t2`, never node-thermal-printer's `openCashDrawer()`.
 */
import type { DeviceHealth } from '../health.ts';
import type { Receipt } from './receipt.ts';
import type { PrinterStatus } from './status.ts';

export interface PrintJob {
  /** Unique per receipt, e.g. the receipt number; the retry key. */
  id: string;
  receipt: Receipt;
}

export interface PrintResult {
  id: string;
  outcome: 'printed' | 'already-printed';
  copy: boolean;
}

export interface PrinterEvents {
  health: [health: DeviceHealth];
  statusChanged: [status: PrinterStatus];
  jobPrinted: [result: { id: string; copy: boolean; at: number }];
}

/** Every printer driver is an `EventEmitter<PrinterEvents>`. */
export interface ReceiptPrinter {
  readonly health: DeviceHealth;
  start(): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<PrinterStatus>;
  print(job: PrintJob): Promise<PrintResult>;
  reprint(id: string): Promise<PrintResult>;
  /** Pulses the drawer connector (pin 2 or 5). */
  kickDrawer(pulse: { pin: 2 | 5; onMs: number; offMs: number }): Promise<void>;
}
