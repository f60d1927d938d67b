/**
 * Sweeps: counts of the store, a showcase or a tray with RFID handhelds.
 *
 * A sweep names the readers that count for it; every `tagRead` on the bus goes to the open sweep
 * that holds its reader (a reader belongs to one open sweep at a time) and is ignored otherwise.
 * Reads are de-duplicated per reader by the drivers' `Sweep` and merged at the end. Progress
 * (found / expected per location) goes onto the bus as `sweepProgress`, at most every
 * PROGRESS_EVERY_MS. Finishing reconciles against the catalog as it stands then
 * (domain/sweep-reconcile.ts) and records the result in ONE ledger write, with its HQ event.
 *
 * Reads live in memory only: a restart (or crash) mid-sweep loses them, and the sweep is closed
 * as `abandoned` (with its HQ event) when the appliance starts again; the clerk sweeps again.
 */
import { Sweep, type SweptTag } from '../../../../drivers/index.ts';
import { LoupeError } from '../../errors.ts';
import type { Actor } from '../../domain/actor.ts';
import type { PieceStatus } from '../../domain/piece-status.ts';
import { expectedPieces, reconcile, type CountedPiece, type Reconciliation, type SeenTag } from '../../domain/sweep-reconcile.ts';
import type { EventBus } from '../../event-bus.ts';
import type { SweepProgress } from '../../wire/live.ts';
import type { Ledger } from '../../store/ledger.ts';
import type { SweepFinished } from '../../wire/events/stock-events.ts';
import {
  accuracyHistory,
  countedPieces,
  endSweep,
  piecesChangedSince,
  findSweep,
  insertSweep,
  listSweeps,
  openSweepIds,
  retiredEpcs,
  finishSweep as recordFinish,
  type AccuracyPoint,
  type SweepRow,
} from '../../store/stock.ts';
import { SYSTEM_ACTOR } from '../../domain/actor.ts';

export const PROGRESS_EVERY_MS = 250;
/** Lists in the HQ event are cut to this many entries (the counts are always whole). */
export const EVENT_LIST_LIMIT = 500;

export interface SweepsContext {
  ledger: Ledger;
  bus: EventBus;
  now: () => Date;
  newId: () => string;
  /** The RFID readers that can count (bus `tagRead` reader names). */
  readers: () => string[];
  /** Whether an EPC is a Loupe piece tag of this chain. */
  isChainTag: (epc: string) => boolean;
}

interface OpenSweep {
  id: string;
  scope: string | null;
  readers: Set<string>;
  startedAt: Date;
  perReader: Map<string, Sweep>;
  /** The catalog when it began; brought up to date with the pieces written since, when it finishes. */
  catalog: CountedPiece[];
  /** EPC → location of the tagged pieces expected when it began (live progress counts only what a reader can find). */
  expectedByEpc: Map<string, string>;
  expectedAtStart: Set<string>;
  only: Set<string> | null;
  seen: Set<string>;
  found: Map<string, number>;
  expectedPerLocation: Map<string, number>;
  unexpected: number;
  reads: number;
  timer: NodeJS.Timeout | null;
}

export interface StartSweep {
  scope: string | null;
  readers: string[];
  /** A recount of the pieces this finished sweep missed. */
  recountOf?: string;
}

export class Sweeps {
  readonly #ctx: SweepsContext;
  readonly #open = new Map<string, OpenSweep>();

  constructor(ctx: SweepsContext) {
    this.#ctx = ctx;
  }

  /** Closes sweeps a previous run left open (their reads are gone) and listens for reads. */
  async start(): Promise<void> {
    for (const id of openSweepIds(this.#ctx.ledger.db)) this.#end(id, 'abandoned', SYSTEM_ACTOR, 'the appliance restarted during the count; its reads were lost');
    this.#ctx.bus.on(this, 'tagRead', (read) => this.#take(read.reader, read.epc, read.rssi));
  }

  async stop(): Promise<void> {
    this.#ctx.bus.removeListeners(this);
    for (const sweep of this.#open.values()) if (sweep.timer) clearTimeout(sweep.timer);
  }

  begin(request: StartSweep, actor: Actor): SweepRow {
    const known = this.#ctx.readers();
    for (const reader of request.readers) {
      if (!known.includes(reader)) throw new LoupeError('LOUPE_E_STOCK_READER_UNKNOWN', { reader, readers: known });
      const busy = [...this.#open.values()].find((sweep) => sweep.readers.has(reader));
      if (busy) throw new LoupeError('LOUPE_E_STOCK_READER_BUSY', { reader, sweepId: busy.id });
    }
    const db = this.#ctx.ledger.db;
    let scope = request.scope;
    let only: Set<string> | null = null;
    if (request.recountOf) {
      const previous = findSweep(db, request.recountOf);
      if (!previous) throw new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_FOUND', { id: request.recountOf });
      if (!previous.result) throw new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_OPEN', { id: request.recountOf, state: previous.sweep.state, reason: 'only a finished count can be recounted' });
      scope = previous.sweep.scope;
      only = new Set(previous.result.missing.map((piece) => piece.pieceId));
    }
    const catalog = countedPieces(db);
    const expected = expectedPieces(catalog, scope).filter((piece) => !only || only.has(piece.pieceId));
    const tagged = expected.filter((piece) => piece.epc).length;
    const id = this.#ctx.newId();
    const startedAt = this.#ctx.now();
    const row = this.#ctx.ledger.write({ action: 'sweep.started', actor, target: `sweep:${id}` }, (tx) => {
      insertSweep(tx, { id, scope, readers: request.readers, recountOf: request.recountOf ?? null, startedAt: startedAt.toISOString(), startedBy: actor.staff?.staffId ?? null, expected: tagged });
      const payload = { sweepId: id, scope, readers: request.readers, recountOf: request.recountOf ?? null, expected: tagged, startedBy: actor.staff?.name ?? null };
      return { result: (findSweep(tx, id) as { sweep: SweepRow }).sweep, after: payload, events: [{ stream: 'stock', type: 'sweep.started', schemaVersion: 1, businessKey: `sweep:${id}`, payload }] };
    }).result;
    const expectedPerLocation = new Map<string, number>();
    for (const piece of expected) if (piece.epc) expectedPerLocation.set(piece.location, (expectedPerLocation.get(piece.location) ?? 0) + 1);
    this.#open.set(id, {
      id,
      scope,
      readers: new Set(request.readers),
      startedAt,
      catalog,
      perReader: new Map(request.readers.map((reader) => [reader, new Sweep(startedAt.getTime())])),
      expectedByEpc: new Map(expected.filter((piece) => piece.epc).map((piece) => [piece.epc as string, piece.location])),
      expectedAtStart: new Set(expected.map((piece) => piece.pieceId)),
      only,
      seen: new Set(),
      found: new Map(),
      expectedPerLocation,
      unexpected: 0,
      reads: 0,
      timer: null,
    });
    this.#ctx.bus.emit('sweepProgress', this.progress(id));
    return row;
  }

  /** Live counters of an open sweep. */
  progress(id: string): SweepProgress {
    const sweep = this.#open.get(id);
    if (!sweep) throw new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_OPEN', { id });
    let found = 0;
    for (const count of sweep.found.values()) found += count;
    return {
      sweepId: id,
      reads: sweep.reads,
      tags: sweep.seen.size,
      found,
      expected: sweep.expectedByEpc.size,
      unexpected: sweep.unexpected,
      byLocation: [...sweep.expectedPerLocation]
        .map(([location, expected]) => ({ location, expected, found: sweep.found.get(location) ?? 0 }))
        .sort((a, b) => a.location.localeCompare(b.location)),
    };
  }

  /** A sweep: its live counters while open, its reconciliation once finished. */
  view(id: string): { sweep: SweepRow; progress: SweepProgress | null; result: Reconciliation | null } {
    const found = findSweep(this.#ctx.ledger.db, id);
    if (!found) throw new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_FOUND', { id });
    return { ...found, progress: this.#open.has(id) ? this.progress(id) : null };
  }

  list(limit: number): SweepRow[] {
    return listSweeps(this.#ctx.ledger.db, limit);
  }

  /** Accuracy history of finished sweeps (recounts left out): overall, or of one location. */
  accuracy(location: string | undefined, limit: number): AccuracyPoint[] {
    return accuracyHistory(this.#ctx.ledger.db, location, limit);
  }

  /** Reconciles the sweep against the catalog as it stands now and records the result. */
  finish(id: string, actor: Actor): { sweep: SweepRow; result: Reconciliation } {
    const sweep = this.#open.get(id);
    if (!sweep) throw this.#notOpen(id);
    const db = this.#ctx.ledger.db;
    const result = reconcile({
      scope: sweep.scope,
      expectedAtStart: sweep.expectedAtStart,
      pieces: catalogNow(sweep, piecesChangedSince(db, sweep.startedAt.toISOString())),
      retired: retiredEpcs(db),
      seen: merged(sweep),
      isChainTag: this.#ctx.isChainTag,
      ...(sweep.only ? { only: sweep.only } : {}),
    });
    const endedAt = this.#ctx.now().toISOString();
    const row = this.#ctx.ledger.write({ action: 'sweep.finished', actor, target: `sweep:${id}` }, (tx) => {
      if (!recordFinish(tx, id, result, endedAt)) throw this.#notOpen(id);
      const payload = finishedPayload(sweep, result, endedAt);
      return { result: (findSweep(tx, id) as { sweep: SweepRow }).sweep, after: payload, events: [{ stream: 'stock', type: 'sweep.finished', schemaVersion: 1, businessKey: `sweep:${id}`, payload }] };
    }).result;
    this.#forget(id);
    return { sweep: row, result };
  }

  cancel(id: string, actor: Actor): void {
    if (!this.#open.has(id)) throw this.#notOpen(id);
    this.#end(id, 'cancelled', actor, 'cancelled by staff');
  }

  #end(id: string, state: 'cancelled' | 'abandoned', actor: Actor, why: string): void {
    const at = this.#ctx.now().toISOString();
    this.#ctx.ledger.write({ action: `sweep.${state}`, actor, target: `sweep:${id}`, reason: why }, (tx) => {
      if (!endSweep(tx, id, state, at)) throw this.#notOpen(id);
      const payload = { sweepId: id, at, why };
      return { result: undefined, after: payload, events: [{ stream: 'stock', type: `sweep.${state}`, schemaVersion: 1, businessKey: `sweep:${id}`, payload }] };
    });
    this.#forget(id);
  }

  #notOpen(id: string): LoupeError {
    const known = findSweep(this.#ctx.ledger.db, id);
    if (!known) return new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_FOUND', { id });
    return new LoupeError('LOUPE_E_STOCK_SWEEP_NOT_OPEN', { id, state: known.sweep.state });
  }

  #forget(id: string): void {
    const sweep = this.#open.get(id);
    if (sweep?.timer) clearTimeout(sweep.timer);
    this.#open.delete(id);
  }

  #take(reader: string, epc: string, rssi: number | null): void {
    let sweep: OpenSweep | undefined;
    for (const candidate of this.#open.values()) if (candidate.readers.has(reader)) sweep = candidate;
    if (!sweep) return;
    sweep.reads += 1;
    (sweep.perReader.get(reader) as Sweep).add({ epc, rssi, antenna: null, at: this.#ctx.now().getTime() });
    this.#scheduleProgress(sweep);
    if (sweep.seen.has(epc)) return;
    sweep.seen.add(epc);
    const location = sweep.expectedByEpc.get(epc);
    if (location !== undefined) sweep.found.set(location, (sweep.found.get(location) ?? 0) + 1);
    else if (!sweep.only) sweep.unexpected += 1;
  }

  #scheduleProgress(sweep: OpenSweep): void {
    if (sweep.timer) return;
    sweep.timer = setTimeout(() => {
      sweep.timer = null;
      if (this.#open.has(sweep.id)) this.#ctx.bus.emit('sweepProgress', this.progress(sweep.id));
    }, PROGRESS_EVERY_MS);
    sweep.timer.unref();
  }
}

/** The catalog as the sweep began, with the pieces written since in their present state. */
function catalogNow(sweep: OpenSweep, changed: CountedPiece[]): CountedPiece[] {
  if (changed.length === 0) return sweep.catalog;
  const byId = new Map(changed.map((piece) => [piece.pieceId, piece]));
  const pieces = sweep.catalog.map((piece) => {
    const now = byId.get(piece.pieceId);
    if (now) byId.delete(piece.pieceId);
    return now ?? piece;
  });
  return [...pieces, ...byId.values()];
}

/** One entry per EPC over every reader of the sweep. */
function merged(sweep: OpenSweep): SeenTag[] {
  const byEpc = new Map<string, SeenTag>();
  for (const [reader, tally] of sweep.perReader) {
    for (const tag of tally.tags()) {
      const known = byEpc.get(tag.epc);
      if (!known) {
        byEpc.set(tag.epc, { ...tag, readers: [reader] });
        continue;
      }
      mergeInto(known, tag);
      known.readers.push(reader);
    }
  }
  return [...byEpc.values()];
}

function mergeInto(known: SeenTag, tag: SweptTag): void {
  known.reads += tag.reads;
  known.firstSeen = Math.min(known.firstSeen, tag.firstSeen);
  known.lastSeen = Math.max(known.lastSeen, tag.lastSeen);
  if (tag.bestRssi !== null && (known.bestRssi === null || tag.bestRssi > known.bestRssi)) known.bestRssi = tag.bestRssi;
}

/** What HQ hears of a finished sweep: every count and accuracy figure, the lists cut to EVENT_LIST_LIMIT. */
function finishedPayload(sweep: OpenSweep, result: Reconciliation, endedAt: string): SweepFinished {
  const piece = (line: { pieceId: string; stockNo: string; location: string; status: PieceStatus }) => ({ pieceId: line.pieceId, stockNo: line.stockNo, location: line.location, status: line.status });
  return {
    sweepId: sweep.id,
    scope: sweep.scope,
    startedAt: sweep.startedAt.toISOString(),
    endedAt,
    reads: sweep.reads,
    tags: sweep.seen.size,
    counts: {
      expected: result.overall.expected,
      found: result.found.length,
      missing: result.missing.length,
      away: result.away.length,
      untagged: result.untagged.length,
      changed: result.changed.length,
      unexpected: result.unexpected.length,
    },
    accuracyBp: result.overall.accuracyBp,
    byLocation: result.byLocation.map((location) => ({ ...location })),
    missing: result.missing.slice(0, EVENT_LIST_LIMIT).map(piece),
    unexpected: result.unexpected.slice(0, EVENT_LIST_LIMIT).map((tag) => ({ epc: tag.epc, reason: tag.reason, stockNo: tag.piece?.stockNo ?? null })),
  };
}
