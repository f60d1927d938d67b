/**
 * Card payments at the terminal, durable from the first moment: the request is in the ledger
 * before the terminal is asked, the outcome the moment it is known, each through `Ledger.write`
 * with its audit entry and HQ event. A payment the terminal approved ends either captured by a
 * completed sale (in the sale's own transaction) or reversed at the terminal, and recorded so.
 *
 * On start, every payment still open (the appliance stopped between asking the terminal and
 * completing the sale: a crash, a power cut) is settled by asking the terminal what became of it
 * and reversing what it approved. Reversal, not resuming the sale: the cart lived in memory and
 * the client may be gone, so the sale cannot be known to be wanted; the money goes back to the
 * card by itself and the clerk, seeing the recovered payment, takes the card again if the client
 * is still there. A payment the terminal cannot settle yet stays open, listed, and is asked again.
 */
import { SYSTEM_ACTOR, type Actor } from '../../domain/actor.ts';
import type { PaymentOutcome, PaymentTerminal } from '../../../../drivers/index.ts';
import type { Logger } from '../../logger.ts';
import type { Ledger } from '../../store/ledger.ts';
import {
  findCardPayment,
  findCardPaymentByTerminalRef,
  insertCardPayment,
  listCardPayments,
  markApproved,
  markSettled,
  nextServiceId,
  OPEN_STATES,
  type CardPayment,
  type CardPaymentState,
} from '../../store/payments.ts';

export interface CardPaymentsContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  terminal: PaymentTerminal;
  log: Logger;
  /** How often payments left open by an earlier run are asked about again. */
  retryMs?: number;
}

export interface CardPaymentAsk {
  purpose: 'sale';
  /** What the money is for: the cart's id for a sale. */
  purposeRef: string;
  /** Our nexo SaleTransactionID. */
  transactionId: string;
  amountMinor: number;
  currency: string;
}

export class CardPayments {
  readonly #ctx: CardPaymentsContext;
  /** Payments open when this run started: no cart of this run holds them. */
  readonly #orphans = new Set<string>();
  /** Payments this run's start-up recovery settled: what the counter must tell the clerk. */
  readonly #recovered = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #settling: Promise<void> = Promise.resolve();
  #stopped = false;

  constructor(ctx: CardPaymentsContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    for (const payment of listCardPayments(this.#ctx.ledger.db, OPEN_STATES, 10_000)) this.#orphans.add(payment.id);
    if (this.#orphans.size === 0) return;
    this.#ctx.log.warn({ open: this.#orphans.size }, 'card payments left open by the last run: settling them with the terminal');
    // Not awaited: start-up does not wait for the terminal.
    this.#settleOrphans();
    this.#timer = setInterval(() => this.#settleOrphans(), this.#ctx.retryMs ?? 30_000);
    this.#timer.unref();
  }

  /** Does not wait for a terminal that may take seconds to answer: what is not settled yet is settled on the next start. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#stopped = true;
  }

  /**
   * Card payments, newest first: all, those still `open` (the terminal may hold money for them
   * without a completed sale), or those this run's start-up `recovered` (settled after the restart).
   */
  list(show: 'all' | 'open' | 'recovered', limit = 100): CardPayment[] {
    const payments = listCardPayments(this.#ctx.ledger.db, show === 'open' ? OPEN_STATES : null, show === 'recovered' ? Math.max(limit, this.#recovered.size) : limit);
    return show === 'recovered' ? payments.filter((payment) => this.#recovered.has(payment.id)).slice(0, limit) : payments;
  }

  /** Asks the terminal for a payment; the ledger knows of it before the terminal does, and of its outcome at once. */
  async authorize(ask: CardPaymentAsk, actor: Actor): Promise<PaymentOutcome> {
    const id = this.#ctx.newId();
    const serviceId = this.#record('requested', id, actor, (db) => {
      const serviceId = nextServiceId(db);
      insertCardPayment(db, { id, serviceId, transactionId: ask.transactionId, purpose: ask.purpose, purposeRef: ask.purposeRef, amountMinor: ask.amountMinor, currency: ask.currency, requestedAt: this.#ctx.now().toISOString(), staffId: actor.staff?.staffId ?? null });
      return serviceId;
    });
    const outcome = await this.#ctx.terminal.authorize({ transactionId: ask.transactionId, serviceId, amountMinor: ask.amountMinor, currency: ask.currency });
    this.#learn(id, outcome, actor, false);
    return outcome;
  }

  /** Asks the terminal to abort the payment in progress under `transactionId`. */
  async cancel(transactionId: string): Promise<void> {
    await this.#ctx.terminal.cancel(transactionId);
  }

  /** Reverses an approved payment at the terminal and records it; false when the terminal did not reverse it. */
  async reverse(terminalRef: string, reason: string, actor: Actor): Promise<boolean> {
    const payment = findCardPaymentByTerminalRef(this.#ctx.ledger.db, terminalRef);
    if (!payment || payment.state !== 'approved') return false;
    return this.#reverse(payment, reason, actor, false);
  }

  async #reverse(payment: CardPayment, reason: string, actor: Actor, recovered: boolean): Promise<boolean> {
    const { reversed } = await this.#ctx.terminal.reverse({ transactionId: payment.terminalRef ?? '', timeStamp: payment.terminalAt ?? '' }, payment.amountMinor, payment.currency).catch((error: Error) => {
      this.#ctx.log.warn({ err: error, payment: payment.id }, 'card reversal not answered');
      return { reversed: false };
    });
    if (reversed) this.#settle(payment.id, 'reversed', reason, actor, recovered);
    return reversed;
  }

  /** Records what the terminal said about a payment. */
  #learn(id: string, outcome: PaymentOutcome, actor: Actor, recovered: boolean): void {
    if (outcome.result === 'approved') {
      this.#record('approved', id, actor, (db) =>
        markApproved(db, id, { terminalRef: outcome.terminalTransactionId, terminalAt: outcome.terminalTimeStamp, approvalCode: outcome.approvalCode, maskedPan: outcome.maskedPan, brand: outcome.brand, at: this.#ctx.now().toISOString() }),
      );
    } else if (outcome.result === 'declined') this.#settle(id, 'declined', outcome.reason, actor, recovered);
    else if (outcome.result === 'cancelled') this.#settle(id, 'cancelled', null, actor, recovered);
    else if (findCardPayment(this.#ctx.ledger.db, id)?.state !== 'unknown') this.#settle(id, 'unknown', outcome.reason, actor, recovered);
  }

  #settle(id: string, state: 'declined' | 'cancelled' | 'unknown' | 'reversed', note: string | null, actor: Actor, recovered: boolean): void {
    this.#record(state, id, actor, (db) => markSettled(db, id, state, this.#ctx.now().toISOString(), note, recovered));
  }

  /** One audited command on a payment: its row changed, the audit entry, and the HQ event with the row as it now is. */
  #record<T>(event: Exclude<CardPaymentState, 'captured'>, id: string, actor: Actor, change: (db: Ledger['db']) => T): T {
    return this.#ctx.ledger.write({ action: `payment.${event}`, actor, target: `payment:${id}` }, (db) => {
      const result = change(db);
      const payment = findCardPayment(db, id);
      if (!payment) throw new Error(`card payment ${id} is missing`);
      // The card only by brand and masked number, as the terminal gave them.
      const payload = { ...payment };
      return { result, after: payload, events: [{ stream: 'sales', type: `card_payment.${event}`, schemaVersion: 1, businessKey: `payment:${id}`, payload }] };
    }).result;
  }

  /** Settles each payment an earlier run left open; one pass at a time. */
  #settleOrphans(): void {
    this.#settling = this.#settling.then(async () => {
      for (const id of [...this.#orphans]) {
        if (this.#stopped) return;
        try {
          if (await this.#settleOrphan(id)) {
            this.#orphans.delete(id);
            this.#recovered.add(id);
          }
        } catch (error) {
          this.#ctx.log.error({ err: error, payment: id }, 'settling a card payment failed; will try again');
        }
      }
      if (this.#orphans.size === 0) clearInterval(this.#timer);
    });
  }

  /** True once the payment is in a final state. */
  async #settleOrphan(id: string): Promise<boolean> {
    let payment = findCardPayment(this.#ctx.ledger.db, id);
    if (!payment) return true;
    if (payment.state === 'requested' || payment.state === 'unknown') {
      const outcome = await this.#ctx.terminal.status({ transactionId: payment.transactionId, serviceId: payment.serviceId, amountMinor: payment.amountMinor, currency: payment.currency });
      this.#learn(id, outcome, SYSTEM_ACTOR, true);
      payment = findCardPayment(this.#ctx.ledger.db, id);
    }
    if (payment?.state === 'approved') {
      const reversed = await this.#reverse(payment, 'the appliance restarted before the sale was completed', SYSTEM_ACTOR, true);
      if (reversed) this.#ctx.log.warn({ payment: id, terminalRef: payment.terminalRef, amountMinor: payment.amountMinor, currency: payment.currency }, 'card payment approved before the restart reversed at the terminal');
      else this.#ctx.log.warn({ payment: id, terminalRef: payment.terminalRef }, 'an approved card payment could not be reversed yet; will try again');
      return reversed;
    }
    return !isOpen(payment?.state);
  }
}

function isOpen(state: CardPaymentState | undefined): boolean {
  return state !== undefined && OPEN_STATES.includes(state);
}

