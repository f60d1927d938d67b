/** Stock control: tag pieces at the counter encoder, sweep with the handheld, move pieces. */
import type { Static } from 'typebox';
import type { AccuracyPoint as AccuracyPointSchema, DailyCount as DailyCountSchema, Movement as MovementSchema, OutstandingMovement as OutstandingSchema, SweepProgress as SweepProgressSchema, SweepRow as SweepRowSchema, SweepView as SweepViewSchema, Tagged as TaggedSchema } from '../../../runtime/src/wire/stock.ts';
import { call } from './api.ts';

export type SweepRow = Static<typeof SweepRowSchema>;
export type SweepView = Static<typeof SweepViewSchema>;
export type SweepProgress = Static<typeof SweepProgressSchema>;
export type Reconciliation = NonNullable<SweepView['result']>;
export type PieceLine = Reconciliation['missing'][number];
export type UnexpectedTag = Reconciliation['unexpected'][number];
export type AccuracyPoint = Static<typeof AccuracyPointSchema>;
export type Tagged = Static<typeof TaggedSchema>;
export type Movement = Static<typeof MovementSchema>;
export type OutstandingMovement = Static<typeof OutstandingSchema>;
export type DailyCount = Static<typeof DailyCountSchema>;
export type CorrectionMove = 'toRepair' | 'fromRepair' | 'memoIn' | 'receiveAgain' | 'markMissing' | 'markFound';

const STOCK = '/api/v1/stock';
const piecePath = (pieceId: string, action: string) => `${STOCK}/pieces/${encodeURIComponent(pieceId)}/${action}`;


export const startSweep = (scope: string | null, recountOf?: string) =>
  call<SweepRow>('POST', `${STOCK}/sweeps`, { ...(scope ? { scope } : {}), ...(recountOf ? { recountOf } : {}) });
export const sweepView = (id: string) => call<SweepView>('GET', `${STOCK}/sweeps/${encodeURIComponent(id)}`);
export const listSweeps = (limit = 10) => call<SweepRow[]>('GET', `${STOCK}/sweeps?limit=${limit}`);
export const finishSweep = (id: string) => call<SweepView>('POST', `${STOCK}/sweeps/${encodeURIComponent(id)}/finish`);
export const cancelSweep = (id: string) => call<void>('POST', `${STOCK}/sweeps/${encodeURIComponent(id)}/cancel`);
export const accuracyHistory = (location?: string, limit = 8) =>
  call<AccuracyPoint[]>('GET', `${STOCK}/accuracy?${new URLSearchParams({ limit: String(limit), ...(location ? { location } : {}) })}`);

export const tagPiece = (pieceId: string) => call<Tagged>('POST', piecePath(pieceId, 'tag'));

export const movementsOf = (pieceId: string) => call<Movement[]>('GET', piecePath(pieceId, 'movements'));
export const relocate = (pieceId: string, location: string, reason?: string) => call<Movement>('POST', piecePath(pieceId, 'relocate'), { location, ...(reason ? { reason } : {}) });
export const memoOut = (pieceId: string, party: string, dueBack: string) => call<Movement>('POST', piecePath(pieceId, 'memo-out'), { party, dueBack });
export const memoIn = (pieceId: string, location?: string) => call<Movement>('POST', piecePath(pieceId, 'memo-in'), location ? { location } : {});
export const returnToVendor = (pieceId: string, reason: string) => call<Movement>('POST', piecePath(pieceId, 'return-to-vendor'), { reason });
export const markMissing = (pieceId: string, reason: string, sweepId?: string) => call<Movement>('POST', piecePath(pieceId, 'missing'), { reason, ...(sweepId ? { sweepId } : {}) });
export const markFound = (pieceId: string, location?: string) => call<Movement>('POST', piecePath(pieceId, 'found'), location ? { location } : {});
export const adjust = (pieceId: string, change: { move?: CorrectionMove; location?: string; reason: string }, approval?: string) =>
  call<Movement>('POST', piecePath(pieceId, 'adjust'), change, approval);
export const onMemo = () => call<OutstandingMovement[]>('GET', `${STOCK}/memos`);
export const inTransit = () => call<OutstandingMovement[]>('GET', `${STOCK}/transfers`);
export const sendTransfer = (pieceId: string, toStore: string, reason?: string) => call<Movement>('POST', `${STOCK}/transfers`, { pieceId, toStore, ...(reason ? { reason } : {}) });
export const cancelTransfer = (transferId: string) => call<Movement>('POST', `${STOCK}/transfers/${encodeURIComponent(transferId)}/cancel`);

/** Signs the day's opening or closing count of a showcase from a finished sweep of exactly that showcase. */
export const signCount = (kind: 'opening' | 'closing', showcase: string, sweepId: string, managerNote?: string, approval?: string) =>
  call<DailyCount>('POST', `${STOCK}/counts`, { kind, showcase, sweepId, ...(managerNote ? { managerNote } : {}) }, approval);
export const countsOfToday = () => call<DailyCount[]>('GET', `${STOCK}/counts`);
