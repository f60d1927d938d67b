/**
 * The appliance settings document: one JSON file (`<data>/settings.json`) a technician can read,
 * validated against this schema at start. Every field has a default, so an empty file is valid.
 * Bump SETTINGS_VERSION with a migration in settings-migrations.ts when the shape changes.
 */
import { Type, type Static } from 'typebox';
import { StringEnum } from '../wire/schema-kit.ts';

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

export const SettingsSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, default: SETTINGS_VERSION }),
    store: Store,
    device: Device,
    api: Api,
    security: Security,
    log: Type.Object({ level: StringEnum(LOG_LEVELS, { default: 'info' }) }, { additionalProperties: false, default: {} }),
    demo: Type.Object(
      { seedEmptyLedger: Type.Boolean({ default: true, description: 'Create the demo store when the ledger is empty' }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

export type Settings = Static<typeof SettingsSchema>;
