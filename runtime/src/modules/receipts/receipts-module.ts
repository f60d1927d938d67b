/**
 * Printing receipts. A completed sale queues its receipt in the sale's own transaction (a refund
 * its slip, a till close its Z report); this module prints queued jobs when it starts, after each
 * of those commands, and whenever the printer comes back
 * (paper in, cover shut, link up). The ledger is the printer's journal, so an id prints once as an
 * original, across restarts too; a reprint says COPY; a gift receipt is its own job without prices.
 */
import { isDeviceError, type JobState, type JournalEntry, type PrintJournal, type Receipt, type ReceiptPrinter } from '../../../../drivers/index.ts';
import type { Settings } from '../../config/settings-schema.ts';
import { LoupeError } from '../../errors.ts';
import type { EventBus } from '../../event-bus.ts';
import type { Logger } from '../../logger.ts';
import type { Ledger } from '../../store/ledger.ts';
import { claimPrintJob, countCopy, enqueuePrintJob, findPrintJob, queuedPrintJobs, settlePrintJob, type PrintJobRow } from '../../store/print-jobs.ts';
import { findSaleByReceipt, findSaleDocument, readSaleDocument } from '../../store/sales.ts';
import { findStaffById } from '../../store/staff.ts';
import { receiptContent } from './receipt-content.ts';

export interface ReceiptsModuleContext {
  ledger: Ledger;
  bus: EventBus;
  settings: Settings;
  log: Logger;
  now: () => Date;
  printer: () => ReceiptPrinter | null;
}

/**
 * The print journal the printer driver keeps its promises with, backed by the ledger's print_jobs.
 * Receipts are queued there with their sale, and print once. A page that is not a receipt (a
 * certificate, a test page) has no row and is simply printed: there is no original to protect.
 */
export function ledgerPrintJournal(ledger: Ledger, now: () => Date): PrintJournal {
  const at = () => now().toISOString();
  return {
    claim: async (id: string, receipt: Receipt) => !findPrintJob(ledger.db, id) || claimPrintJob(ledger.db, id, JSON.stringify(receipt), at()),
    settle: async (id: string, outcome: JobState | 'released') => settlePrintJob(ledger.db, id, outcome === 'released' ? 'queued' : outcome, at()),
    recordCopy: async (id: string) => countCopy(ledger.db, id, at()),
    get: async (id: string): Promise<JournalEntry | undefined> => {
      const job = findPrintJob(ledger.db, id);
      if (!job || job.state === 'queued' || !job.receipt) return undefined;
      return { receipt: JSON.parse(job.receipt) as Receipt, state: job.state, copies: job.copies };
    },
  };
}

export class ReceiptsModule {
  readonly #ctx: ReceiptsModuleContext;
  #draining: Promise<void> = Promise.resolve();

  constructor(ctx: ReceiptsModuleContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    const { bus } = this.#ctx;
    // The facts whose commands queue something to print: a sale's receipt (and an exchange's refund slip), a refund slip, the Z report.
    for (const printing of ['saleCompleted', 'saleRefunded', 'cashZReport'] as const) bus.on(this, printing, () => this.drain());
    bus.on(this, 'deviceHealthChanged', (health) => {
      if (health.device === 'receipt-printer' && health.state === 'connected' && !health.conditions.some((c) => c === 'paper-out' || c === 'cover-open' || c === 'offline')) this.drain();
    });
    this.drain();
  }

  async stop(): Promise<void> {
    this.#ctx.bus.removeListeners(this);
    await this.#draining;
  }

  /** Prints every queued job, one at a time; a job the printer cannot take now stays queued. */
  drain(): Promise<void> {
    this.#draining = this.#draining.then(() => this.#printQueued());
    return this.#draining;
  }

  /** Queues a gift receipt (no prices) for a sale; printed like any receipt. */
  printGift(receiptNo: string): Promise<void> {
    const sale = findSaleByReceipt(this.#ctx.ledger.db, receiptNo);
    if (!sale) throw new LoupeError('LOUPE_E_SALE_RECEIPT_NOT_FOUND', { receiptNo });
    enqueuePrintJob(this.#ctx.ledger.db, { id: `${receiptNo}/gift`, saleId: sale.id, kind: 'gift', at: this.#ctx.now().toISOString() });
    return this.drain();
  }

  /** Prints a page that is not a receipt (a certificate of sale) now; a printer problem is the caller's to show. */
  async printPage(id: string, page: Receipt): Promise<void> {
    const printer = this.#ctx.printer();
    if (!printer) throw new LoupeError('LOUPE_E_DEVICE_NOT_FOUND', { device: 'receipt-printer' });
    await printer.print({ id, receipt: page });
  }

  /** Reprints a receipt already printed, marked COPY. */
  async reprint(receiptNo: string): Promise<void> {
    const printer = this.#ctx.printer();
    if (!printer) throw new LoupeError('LOUPE_E_DEVICE_NOT_FOUND', { device: 'receipt-printer' });
    await printer.reprint(receiptNo);
  }

  async #printQueued(): Promise<void> {
    const printer = this.#ctx.printer();
    if (!printer) return;
    for (const job of queuedPrintJobs(this.#ctx.ledger.db)) {
      const receipt = this.#content(job);
      if (!receipt) continue;
      try {
        await printer.print({ id: job.id, receipt });
      } catch (error) {
        // Paper out, cover open, offline, unplugged: the job stays queued for when the printer is back.
        this.#ctx.log.warn({ job: job.id, code: isDeviceError(error) ? error.code : undefined }, 'receipt not printed yet');
        return;
      }
    }
  }

  #content(job: PrintJobRow): Receipt | null {
    if (job.receipt) return JSON.parse(job.receipt) as Receipt;
    const row = job.saleId ? findSaleDocument(this.#ctx.ledger.db, job.saleId) : undefined;
    if (!row) return null;
    const servedBy = findStaffById(this.#ctx.ledger.db, row.staffId)?.name ?? '';
    return receiptContent(readSaleDocument(row.document), this.#ctx.settings, servedBy, { gift: job.kind === 'gift' });
  }
}
