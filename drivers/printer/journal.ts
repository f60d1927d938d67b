/**
 * Which print jobs have gone out. A job id is claimed before a byte is sent, so a retry of the
 * same job (the clerk taps twice, the runtime retries after a crash) never prints a second
 * original; a deliberate reprint says COPY. The runtime backs this with its ledger; the memory
 * journal serves tests and the demo.
 */
import type { Receipt } from './receipt.ts';

/** `printing`: claimed, bytes on their way. `uncertain`: the link failed mid-job or paper ran out. */
export type JobState = 'printing' | 'printed' | 'uncertain';

export interface JournalEntry {
  receipt: Receipt;
  state: JobState;
  copies: number;
}

export interface PrintJournal {
  /** Claims `id` for a first print: true if it was free, false if it was claimed before. */
  claim(id: string, receipt: Receipt): Promise<boolean>;
  /** Records how a claimed job ended; `released` frees the id (nothing reached the printer). */
  settle(id: string, outcome: JobState | 'released'): Promise<void>;
  /** Counts a reprint. */
  recordCopy(id: string): Promise<void>;
  get(id: string): Promise<JournalEntry | undefined>;
}

export class MemoryPrintJournal implements PrintJournal {
  readonly #entries = new Map<string, JournalEntry>();

  async claim(id: string, receipt: Receipt): Promise<boolean> {
    if (this.#entries.has(id)) return false;
    this.#entries.set(id, { receipt, state: 'printing', copies: 0 });
    return true;
  }

  async settle(id: string, outcome: JobState | 'released'): Promise<void> {
    const entry = this.#entries.get(id);
    if (!entry) return;
    if (outcome === 'released') this.#entries.delete(id);
    else entry.state = outcome;
  }

  async recordCopy(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry) entry.copies += 1;
  }

  async get(id: string): Promise<JournalEntry | undefined> {
    const entry = this.#entries.get(id);
    return entry ? { ...entry } : undefined;
  }
}
