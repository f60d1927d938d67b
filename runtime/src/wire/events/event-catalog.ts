/**
 * The event catalog: every event type the runtime writes to the outbox, with the stream(s) it
 * travels on, its `schemaVersion` and its payload schema. The outbox's `EventDraft` is built from
 * it, so a writer whose type, stream, version or payload disagree does not type-check; HQ and
 * docs/asyncapi.yaml read the same schemas. A new event type starts here.
 */
import type { Static, TSchema } from 'typebox';
import type { Stream } from '../hq-topics.ts';
import * as audit from './audit-events.ts';
import * as cash from './cash-events.ts';
import * as client from './client-events.ts';
import * as sales from './sales-events.ts';
import * as stock from './stock-events.ts';

export interface EventContract {
  /** The streams it is written to; most types travel on one. */
  readonly streams: readonly Stream[];
  readonly schemaVersion: number;
  readonly payload: TSchema;
}

const on = <const S extends readonly Stream[], P extends TSchema>(streams: S, payload: P) => ({ streams, schemaVersion: 1 as const, payload });

export const EVENT_CONTRACTS = {
  // sales
  'sale.completed': on(['sales'], sales.SaleCompleted),
  'sale.refunded': on(['sales'], sales.SaleRefunded),
  'sale.voided': on(['sales'], sales.SaleVoided),
  'sale.parked': on(['sales'], sales.SaleParked),
  'sale.resumed': on(['sales'], sales.SaleResumed),
  'sale.override_approved': on(['sales'], sales.SaleOverrideApproved),
  'card_payment.requested': on(['sales'], sales.CardPaymentRecorded),
  'card_payment.approved': on(['sales'], sales.CardPaymentRecorded),
  'card_payment.declined': on(['sales'], sales.CardPaymentRecorded),
  'card_payment.cancelled': on(['sales'], sales.CardPaymentRecorded),
  'card_payment.unknown': on(['sales'], sales.CardPaymentRecorded),
  'card_payment.reversed': on(['sales'], sales.CardPaymentRecorded),
  'client.recorded': on(['sales'], client.ClientRecorded),
  'client.appointment_booked': on(['sales'], client.ClientAppointmentBooked),
  'client.identified': on(['sales'], client.ClientIdentified),
  'client.merged': on(['sales'], client.ClientMerged),
  'client.outreach_requested': on(['sales'], client.ClientOutreachRequested),
  'client.erased': on(['sales'], client.ClientErased),
  'client.exported': on(['sales'], client.ClientExported),
  'client.points_changed': on(['sales'], client.ClientPointsChanged),
  'client.tier_changed': on(['sales'], client.ClientTierChanged),
  // stock
  'piece.received': on(['stock'], stock.PieceReceived),
  'piece.repriced': on(['stock'], stock.PieceRepriced),
  'piece.photo_added': on(['stock'], stock.PiecePhotoAdded),
  'piece.tagged': on(['stock'], stock.PieceTagged),
  'catalog.import_empty': on(['stock'], stock.CatalogImportEmpty),
  'bulk.added': on(['stock'], stock.BulkAdded),
  'bulk.received': on(['stock'], stock.BulkQuantityChanged),
  'bulk.counted': on(['stock'], stock.BulkQuantityChanged),
  'sweep.started': on(['stock'], stock.SweepStarted),
  'sweep.finished': on(['stock'], stock.SweepFinished),
  'sweep.cancelled': on(['stock'], stock.SweepEnded),
  'sweep.abandoned': on(['stock'], stock.SweepEnded),
  'count.signed': on(['stock'], stock.CountSigned),
  'piece.relocated': on(['stock'], stock.PieceMoved),
  'memo.out': on(['stock'], stock.PieceMoved),
  'memo.in': on(['stock'], stock.PieceMoved),
  'piece.returned_to_vendor': on(['stock'], stock.PieceMoved),
  'piece.marked_missing': on(['stock'], stock.PieceMoved),
  'piece.marked_found': on(['stock'], stock.PieceMoved),
  'stock.adjusted': on(['stock'], stock.PieceMoved),
  'transfer.sent': on(['stock'], stock.PieceMoved),
  'transfer.cancelled': on(['stock'], stock.PieceMoved),
  'transfer.delivered': on(['stock'], stock.PieceMoved),
  'transfer.received': on(['stock'], stock.PieceMoved),
  // cash
  'cash.till_opened': on(['cash'], cash.TillOpened),
  'cash.cash_in': on(['cash'], cash.CashMoved),
  'cash.cash_out': on(['cash'], cash.CashMoved),
  'cash.no_sale': on(['cash'], cash.CashMoved),
  'cash.drawer_opened': on(['cash'], cash.DrawerEvent),
  'cash.drawer_left_open': on(['cash'], cash.DrawerEvent),
  'cash.z_report': on(['cash'], cash.ZReport),
  'compliance.form8300_due': on(['cash'], cash.Form8300Due),
  'compliance.form8300_filed': on(['cash'], cash.Form8300Filed),
  // audit
  'staff.added': on(['audit'], audit.StaffProfile),
  'staff.updated': on(['audit'], audit.StaffProfile),
  'staff.pin_reset': on(['audit'], audit.StaffProfile),
  'staff.signed_in': on(['audit'], audit.StaffProfile),
  'staff.pin_accepted': on(['audit'], audit.StaffPinAccepted),
  'staff.pin_rejected': on(['audit'], audit.StaffLockout),
  'staff.locked_out': on(['audit'], audit.StaffLockout),
  'client.identity_revealed': on(['audit'], client.ClientIdentityRevealed),
  // The stream follows the document: prices and reservations on stock, interest on sales, the rest on audit.
  'hq.document_applied': on(['stock', 'audit', 'sales'], audit.HqDocumentApplied),
  'hq.command_received': on(['audit'], audit.HqCommandReceived),
  'hq.link_alarm_raised': on(['audit'], audit.HqLinkAlarm),
  'hq.link_alarm_cleared': on(['audit'], audit.HqLinkAlarm),
  'system.backed_up': on(['audit'], audit.SystemBackedUp),
  'release.committed': on(['audit'], audit.ReleaseOutcome),
  'release.rolled_back': on(['audit'], audit.ReleaseOutcome),
  'release.abandoned': on(['audit'], audit.ReleaseOutcome),
} as const satisfies Record<string, EventContract>;

export type EventType = keyof typeof EVENT_CONTRACTS;
export type EventPayload<T extends EventType> = Static<(typeof EVENT_CONTRACTS)[T]['payload']>;
export type EventStream<T extends EventType> = (typeof EVENT_CONTRACTS)[T]['streams'][number];
export type EventSchemaVersion<T extends EventType> = (typeof EVENT_CONTRACTS)[T]['schemaVersion'];

/** Whether `type` is in the catalog. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CONTRACTS, type);
}
