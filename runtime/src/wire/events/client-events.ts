/**
 * Payloads of clienteling (`sales` stream, one on `audit`): the client's record for HQ's client
 * book, appointments, identity checks and reveals, merges, outreach, points and tier, export and
 * erasure. Events keyed `client:{clientId}…` are rewritten to `ErasedClientEvent` when the client
 * is erased, so their schema admits that form too.
 */
import { Type } from 'typebox';
import { CONSENT_CHANNELS } from '../../domain/clients.ts';
import { TIERS } from '../../domain/tiers.ts';
import { StringEnum } from '../schema-kit.ts';
import { ClientDetails, OutreachEntry } from '../clients.ts';
import { CLOSED, ErasedClientEvent } from './event-parts.ts';

const Consent = Type.Object({ granted: Type.Boolean(), at: Type.String(), by: Type.String() }, CLOSED);

/** The client's details and consents (personal data: HQ's client book, for messaging); never the notes. */
export const ClientRecorded = Type.Union([
  Type.Object(
    {
      clientId: Type.String(),
      ...ClientDetails.properties,
      consents: Type.Object(Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, Type.Optional(Consent)])), CLOSED),
    },
    CLOSED,
  ),
  ErasedClientEvent,
]);

export const ClientAppointmentBooked = Type.Union([
  Type.Object(
    { clientId: Type.String(), appointmentId: Type.String(), at: Type.String(), staffId: Type.String(), purpose: Type.String(), pieces: Type.Array(Type.String({ description: 'Stock numbers to have ready' })) },
    CLOSED,
  ),
  ErasedClientEvent,
]);

/** Which identity fields were checked, by whom, when (no values). */
export const ClientIdentified = Type.Union([
  Type.Object({ clientId: Type.String(), fields: Type.Array(Type.String()), verifiedBy: Type.String(), verifiedAt: Type.String() }, CLOSED),
  ErasedClientEvent,
]);

/** Who revealed which identity numbers of which client, and why; never the values. */
export const ClientIdentityRevealed = Type.Union([
  Type.Object({ clientId: Type.String(), fields: Type.Array(Type.String()), revealedBy: Type.String(), reason: Type.String() }, CLOSED),
  ErasedClientEvent,
]);

/** A duplicate folded into the client, history and all. */
export const ClientMerged = Type.Union([Type.Object({ clientId: Type.String(), mergedClientId: Type.String() }, CLOSED), ErasedClientEvent]);

/** One entry of the outreach list for HQ to send. */
export const ClientOutreachRequested = Type.Union([Type.Object(OutreachEntry.properties, CLOSED), ErasedClientEvent]);

/** The client ids erased and how many audit snapshots and outbox events were scrubbed; no personal data. */
export const ClientErased = Type.Object({ clientIds: Type.Array(Type.String()), auditSnapshots: Type.Integer(), outboxEvents: Type.Integer() }, CLOSED);

export const ClientExported = Type.Object({ clientId: Type.String(), at: Type.String() }, CLOSED);

/** Points after a sale (earned, redeemed, expired) or after a refund (reversed, restored), and the balance. */
export const ClientPointsChanged = Type.Union([
  Type.Object({ clientId: Type.String(), saleId: Type.String(), earned: Type.Integer(), redeemed: Type.Integer(), expired: Type.Integer(), balance: Type.Integer() }, CLOSED),
  Type.Object({ clientId: Type.String(), saleId: Type.String(), reversed: Type.Integer(), restored: Type.Integer(), balance: Type.Integer() }, CLOSED),
]);

export const ClientTierChanged = Type.Object(
  { clientId: Type.String(), from: StringEnum(TIERS), to: StringEnum(TIERS), rollingSpendMinor: Type.Integer() },
  CLOSED,
);
