/** Wire contract of clienteling: the client profile, identity for large cash, search, outreach. Money in minor units. */
import { Type, type Static } from 'typebox';
import { CONSENT_CHANNELS, LINKED_RELATIONS, MILESTONE_KINDS, OUTREACH_REASONS } from '../domain/clients.ts';
import { TIERS } from '../domain/tiers.ts';
import { Money, PageLimit, StringEnum, Text } from './schema-kit.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Words = (max: number) => Type.Array(Text(40), { maxItems: max, default: [] });

export const ClientParams = Type.Object({ id: Id }, { additionalProperties: false });
export const Form8300Params = Type.Object({ id: Id }, { additionalProperties: false });

export const Address = Type.Object(
  {
    lines: Type.Array(Text(80), { minItems: 1, maxItems: 3 }),
    city: Text(60),
    postalCode: Type.Optional(Text(16)),
    region: Type.Optional(Text(40)),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166 alpha-2' }),
  },
  { additionalProperties: false },
);

const Milestone = Type.Object(
  {
    kind: StringEnum(MILESTONE_KINDS),
    label: Type.Optional(Text(60, { description: 'What it is, for "other": "daughter’s graduation"' })),
    month: Type.Integer({ minimum: 1, maximum: 12 }),
    day: Type.Integer({ minimum: 1, maximum: 31 }),
    year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2100, description: 'Left out when the client did not say' })),
    recurring: Type.Boolean({ default: true }),
  },
  { additionalProperties: false },
);

const WishItem = Type.Object(
  {
    stockNo: Type.Optional(Text(32, { description: 'A piece' })),
    style: Type.Optional(Text(80, { description: 'A style or collection by name: "Aurora Solitaire"' })),
    text: Type.Optional(Text(120, { description: 'Anything else: "½ ct studs"' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** What the associate records and may change; consents, notes and appointments have their own routes. */
export const ClientDetails = Type.Object(
  {
    title: Type.Optional(Text(20)),
    givenName: Text(60),
    familyName: Text(60),
    nickname: Type.Optional(Text(40)),
    phones: Type.Array(Type.Object({ number: Type.String({ pattern: '^\\+?[0-9 ().-]{6,24}$' }), label: Type.Optional(Text(20)), preferred: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { maxItems: 4, default: [] }),
    emails: Type.Array(Type.Object({ address: Type.String({ format: 'email', maxLength: 120 }), preferred: Type.Optional(Type.Boolean()) }, { additionalProperties: false }), { maxItems: 4, default: [] }),
    address: Type.Optional(Address),
    linkedPeople: Type.Array(Type.Object({ relation: StringEnum(LINKED_RELATIONS), name: Text(80), clientId: Type.Optional(Id) }, { additionalProperties: false }), { maxItems: 8, default: [] }),
    sizes: Type.Object(
      {
        rings: Type.Array(Type.Object({ finger: Text(24, { description: 'e.g. left ring, right index' }), size: Text(8, { description: 'as the store measures: 6½, M, 52' }) }, { additionalProperties: false }), { maxItems: 10, default: [] }),
        wrist: Type.Optional(Text(12, { description: 'e.g. 16.5 cm' })),
        neck: Type.Optional(Text(12, { description: 'e.g. 42 cm' })),
      },
      { additionalProperties: false, default: {} },
    ),
    preferences: Type.Object(
      {
        metals: Words(6),
        colours: Words(6),
        stones: Words(8),
        designers: Words(8),
        collections: Words(8),
        styles: Words(8),
        budget: Type.Optional(Type.Object({ minMinor: Money(), maxMinor: Money({ minimum: 1 }) }, { additionalProperties: false })),
      },
      { additionalProperties: false, default: {} },
    ),
    milestones: Type.Array(Milestone, { maxItems: 20, default: [] }),
    wishList: Type.Array(WishItem, { maxItems: 30, default: [] }),
  },
  { additionalProperties: false },
);
export type ClientDetails = Static<typeof ClientDetails>;

export const ConsentBody = Type.Object({ channel: StringEnum(CONSENT_CHANNELS), granted: Type.Boolean() }, { additionalProperties: false });
export const NoteBody = Type.Object({ text: Text(1000) }, { additionalProperties: false });
export const AppointmentBody = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    staffId: Id,
    purpose: Text(200),
    pieces: Type.Array(Text(32, { description: 'Stock numbers to have ready' }), { maxItems: 20, default: [] }),
  },
  { additionalProperties: false },
);
export type AppointmentBody = Static<typeof AppointmentBody>;

export const IDENTITY_DOCUMENTS = ['passport', 'driver_licence', 'national_id', 'residence_permit', 'other_government_id'] as const;
/** Identity for large cash (Form 8300 items 3–14; EU customer due diligence), checked against the document shown. */
export const IdentityBody = Type.Object(
  {
    document: Type.Object({ kind: StringEnum(IDENTITY_DOCUMENTS), issuer: Text(60, { description: 'State or country that issued it' }), number: Text(40) }, { additionalProperties: false }),
    taxpayerId: Type.Optional(Type.String({ pattern: '^[0-9A-Z-]{4,20}$', description: 'SSN or ITIN (US)' })),
    dateOfBirth: Type.String({ format: 'date' }),
    placeOfBirth: Type.Optional(Text(80)),
    nationality: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
    occupation: Type.Optional(Text(80)),
    address: Type.Optional(Address),
  },
  { additionalProperties: false },
);
export type IdentityBody = Static<typeof IdentityBody>;

export const SearchQuery = Type.Object({ q: Type.String({ minLength: 1, maxLength: 80 }), limit: PageLimit(50, 20) }, { additionalProperties: false });
export const OutreachQuery = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 90, default: 14 }), channel: StringEnum(CONSENT_CHANNELS) },
  { additionalProperties: false },
);
export const OutreachExportBody = Type.Object(
  { days: Type.Integer({ minimum: 1, maximum: 90 }), channel: StringEnum(CONSENT_CHANNELS) },
  { additionalProperties: false },
);
export const DayQuery = Type.Object({ date: Type.Optional(Type.String({ format: 'date' })) }, { additionalProperties: false });
export const RevealBody = Type.Object({ reason: Text(200, { description: 'Why the full numbers are needed: "Form 8300 for receipt 0042-01-000123"' }) }, { additionalProperties: false });
export const Revealed = Type.Object({ taxpayerId: Type.Union([Type.String(), Type.Null()]), documentNumber: Type.String() });
export const MergeBody = Type.Object({ duplicateId: Id }, { additionalProperties: false });
export const EraseBody = Type.Object({ reason: Text(200, { description: 'The request it answers: "client’s e-mail of 2026-11-20"' }) }, { additionalProperties: false });
export const AttachClientBody = Type.Object({ clientId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false });
export const FiledBody = Type.Object({ reference: Text(60, { description: 'BSA E-Filing confirmation number' }) }, { additionalProperties: false });

export const ClientSummary = Type.Object({ id: Type.String(), name: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), email: Type.Union([Type.String(), Type.Null()]), tier: StringEnum(TIERS) });
export const SearchResult = Type.Array(ClientSummary);
export const OutreachEntry = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  channel: StringEnum(CONSENT_CHANNELS),
  contact: Type.String(),
  reason: StringEnum(OUTREACH_REASONS),
  detail: Type.String(),
  date: Type.Union([Type.String(), Type.Null()]),
});

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Consent = Type.Object({ granted: Type.Boolean(), at: Type.String(), by: Type.String() });
const Piece = Type.Object({ stockNo: Type.String(), description: Type.String() });

export const Added = Type.Object({ id: Type.String(), duplicates: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) });
export const ClientProfile = Type.Object({
  id: Type.String(),
  name: Type.String(),
  tier: StringEnum(TIERS),
  details: ClientDetails,
  consents: Type.Record(Type.String(), Consent),
  notes: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), authorId: Type.String(), authorName: Type.String(), text: Type.String() })),
  appointments: Type.Array(Type.Object({ id: Type.String(), at: Type.String(), staffId: Type.String(), staffName: Type.String(), purpose: Type.String(), pieces: Type.Array(Type.String()) })),
  identity: Nullable(Type.Object({ fields: Type.Array(Type.String()), verifiedBy: Type.String(), verifiedAt: Type.String() })),
  duplicates: Type.Array(Type.Object({ id: Type.String(), name: Type.String() }), { description: 'Other clients with the same phone or email: merge candidates' }),
  points: Type.Object({ balance: Type.Integer(), expiresAt: Nullable(Type.String()) }),
  figures: Nullable(
    Type.Object(
      {
        lifetimeValueMinor: Type.Integer(),
        rollingSpendMinor: Type.Integer(),
        previousSpendMinor: Type.Integer(),
        purchases: Type.Integer(),
        visits: Type.Integer(),
        averageTicketMinor: Type.Integer(),
        lastPurchaseAt: Nullable(Type.String()),
        trend: StringEnum(['new', 'rising', 'steady', 'falling'] as const),
        tier: StringEnum(TIERS),
        toNextTier: Nullable(Type.Object({ tier: StringEnum(TIERS), minor: Type.Integer() })),
      },
      { description: 'Null for roles without client.figures' },
    ),
  ),
  history: Type.Object({
    purchases: Type.Array(Type.Object({ receiptNo: Type.String(), at: Type.String(), lines: Type.Array(Piece), totalMinor: Nullable(Type.Integer()), refundedMinor: Nullable(Type.Integer()) })),
    returns: Type.Array(Type.Object({ refundNo: Type.String(), receiptNo: Type.String(), at: Type.String(), amountMinor: Nullable(Type.Integer()) })),
  }),
  wishesInStock: Type.Array(Piece),
  onlineInterest: Type.Array(Type.Object({ stockNo: Nullable(Type.String()), style: Nullable(Type.String()), viewedAt: Type.String() }), { description: 'What the client viewed online, pushed by HQ' }),
  recommendations: Type.Array(Type.Object({ stockNo: Type.String(), description: Type.String(), retailMinor: Type.Integer(), reasons: Type.Array(Type.String()) })),
});
export const RisingClient = Type.Object({
  clientId: Type.String(),
  name: Type.String(),
  tier: StringEnum(TIERS),
  rollingSpendMinor: Type.Integer(),
  previousSpendMinor: Type.Integer(),
  nextTier: Nullable(StringEnum(TIERS)),
  toNextTierMinor: Nullable(Type.Integer()),
});
export const Appointment = Type.Object({
  id: Type.String(),
  at: Type.String(),
  clientId: Type.String(),
  clientName: Type.String(),
  staffId: Type.String(),
  staffName: Type.String(),
  purpose: Type.String(),
  pieces: Type.Array(Type.String()),
});
export const Erased = Type.Object({ auditSnapshots: Type.Integer(), outboxEvents: Type.Integer() });
export const ClientExport = Type.Object({}, { additionalProperties: true, description: 'Everything the ledger holds about the client' });
export const Form8300Record = Type.Object({
  id: Type.String(),
  clientId: Type.String(),
  saleId: Type.String(),
  createdAt: Type.String(),
  fileBy: Type.String(),
  totalCashMinor: Type.Integer(),
  currency: Type.String(),
  filedAt: Nullable(Type.String()),
  filingReference: Nullable(Type.String()),
  record: Type.Object({}, { additionalProperties: true, description: 'Every field Form 8300 asks for: client, sale, cash by instrument, prior payments' }),
});
