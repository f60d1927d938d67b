/**
 * The appliance settings document: one JSON file (`<data>/settings.json`) a technician can read,
 * validated against this schema at start. Every field has a default, so an empty file is valid.
 * Bump SETTINGS_VERSION with a migration in settings-migrations.ts when the shape changes.
 */
import { Type, type Static } from 'typebox';
import { StringEnum } from '../wire/schema-kit.ts';
import { DevicesSchema } from './devices-schema.ts';
import { HqLinkSettings } from '../link/settings.ts';

export const SETTINGS_VERSION = 1;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug'] as const;
export const PIN_HASH_COSTS = [14, 15, 16, 17] as const;

const Store = Type.Object(
  {
    id: Type.String({ pattern: '^[0-9]{4}$', default: '0042', description: 'Store number, 4 digits; first part of receipt numbers' }),
    name: Type.String({ minLength: 1, maxLength: 60, default: 'Maison Aurelle', description: 'Name printed on receipts' }),
    timeZone: Type.String({ minLength: 1, default: 'America/New_York', description: 'IANA zone used to show times' }),
    locale: Type.String({ pattern: '^[a-z]{2}(-[A-Z]{2})?$', default: 'en-US', description: 'BCP 47 locale for amounts and dates' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', default: 'USD', description: 'ISO 4217 code of the store currency' }),
    address: Type.Array(Type.String({ maxLength: 48 }), { maxItems: 4, default: ['680 Madison Avenue', 'New York, NY 10065'], description: 'Lines printed under the store name' }),
  },
  { additionalProperties: false, default: {} },
);

const Device = Type.Object(
  {
    id: Type.String({ pattern: '^pos-[a-z0-9-]{3,32}$', default: 'pos-demo01', description: 'Immutable device id; MQTT client id' }),
    number: Type.String({ pattern: '^[0-9]{2}$', default: '01', description: 'Till number in the store; second part of receipt numbers' }),
  },
  { additionalProperties: false, default: {} },
);

const Api = Type.Object(
  {
    host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Address the local API listens on' }),
    port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080, description: 'Port the local API listens on (0: any free port)' }),
  },
  { additionalProperties: false, default: {} },
);

const Lockout = Type.Object(
  {
    attempts: Type.Integer({ minimum: 3, maximum: 10, default: 5, description: 'Wrong PINs in a row before a lock-out' }),
    baseDelaySeconds: Type.Integer({ minimum: 5, maximum: 3600, default: 30, description: 'First lock-out; each next one doubles' }),
    maxDelaySeconds: Type.Integer({ minimum: 60, maximum: 86400, default: 3600, description: 'Longest lock-out' }),
  },
  { additionalProperties: false, default: {} },
);

const Security = Type.Object(
  {
    idleLockSeconds: Type.Integer({ minimum: 15, maximum: 3600, default: 120, description: 'Idle time before the screen locks' }),
    sessionHours: Type.Integer({ minimum: 1, maximum: 24, default: 12, description: 'A sign-in lasts at most this long' }),
    approvalTtlSeconds: Type.Integer({ minimum: 15, maximum: 600, default: 120, description: 'How long a manager approval stays usable' }),
    pinHashCost: StringEnumInt(PIN_HASH_COSTS, 15, 'log2 of the scrypt cost N for PIN hashes'),
    lockout: Lockout,
  },
  { additionalProperties: false, default: {} },
);

function StringEnumInt<const T extends readonly number[]>(values: T, def: T[number], description: string) {
  return Type.Unsafe<T[number]>({ type: 'integer', enum: [...values], default: def, description });
}

const DiscountLimit = Type.Object(
  {
    maxLineBps: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Largest line discount without approval, in basis points (500 = 5 %)' }),
    maxCartBps: Type.Integer({ minimum: 0, maximum: 10_000, description: 'Largest cart discount without approval, in basis points' }),
  },
  { additionalProperties: false },
);

const Selling = Type.Object(
  {
    taxMode: StringEnum(['inclusive', 'exclusive'] as const, { default: 'exclusive', description: 'inclusive: prices include VAT; exclusive: sales tax is added' }),
    taxRates: Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_-]*$' }), Type.Integer({ minimum: 0, maximum: 100_000 }), {
      default: { standard: 8875 },
      description: 'Tax rate per tax class in hundred-thousandths: 8875 = 8.875 %, 20000 = 20 %',
    }),
    taxClassOf: Type.Record(Type.String(), Type.String(), { default: {}, description: 'Tax class per piece category; categories not listed use "standard"' }),
    discountLimits: Type.Record(Type.String(), DiscountLimit, {
      default: { associate: { maxLineBps: 500, maxCartBps: 500 }, senior: { maxLineBps: 1500, maxCartBps: 1000 }, manager: { maxLineBps: 10_000, maxCartBps: 10_000 } },
      description: 'Discounts each role may give without a manager’s approval; roles not listed may give none',
    }),
    returnWindowDays: Type.Integer({ minimum: 0, maximum: 365, default: 30, description: 'Days after the sale a piece may be returned' }),
    cashIncrement: Type.Integer({ minimum: 1, maximum: 100, default: 1, description: 'Smallest coin in minor units for cash rounding (CHF: 5); 1 = no rounding' }),
  },
  { additionalProperties: false, default: {} },
);

const Payment = Type.Object(
  {
    terminalUrl: Type.String({ default: '', description: 'nexo endpoint of the card terminal, e.g. http://192.168.1.40:8443/sync; empty: the built-in simulator' }),
    poiId: Type.String({ minLength: 1, maxLength: 40, default: 'TERM-01', description: 'The terminal’s POI id' }),
    answerTimeoutSeconds: Type.Integer({ minimum: 30, maximum: 600, default: 180, description: 'How long a card payment may wait for the client' }),
  },
  { additionalProperties: false, default: {} },
);

const Stock = Type.Object(
  {
    companyPrefix: Type.String({ pattern: '^[0-9]{6,12}$', default: '0614141', description: 'The chain’s GS1 company prefix: the Loupe piece tags it encodes and recognises (docs/drivers.md)' }),
  },
  { additionalProperties: false, default: {} },
);

const Photos = Type.Object(
  {
    maxBytes: Type.Integer({ minimum: 64 * 1024, maximum: 50 * 1024 * 1024, default: 5 * 1024 * 1024, description: 'Largest photo upload in bytes (the request body limit of the photo route)' }),
    maxSidePx: Type.Integer({ minimum: 64, maximum: 20_000, default: 12_000, description: 'Widest or tallest photo accepted, in pixels' }),
    maxPixels: Type.Integer({ minimum: 4096, maximum: 100_000_000, default: 40_000_000, description: 'Most pixels a photo may have (width × height): 40 MP' }),
  },
  { additionalProperties: false, default: {} },
);

const LargeCash = Type.Object(
  {
    mode: StringEnum(['report', 'cap'] as const, {
      default: 'report',
      description: 'report: cash above the threshold needs the client’s identity and a Form 8300 (US); cap: cash above it is refused (EU AMLR 2027)',
    }),
    thresholdMinor: Type.Integer({ minimum: 1, default: 1_000_000, description: 'Report above (US: 10,000.00) or cap (EU: 10,000.00), in minor units of the store currency; related cash of 24 h adds up' }),
    identifyFromMinor: Type.Integer({ minimum: 1, default: 300_000, description: 'cap mode: from this much cash the client must be identified (EU: 3,000.00)' }),
  },
  { additionalProperties: false, default: {} },
);

const Compliance = Type.Object({ largeCash: LargeCash }, { additionalProperties: false, default: {} });

const Tiers = Type.Object(
  {
    loyalFromMinor: Type.Integer({ minimum: 0, default: 500_000, description: 'Rolling spend from which a client is Loyal (HQ’s settings document, key clients.tiers, wins)' }),
    vipFromMinor: Type.Integer({ minimum: 0, default: 2_500_000, description: 'Rolling spend from which a client is VIP' }),
    windowDays: Type.Integer({ minimum: 30, maximum: 730, default: 365, description: 'Rolling spend is net spend over this many days' }),
    multiplierPct: Type.Object(
      {
        new: Type.Integer({ minimum: 0, maximum: 1000, default: 100 }),
        loyal: Type.Integer({ minimum: 0, maximum: 1000, default: 150 }),
        vip: Type.Integer({ minimum: 0, maximum: 1000, default: 200 }),
      },
      { additionalProperties: false, default: {}, description: 'Loyalty points earned per tier, in percent of the base rate' },
    ),
  },
  { additionalProperties: false, default: {} },
);

const Loyalty = Type.Object(
  {
    minorPerPoint: Type.Integer({ minimum: 1, default: 100, description: 'Spend that earns one point at 100 %, in minor units (100: a point per dollar)' }),
    pointValueMinor: Type.Integer({ minimum: 1, default: 1, description: 'What one point pays, in minor units' }),
    expiryDays: Type.Integer({ minimum: 30, maximum: 3650, default: 730, description: 'Points expire this long after the client last earned or redeemed any' }),
  },
  { additionalProperties: false, default: {} },
);

const Clients = Type.Object({ tiers: Tiers, loyalty: Loyalty }, { additionalProperties: false, default: {} });

/** First boot and enrollment (provisioning/README.md): how a box with no identity reaches HQ. */
const Provisioning = Type.Object(
  {
    hqUrl: Type.String({ default: '', pattern: '^$|^https://', description: 'HQ’s enrollment API, e.g. https://hq.example.com:8443; empty: no enrollment (the box is provisioned by hand)' }),
    caFingerprint: Type.String({ default: '', pattern: '^$|^[0-9A-Fa-f:]{64,95}$', description: 'SHA-256 fingerprint of HQ’s device CA, as `loupe hq ca init` prints it: the only HQ the box trusts' }),
    pollMs: Type.Integer({ minimum: 50, maximum: 600_000, default: 2000, description: 'How often a box waiting to be enrolled asks HQ whether its pairing code was entered' }),
  },
  { additionalProperties: false, default: {} },
);

export const SettingsSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, default: SETTINGS_VERSION }),
    store: Store,
    device: Device,
    api: Api,
    security: Security,
    selling: Selling,
    payment: Payment,
    stock: Stock,
    photos: Photos,
    clients: Clients,
    compliance: Compliance,
    devices: DevicesSchema,
    hq: HqLinkSettings,
    provisioning: Provisioning,
    log: Type.Object({ level: StringEnum(LOG_LEVELS, { default: 'info' }) }, { additionalProperties: false, default: {} }),
    demo: Type.Object(
      { seedEmptyLedger: Type.Boolean({ default: true, description: 'Create the demo store when the ledger is empty' }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Settings = Static<typeof SettingsSchema>;
