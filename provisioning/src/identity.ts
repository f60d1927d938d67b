/**
 * The till's provisioning identity: a small lowdb JSON document a technician can read
 * (`<data>/provisioning/identity.json`), beside the device key (0600), its certificate and HQ's
 * CA. It says whether the box is enrolled, and, while it waits, the pairing code it printed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { FirstManagerCodeHash } from '../../runtime/src/wire/first-manager-code.ts';

export const PROVISIONING_DIR = 'provisioning';
export const IDENTITY_FILES = { document: 'identity.json', key: 'device.key', cert: 'device.crt', ca: 'ca.crt' } as const;

export interface PendingEnrollment {
  requestId: string;
  pairingCode: string;
  expiresAt: string;
}

export interface Enrolled {
  storeId: string;
  brokerUrl: string;
  enrolledAt: string;
  /** scrypt of the one-time code from HQ that creates the first manager at the counter. */
  firstManager: FirstManagerCodeHash;
}

export interface IdentityDocument {
  deviceId: string;
  pending?: PendingEnrollment;
  enrolled?: Enrolled;
}

export interface IdentityPaths {
  dir: string;
  key: string;
  cert: string;
  ca: string;
}

export function identityPaths(dataDir: string): IdentityPaths {
  const dir = join(dataDir, PROVISIONING_DIR);
  return { dir, key: join(dir, IDENTITY_FILES.key), cert: join(dir, IDENTITY_FILES.cert), ca: join(dir, IDENTITY_FILES.ca) };
}

/** Opens (or creates, with `deviceId`) the identity document. */
export async function openIdentity(dataDir: string, deviceId: string): Promise<Low<IdentityDocument>> {
  const { dir } = identityPaths(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const document = new Low<IdentityDocument>(new JSONFile<IdentityDocument>(join(dir, IDENTITY_FILES.document)), { deviceId });
  await document.read();
  return document;
}
