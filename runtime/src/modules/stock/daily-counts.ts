/**
 * Daily counts: each showcase is counted at opening and at closing, by RFID (a finished sweep of
 * exactly that showcase) or by hand (a number), and signed by the staff member who counted. A
 * count that does not match is signed only with a manager's note and the manager's approval.
 */
import { LoupeError } from '../../errors.ts';
import type { Actor, StaffRef } from '../../domain/actor.ts';
import { businessDate, manualDiscrepancy, needsManagerNote, sweepDiscrepancy, type CountDiscrepancy, type CountKind } from '../../domain/daily-count.ts';
import { withinScope } from '../../domain/sweep-reconcile.ts';
import type { Ledger } from '../../store/ledger.ts';
import { countedPieces, dailyCountTaken, findSweep, insertDailyCount, listDailyCounts, type DailyCountRow } from '../../store/stock.ts';

export interface DailyCountsContext {
  ledger: Ledger;
  now: () => Date;
  newId: () => string;
  timeZone: string;
}

export interface SignCount {
  kind: CountKind;
  showcase: string;
  sweepId?: string;
  counted?: number;
  managerNote?: string;
}

export class DailyCounts {
  readonly #ctx: DailyCountsContext;

  constructor(ctx: DailyCountsContext) {
    this.#ctx = ctx;
  }

  /** Signs a count as `actor`; `approver` is the manager vouching for a note (vouchedBy 'stock.adjust'). */
  sign(request: SignCount, actor: Actor, approver: StaffRef | null): DailyCountRow {
    if ((request.sweepId === undefined) === (request.counted === undefined)) {
      throw new LoupeError('LOUPE_E_API_VALIDATION', { fields: [{ path: 'body.sweepId', problem: 'give either sweepId (RFID count) or counted (count by hand)' }] });
    }
    const staff = actor.staff;
    if (!staff) throw new LoupeError('LOUPE_E_AUTH_REQUIRED');
    const now = this.#ctx.now();
    const date = businessDate(now, this.#ctx.timeZone);
    const { expected, counted, discrepancy } = this.#figures(request);
    const note = needsManagerNote(discrepancy);
    if (note && !request.managerNote) throw new LoupeError('LOUPE_E_STOCK_COUNT_NOTE_REQUIRED', { shortBy: discrepancy.shortBy, overBy: discrepancy.overBy, short: discrepancy.short.slice(0, 50) });
    if (note && !approver) throw new LoupeError('LOUPE_E_AUTH_APPROVAL_REQUIRED', { permission: 'stock.adjust' });
    const row: DailyCountRow = {
      id: this.#ctx.newId(),
      kind: request.kind,
      showcase: request.showcase,
      businessDate: date,
      sweepId: request.sweepId ?? null,
      expected,
      counted,
      discrepancy,
      countedBy: { staffId: staff.staffId, name: staff.name },
      managerNote: note ? (request.managerNote as string) : null,
      approvedBy: note ? approver : null,
      signedAt: now.toISOString(),
    };
    const audited: Actor = { staff, approver: note && approver && approver.staffId !== staff.staffId ? approver : null };
    this.#ctx.ledger.write({ action: 'count.signed', actor: audited, target: `count:${date}:${request.showcase}:${request.kind}`, reason: row.managerNote }, (db) => {
      if (dailyCountTaken(db, date, request.showcase, request.kind)) throw new LoupeError('LOUPE_E_STOCK_COUNT_TAKEN', { businessDate: date, showcase: request.showcase, kind: request.kind });
      insertDailyCount(db, row);
      const payload = { ...row, discrepancy: { ...row.discrepancy, short: row.discrepancy.short.slice(0, 500), over: row.discrepancy.over.slice(0, 500) } };
      return { result: undefined, after: payload, events: [{ stream: 'stock', type: 'count.signed', schemaVersion: 1, businessKey: `count:${date}:${request.showcase}:${request.kind}`, payload }] };
    });
    return row;
  }

  list(date: string | undefined): DailyCountRow[] {
    return listDailyCounts(this.#ctx.ledger.db, date ?? businessDate(this.#ctx.now(), this.#ctx.timeZone));
  }

  #figures(request: SignCount): { expected: number; counted: number; discrepancy: CountDiscrepancy } {
    const db = this.#ctx.ledger.db;
    if (request.sweepId !== undefined) {
      const found = findSweep(db, request.sweepId);
      if (!found) throw new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_FOUND', { id: request.sweepId });
      const { sweep, result } = found;
      const sameShowcase = sweep.scope !== null && withinScope(sweep.scope, request.showcase) && withinScope(request.showcase, sweep.scope);
      if (!result || !sameShowcase || sweep.recountOf !== null) {
        throw new LoupeError('LOUPE_E_STOCK_COUNT_SWEEP_INVALID', { sweepId: sweep.id, state: sweep.state, scope: sweep.scope, showcase: request.showcase });
      }
      const over = result.unexpected.filter((tag) => tag.reason !== 'foreign_tag').map((tag) => tag.piece?.stockNo ?? tag.epc);
      return { expected: result.overall.expected, counted: result.found.length, discrepancy: sweepDiscrepancy(result.missing.map((piece) => piece.stockNo), over) };
    }
    const expected = countedPieces(db).filter((piece) => piece.status === 'in_stock' && withinScope(piece.location, request.showcase)).length;
    const counted = request.counted as number;
    return { expected, counted, discrepancy: manualDiscrepancy(expected, counted) };
  }
}
