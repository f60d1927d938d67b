/**
 * Loading the settings document: read `<data>/settings.json` with lowdb (written atomically),
 * migrate it step by step if an older release wrote it (the old file is backed up first), apply
 * the overrides from the command line and environment, fill defaults and validate. A wrong value
 * stops start-up with a message that names the key and the values it may take.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { LoupeError } from '../errors.ts';
import { CURRENCY_EXPONENTS, isCurrency } from '../domain/money.ts';
import { SETTINGS_VERSION, SettingsSchema, type Settings } from './settings-schema.ts';

export const SETTINGS_FILE = 'settings.json';

type Document = Record<string, unknown>;

/** One step of the settings shape: turns a version `from` document into a version `from + 1` one. */
export interface SettingsMigration {
  from: number;
  migrate(doc: Document): Document;
}

/** The steps from each released settings version to the next. Version 1 is the first release. */
export const SETTINGS_MIGRATIONS: readonly SettingsMigration[] = [];

/** Values that win over the file for this run only (command line, then environment); never written back. */
export interface SettingsOverrides {
  apiPort?: number;
  apiHost?: string;
  logLevel?: string;
}

export interface SettingsHistory {
  currentVersion: number;
  migrations: readonly SettingsMigration[];
}

const ajv = new Ajv({ allErrors: true, useDefaults: true, verbose: true, strict: false });
const validateSettings = ajv.compile<Settings>(SettingsSchema);

export async function loadSettings(
  dataDir: string,
  overrides: SettingsOverrides = {},
  history: SettingsHistory = { currentVersion: SETTINGS_VERSION, migrations: SETTINGS_MIGRATIONS },
): Promise<Settings> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, SETTINGS_FILE);
  const file = new Low<Document>(new JSONFile<Document>(path), {});
  try {
    await file.read();
  } catch (error) {
    throw new LoupeError('LOUPE_E_SETTINGS_INVALID', { file: path }, `${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof file.data !== 'object' || file.data === null || Array.isArray(file.data)) {
    throw new LoupeError('LOUPE_E_SETTINGS_INVALID', { file: path }, `${path} must hold a JSON object`);
  }
  const isNew = Object.keys(file.data).length === 0;
  const version = isNew ? history.currentVersion : file.data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw invalid('version', 'a whole number from 1', version);
  }
  if (version > history.currentVersion) {
    throw new LoupeError('LOUPE_E_SETTINGS_TOO_NEW', { version, supported: history.currentVersion });
  }
  if (isNew) {
    file.data = { version: history.currentVersion };
    await file.write();
  } else if (version < history.currentVersion) {
    await copyFile(path, join(dataDir, `settings.v${version}.backup.json`));
    file.data = migrate(file.data, version, history);
    await file.write();
  }
  return validated(withOverrides(structuredClone(file.data), overrides));
}

function migrate(doc: Document, version: number, history: SettingsHistory): Document {
  let current = doc;
  for (let from = version; from < history.currentVersion; from += 1) {
    const step = history.migrations.find((migration) => migration.from === from);
    if (!step) throw new LoupeError('LOUPE_E_SETTINGS_INVALID', { version: from }, `no migration from settings version ${from}`);
    current = { ...step.migrate(current), version: from + 1 };
  }
  return current;
}

function withOverrides(doc: Document, overrides: SettingsOverrides): Document {
  const section = (key: string): Document => {
    const value = doc[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Document;
    const created: Document = {};
    doc[key] = created;
    return created;
  };
  if (overrides.apiPort !== undefined) section('api').port = overrides.apiPort;
  if (overrides.apiHost !== undefined) section('api').host = overrides.apiHost;
  if (overrides.logLevel !== undefined) section('log').level = overrides.logLevel;
  return doc;
}

/** Fills defaults, validates, and checks what JSON Schema cannot: a real time zone and currency. */
export function validated(doc: Document): Settings {
  if (!validateSettings(doc)) {
    const problems = (validateSettings.errors ?? []).map(describeError);
    const first = problems[0];
    if (!first) throw new LoupeError('LOUPE_E_SETTINGS_INVALID');
    if (problems.length === 1) throw first;
    throw new LoupeError(
      'LOUPE_E_SETTINGS_INVALID',
      { ...first.details, problems: problems.map((problem) => problem.details) },
      problems.map((problem) => problem.message).join('\n'),
    );
  }
  const settings = doc as unknown as Settings;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: settings.store.timeZone });
  } catch {
    throw invalid('store.timeZone', 'an IANA time zone such as Europe/Paris or America/New_York', settings.store.timeZone);
  }
  if (!isCurrency(settings.store.currency)) {
    throw invalid('store.currency', `an ISO 4217 code Loupe knows: ${Object.keys(CURRENCY_EXPONENTS).join(', ')}`, settings.store.currency);
  }
  return settings;
}

function invalid(key: string, allowed: string, value: unknown): LoupeError {
  return new LoupeError(
    'LOUPE_E_SETTINGS_INVALID',
    { key, allowed, value },
    `Setting ${key} is ${JSON.stringify(value)}; allowed: ${allowed}`,
  );
}

function describeError(error: ErrorObject): LoupeError {
  const key = error.instancePath.split('/').filter(Boolean).join('.');
  if (error.keyword === 'additionalProperties') {
    const extra = String((error.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys((error.parentSchema?.properties ?? {}) as object);
    const full = key ? `${key}.${extra}` : extra;
    return new LoupeError(
      'LOUPE_E_SETTINGS_INVALID',
      { key: full, allowed: known },
      `Setting ${full} is not a known setting; allowed keys here: ${known.join(', ')}`,
    );
  }
  return invalid(key || '(document)', describeAllowed(error.parentSchema ?? {}), error.data);
}

/** Says in words what a schema node allows: "one of debug, info", "a whole number from 3 to 10". */
function describeAllowed(schema: Record<string, unknown>): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.join(', ')}`;
  const { type, minimum, maximum, pattern, minLength, maxLength } = schema as Record<string, number | string | undefined>;
  if (type === 'integer' || type === 'number') {
    const kind = type === 'integer' ? 'a whole number' : 'a number';
    if (minimum !== undefined && maximum !== undefined) return `${kind} from ${minimum} to ${maximum}`;
    if (minimum !== undefined) return `${kind} of at least ${minimum}`;
    return kind;
  }
  if (type === 'string') {
    if (pattern !== undefined) return `text matching ${pattern}`;
    if (minLength !== undefined && maxLength !== undefined) return `text of ${minLength} to ${maxLength} characters`;
    return 'text';
  }
  if (type === 'boolean') return 'true or false';
  if (type === 'object') return 'an object';
  return JSON.stringify(schema);
}
