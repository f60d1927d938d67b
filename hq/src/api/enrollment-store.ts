/**
 * Enrollment in HQ's PostgreSQL: the tills waiting with a pairing code (`enrollment_requests`) and
 * every certificate HQ's CA issued to a till (`device_certificates`), revoked ones included: the
 * CRL is rebuilt from it. Codes and poll ids are stored as SHA-256 only.
 */
import type { Pool, PoolClient } from 'pg';
import type { FirstManagerCodeHash } from '../../../runtime/src/wire/first-manager-code.ts';
import { migrateHq } from '../schema.ts';

export const ENROLLMENT_SCHEMA = `
CREATE TABLE IF NOT EXISTS enrollment_requests (
  poll_hash     text PRIMARY KEY,
  code_hash     text NOT NULL UNIQUE,
  device_id     text NOT NULL,
  csr           text NOT NULL,
  requested_at  timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL,
  state         text NOT NULL CHECK (state IN ('pending', 'approved', 'superseded')),
  decided_at    timestamptz,
  result        jsonb
);
CREATE INDEX IF NOT EXISTS enrollment_requests_device ON enrollment_requests (device_id) WHERE state = 'pending';

CREATE TABLE IF NOT EXISTS device_certificates (
  serial      text PRIMARY KEY,
  device_id   text NOT NULL,
  store_id    text NOT NULL,
  issued_at   timestamptz NOT NULL,
  not_after   timestamptz NOT NULL,
  revoked_at  timestamptz
);
CREATE INDEX IF NOT EXISTS device_certificates_device ON device_certificates (device_id);
`;

export interface EnrollmentRequestRow {
  device_id: string;
  csr: string;
  expires_at: Date;
  state: 'pending' | 'approved' | 'superseded';
  result: EnrollmentResult | null;
}

/** What an approved till receives (and keeps in its identity document). */
export interface EnrollmentResult {
  deviceId: string;
  storeId: string;
  brokerUrl: string;
  certificate: string;
  caCertificate: string;
  /** scrypt of the one-time code that creates the till's first manager at the counter (HQ gives the code to a person). */
  firstManager: FirstManagerCodeHash;
}

export class EnrollmentStore {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  migrate(): Promise<void> {
    return migrateHq(this.#pool, ENROLLMENT_SCHEMA);
  }

  /** A new pending request; the same till's older pending requests (and their codes) stop counting. */
  async addRequest(row: { pollHash: string; codeHash: string; deviceId: string; csr: string; now: Date; expiresAt: Date }): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query("UPDATE enrollment_requests SET state = 'superseded', decided_at = $2 WHERE device_id = $1 AND state = 'pending'", [row.deviceId, row.now]);
      await client.query("INSERT INTO enrollment_requests (poll_hash, code_hash, device_id, csr, requested_at, expires_at, state) VALUES ($1, $2, $3, $4, $5, $6, 'pending')", [
        row.pollHash,
        row.codeHash,
        row.deviceId,
        row.csr,
        row.now,
        row.expiresAt,
      ]);
    });
  }

  async byPoll(pollHash: string): Promise<EnrollmentRequestRow | undefined> {
    const { rows } = await this.#pool.query<EnrollmentRequestRow>('SELECT device_id, csr, expires_at, state, result FROM enrollment_requests WHERE poll_hash = $1', [pollHash]);
    return rows[0];
  }

  /**
   * Uses the code once, in one transaction with everything approval writes: `decide` gets the
   * pending request and returns the result and the certificate to record, or throws (nothing kept).
   */
  async approve(
    codeHash: string,
    now: Date,
    decide: (request: EnrollmentRequestRow, client: PoolClient) => Promise<{ result: EnrollmentResult; certificate: { serial: string; storeId: string; notAfter: Date } }>,
  ): Promise<{ found: 'none' } | { found: 'expired' } | { found: 'approved'; result: EnrollmentResult }> {
    return this.#transaction(async (client) => {
      const { rows } = await client.query<EnrollmentRequestRow>("SELECT device_id, csr, expires_at, state, result FROM enrollment_requests WHERE code_hash = $1 AND state = 'pending' FOR UPDATE", [codeHash]);
      const request = rows[0];
      if (!request) return { found: 'none' as const };
      if (request.expires_at.getTime() <= now.getTime()) return { found: 'expired' as const };
      const { result, certificate } = await decide(request, client);
      await client.query("UPDATE enrollment_requests SET state = 'approved', decided_at = $2, result = $3 WHERE code_hash = $1", [codeHash, now, result]);
      await client.query('INSERT INTO device_certificates (serial, device_id, store_id, issued_at, not_after) VALUES ($1, $2, $3, $4, $5)', [certificate.serial, result.deviceId, certificate.storeId, now, certificate.notAfter]);
      return { found: 'approved' as const, result };
    });
  }

  /** Whether HQ ever issued a certificate to this device id. */
  async known(deviceId: string, client: PoolClient | Pool = this.#pool): Promise<boolean> {
    const { rows } = await client.query('SELECT 1 FROM device_certificates WHERE device_id = $1 LIMIT 1', [deviceId]);
    return rows.length > 0;
  }

  /** Marks every live certificate of the device revoked; returns how many. */
  async revoke(deviceId: string, now: Date, client: PoolClient | Pool = this.#pool): Promise<number> {
    const { rowCount } = await client.query('UPDATE device_certificates SET revoked_at = $2 WHERE device_id = $1 AND revoked_at IS NULL', [deviceId, now]);
    return rowCount ?? 0;
  }

  /** Revoked certificates not yet expired: what the CRL must list. */
  async revoked(now: Date): Promise<{ serial: string; revokedAt: Date }[]> {
    const { rows } = await this.#pool.query<{ serial: string; revoked_at: Date }>('SELECT serial, revoked_at FROM device_certificates WHERE revoked_at IS NOT NULL AND not_after > $1 ORDER BY revoked_at, serial', [now]);
    return rows.map((row) => ({ serial: row.serial, revokedAt: row.revoked_at }));
  }

  async #transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
