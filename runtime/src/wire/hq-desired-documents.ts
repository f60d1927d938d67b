/**
 * Desired documents HQ retains for each appliance on `desired/{doc}` (price list, FX rates, staff,
 * settings, reservations, online interest, a release): the document and the body of each doc.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { ROLES } from '../domain/roles.ts';
import { StringEnum } from './schema-kit.ts';
import { DESIRED_DOCS } from './hq-topics.ts';
import { Currency, Id, StockNo, Timestamp, V1 } from './hq-envelope.ts';

export const PriceListBody = Type.Object(
  {
    currency: Currency,
    prices: Type.Array(Type.Object({ stockNo: StockNo, retailMinor: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), { maxItems: 200_000 }),
  },
  { additionalProperties: false },
);
export const FxBody = Type.Object(
  {
    base: Currency,
    rates: Type.Array(
      Type.Object(
        { quote: Currency, rateE8: Type.Integer({ minimum: 1, description: 'Units of quote per unit of base × 10^8' }), asOf: Timestamp },
        { additionalProperties: false },
      ),
      { maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);
export const StaffBody = Type.Object(
  {
    members: Type.Array(
      Type.Object(
        {
          id: Id,
          code: Type.String({ pattern: '^[0-9]{2,6}$' }),
          name: Type.String({ minLength: 1, maxLength: 60 }),
          role: StringEnum(ROLES),
          active: Type.Boolean(),
          pinHash: Type.Optional(Type.String({ pattern: '^scrypt\\$', maxLength: 200, description: 'PIN hash as the appliance stores it; absent: keep the PIN, or none for a new member' })),
        },
        { additionalProperties: false },
      ),
      { maxItems: 2000 },
    ),
  },
  { additionalProperties: false },
);
export const SettingsBody = Type.Record(Type.String(), Type.Unknown(), {
  description: 'Settings HQ manages for this device: dotted keys under selling, compliance and clients, laid over the settings file (config/hq-settings.ts)',
});
export const ReservationsBody = Type.Object(
  {
    reservations: Type.Array(
      Type.Object(
        {
          id: Id,
          stockNo: StockNo,
          customerRef: Type.String({ minLength: 1, maxLength: 80, description: 'HQ’s reference of the client, never financial data' }),
          holdUntil: Timestamp,
        },
        { additionalProperties: false },
      ),
      { maxItems: 5000 },
    ),
  },
  { additionalProperties: false },
);

/** What clients looked at online (HQ's web shop), for the associate and the recommendations. Replaces the earlier list. */
export const InterestBody = Type.Object(
  {
    interest: Type.Array(
      Type.Object(
        {
          clientId: Id,
          stockNo: Type.Optional(StockNo),
          style: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'A style or collection by name' })),
          viewedAt: Timestamp,
        },
        { additionalProperties: false },
      ),
      { maxItems: 20000 },
    ),
  },
  { additionalProperties: false },
);

/**
 * A release HQ offers this till (canary ring first, then the rest: HQ decides which tills get the
 * document). The till downloads `url` over HTTPS with resume, verifies the bundle's signed manifest
 * against its own release key, and installs it at a quiet moment (firmware/src/release/).
 */
export const ReleaseBody = Type.Object(
  {
    version: Type.String({ pattern: '^\\d{1,6}\\.\\d{1,6}\\.\\d{1,6}$', description: 'The release version, e.g. 1.4.0' }),
    release: Type.Integer({ minimum: 1, description: 'The signed monotonic release number; a till never installs one not above its own' }),
    url: Type.String({ pattern: '^https://', maxLength: 2000, description: "Where HQ's release shelf serves the bundle, with Range" }),
    size: Type.Integer({ minimum: 1, description: 'The bundle size in bytes' }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of the whole bundle file' }),
    ring: Type.String({ minLength: 1, maxLength: 40, description: 'The rollout ring the till is in, e.g. canary or general' }),
  },
  { additionalProperties: false },
);

export const DESIRED_BODIES = {
  pricelist: PriceListBody,
  fx: FxBody,
  staff: StaffBody,
  settings: SettingsBody,
  reservations: ReservationsBody,
  interest: InterestBody,
  release: ReleaseBody,
} as const satisfies Record<(typeof DESIRED_DOCS)[number], TSchema>;

export type PriceListBody = Static<typeof PriceListBody>;
export type FxBody = Static<typeof FxBody>;
export type StaffBody = Static<typeof StaffBody>;
export type SettingsBody = Static<typeof SettingsBody>;
export type ReservationsBody = Static<typeof ReservationsBody>;
export type InterestBody = Static<typeof InterestBody>;
export type ReleaseBody = Static<typeof ReleaseBody>;

/** Retained on `desired/{doc}`: applied only when `version` is newer than the applied one. */
export const DesiredDocument = Type.Object(
  {
    v: V1,
    doc: StringEnum(DESIRED_DOCS),
    version: Type.Integer({ minimum: 1, description: 'Monotonic per device and doc, assigned by HQ' }),
    issuedAt: Timestamp,
    body: Type.Unknown({ description: 'Shape fixed by doc: PriceListBody, FxBody, StaffBody, SettingsBody, ReservationsBody, InterestBody, ReleaseBody' }),
  },
  { additionalProperties: false },
);
export type DesiredDocument = Static<typeof DesiredDocument>;
