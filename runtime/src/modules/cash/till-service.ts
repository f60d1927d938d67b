/**
 * The till: opened each morning with a counted float, closed each night with a Z report that
 * counts the cash by denomination against what should be there. Every tender of every sale and
 * refund, cash in/out and no-sale is a movement of the open session, so an X report (mid-day) and
 * the Z report are sums over them. The Z report's slip is queued for the printer with the close.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { Json } from '../../domain/canonical-json.ts';
import { countMismatch, expectedCash, reconcileDrawer, type CashMovements, type CashSection, type DenominationCount, type TenderTotal } from '../../domain/drawer-count.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Receipt } from '../../../../drivers/index.ts';
import { enqueuePrintJob } from '../../store/print-jobs.ts';
import { requestDrawer } from '../../store/drawer-jobs.ts';
import { tillSlip } from '../receipts/slip-content.ts';
import { closeTillSession, insertMovement, insertTillSession, movementTotals, openTillSession, type MovementKind, type TillSession } from '../../store/till.ts';

export interface TillServiceContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  settings: Settings;
}

/** What the till should hold and what went through it, by tender. */
export interface TillReport {
  session: TillSession;
  tenders: { tender: string; currency: string; sales: number; refunds: number; net: number }[];
  /** What moved through the drawer per currency; `expectedCash` is computed from these by the domain rule. */
  cashMovements: { currency: string; movements: CashMovements }[];
  expectedCash: { currency: string; amount: number }[];
  noSales: number;
}

export class TillService {
  readonly #ctx: TillServiceContext;

  constructor(ctx: TillServiceContext) {
    this.#ctx = ctx;
  }

  current(): TillSession {
    const session = openTillSession(this.#ctx.ledger.db);
    if (!session) throw new LoupeError('LOUPE_E_CASH_TILL_CLOSED');
    return session;
  }

  open(floatMinor: number, actor: Actor): TillSession {
    const session: TillSession = { id: this.#ctx.newId(), openedAt: this.#ctx.now().toISOString(), openedBy: staffId(actor), currency: this.#ctx.settings.store.currency, floatMinor };
    return this.#ctx.ledger.write({ action: 'cash.tillOpened', actor, target: `till:${session.id}` }, (db) => {
      if (openTillSession(db)) throw new LoupeError('LOUPE_E_CASH_TILL_OPEN');
      insertTillSession(db, session);
      return { result: session, after: { ...session }, events: [{ stream: 'cash', type: 'cash.till_opened', schemaVersion: 1, payload: { ...session } }] };
    }).result;
  }

  /** Cash put in (change from the bank) or taken out (to the safe, a courier) with a reason. */
  move(kind: 'cash_in' | 'cash_out', amountMinor: number, reason: string, actor: Actor): void {
    this.#record(kind, kind === 'cash_in' ? amountMinor : -amountMinor, reason, actor);
  }

  /** Opens the drawer without a sale; recorded with who and why. */
  noSale(reason: string, actor: Actor): void {
    this.#record('no_sale', 0, reason, actor);
  }

  /** The X report as a printed slip. */
  xSlip(actor: Actor): Receipt {
    return tillSlip('X', this.report(), null, this.#ctx.now().toISOString(), this.#ctx.settings, actor.staff?.name ?? '');
  }

  report(): TillReport {
    const session = this.current();
    const totals = movementTotals(this.#ctx.ledger.db, session.id);
    const tenders = new Map<string, TillReport['tenders'][number]>();
    const none = { openingFloat: 0, cashSales: 0, cashRefunds: 0, cashIn: 0, cashOut: 0 };
    const cash = new Map<string, { -readonly [K in keyof CashMovements]: number }>([[session.currency, { ...none, openingFloat: session.floatMinor }]]);
    for (const row of totals) {
      if (row.tender === 'cash') {
        const drawer = cash.get(row.currency) ?? { ...none };
        // Amounts are signed as they moved: sales and cash in positive, change, refunds and cash out negative.
        if (row.kind === 'sale' || row.kind === 'change') drawer.cashSales += row.total;
        else if (row.kind === 'refund') drawer.cashRefunds -= row.total;
        else if (row.kind === 'cash_in') drawer.cashIn += row.total;
        else if (row.kind === 'cash_out') drawer.cashOut -= row.total;
        cash.set(row.currency, drawer);
      }
      if (row.kind !== 'sale' && row.kind !== 'refund' && row.kind !== 'change') continue;
      const key = `${row.tender}:${row.currency}`;
      const entry = tenders.get(key) ?? { tender: row.tender, currency: row.currency, sales: 0, refunds: 0, net: 0 };
      if (row.kind === 'refund') entry.refunds -= row.total;
      else entry.sales += row.total;
      entry.net = entry.sales - entry.refunds;
      tenders.set(key, entry);
    }
    return {
      session,
      tenders: [...tenders.values()].sort((a, b) => a.tender.localeCompare(b.tender) || a.currency.localeCompare(b.currency)),
      cashMovements: [...cash].map(([currency, movements]) => ({ currency, movements })),
      expectedCash: [...cash].map(([currency, movements]) => ({ currency, amount: expectedCash(movements) })),
      noSales: totals.filter((row) => row.kind === 'no_sale').reduce((sum, row) => sum + row.count, 0),
    };
  }

  /** The Z report: cash counted by denomination per currency, other tenders as settled (card batch). */
  close(counted: Record<string, DenominationCount[]>, settled: Record<string, number>, actor: Actor) {
    const report = this.report();
    const nonCash = report.tenders.filter((tender) => tender.tender !== 'cash');
    const sections = report.cashMovements.map(({ currency }) => currency);
    const mismatch = countMismatch(sections, Object.keys(counted), nonCash.map((tender) => tender.tender), Object.keys(settled));
    if (mismatch) throw new LoupeError('LOUPE_E_CASH_COUNT_INVALID', { ...mismatch, drawer: sections });
    const cash: CashSection[] = report.cashMovements.map(({ currency, movements }) => ({ currency, movements, counted: counted[currency] ?? [] }));
    const tenders: TenderTotal[] = nonCash
      .map((tender) => ({ tender: tender.tender, expected: tender.net, counted: settled[tender.tender] ?? tender.net }));
    const reconciled = reconcileDrawer(cash, tenders);
    if (!reconciled.ok) throw new LoupeError('LOUPE_E_CASH_COUNT_INVALID', { reason: reconciled.reason, currency: reconciled.currency, denomination: reconciled.denomination });
    const zReport = { sessionId: report.session.id, openedAt: report.session.openedAt, closedAt: this.#ctx.now().toISOString(), float: report.session.floatMinor, tenders: report.tenders, cash: [...reconciled.cash], settled: [...reconciled.tenders], noSales: report.noSales };
    this.#ctx.ledger.write({ action: 'cash.tillClosed', actor, target: `till:${report.session.id}` }, (db) => {
      closeTillSession(db, report.session.id, { at: zReport.closedAt, by: staffId(actor), zReport: JSON.stringify(zReport) });
      const slip = tillSlip('Z', report, zReport, zReport.closedAt, this.#ctx.settings, actor.staff?.name ?? '');
      enqueuePrintJob(db, { id: slip.receiptNumber, kind: 'till_report', tillId: report.session.id, page: JSON.stringify(slip), at: zReport.closedAt });
      return { result: undefined, after: zReport as unknown as Json, events: [{ stream: 'cash', type: 'cash.z_report', schemaVersion: 1, payload: zReport }] };
    });
    return zReport;
  }

  #record(kind: Extract<MovementKind, 'cash_in' | 'cash_out' | 'no_sale'>, amount: number, reason: string, actor: Actor): void {
    this.#ctx.ledger.write({ action: `cash.${kind}`, actor, target: 'till', reason }, (db) => {
      const session = openTillSession(db);
      if (!session) throw new LoupeError('LOUPE_E_CASH_TILL_CLOSED');
      const movement = { id: this.#ctx.newId(), sessionId: session.id, at: this.#ctx.now().toISOString(), staffId: staffId(actor), kind, tender: 'cash', currency: session.currency, amount, reason, reference: null };
      insertMovement(db, movement);
      requestDrawer(db, actor, { id: `till-movement:${movement.id}`, why: `${kind.replace('_', ' ')}: ${reason}`, at: movement.at });
      return { result: undefined, after: { ...movement }, events: [{ stream: 'cash', type: `cash.${kind}`, schemaVersion: 1, payload: { ...movement } }] };
    });
  }
}

function staffId(actor: Actor): string {
  if (!actor.staff) throw new Error('a till action needs a signed-in member of staff');
  return actor.staff.staffId;
}
