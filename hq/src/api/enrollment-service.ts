/**
 * Pairing a till with HQ. The till, with no certificate yet, asks HQ's HTTPS API for a pairing
 * code with its CSR (`request`) and gets the code and a secret poll id; it prints the code. A
 * person at HQ enters the code with the store (`approve`): HQ's CA signs CN = device id, the code
 * is used up, and the till's next `poll` returns its certificate, store, broker and CA. Codes are
 * single use, expire (`codeTtlSeconds`) and only one per till counts (a new request supersedes
 * the old). `revoke` shuts a till out: its certificates go on the CRL the broker reloads.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hashFirstManagerCode } from '../../../runtime/src/wire/first-manager-code.ts';
import { checkDeviceRequest, type DeviceCa } from '../ca/device-ca.ts';
import { HqError } from '../errors.ts';
import type { EnrollmentResult, EnrollmentStore } from './enrollment-store.ts';

/** No 0/O, 1/I: the code is read off a slip and typed. 32 symbols × 8 = 40 bits. */
export const PAIRING_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
/** 10 symbols = 50 bits: typed once by the store's manager at the counter. */
export const FIRST_MANAGER_CODE_LENGTH = 10;
/** As the till's settings allow (runtime/src/config/settings-schema.ts, device.id). */
const DEVICE_ID = /^pos-[a-z0-9-]{3,32}$/;
const STORE_ID = /^[A-Za-z0-9_-]{1,32}$/;

export interface EnrollmentSettings {
  /** The broker URL handed to every enrolled till, e.g. mqtts://hq.example.com:8883. */
  brokerUrl: string;
  codeTtlSeconds: number;
  certificateDays: number;
}

export interface EnrollmentContext {
  store: EnrollmentStore;
  ca: DeviceCa;
  settings: EnrollmentSettings;
  now: () => Date;
  /** Called after the CRL file changed (e.g. to SIGHUP the broker). */
  onCrlWritten?: (file: string) => Promise<void> | void;
}

export type PollAnswer = { state: 'pending'; expiresAt: string } | ({ state: 'approved' } & EnrollmentResult);

export class EnrollmentService {
  readonly #ctx: EnrollmentContext;

  constructor(ctx: EnrollmentContext) {
    this.#ctx = ctx;
  }

  async start(): Promise<void> {
    await this.#ctx.store.migrate();
    // The CRL is valid for a month: rewrite it at every start, so a running HQ keeps it fresh.
    await this.#writeCrl();
  }

  async request(input: { deviceId: string; csr: string }): Promise<{ requestId: string; pairingCode: string; expiresAt: string }> {
    const deviceId = input.deviceId.toLowerCase();
    if (!DEVICE_ID.test(deviceId)) throw new HqError('HQ_E_API_VALIDATION', { fields: [{ path: 'body.deviceId', problem: 'must be pos- and 3–32 lowercase letters, digits and -' }] });
    await checkDeviceRequest(input.csr);
    const now = this.#ctx.now();
    const requestId = randomBytes(32).toString('base64url');
    const pairingCode = newCode(PAIRING_CODE_LENGTH);
    const expiresAt = new Date(now.getTime() + this.#ctx.settings.codeTtlSeconds * 1000);
    await this.#ctx.store.addRequest({ pollHash: sha256(requestId), codeHash: sha256(pairingCode), deviceId, csr: input.csr, now, expiresAt });
    return { requestId, pairingCode: formatCode(pairingCode), expiresAt: expiresAt.toISOString() };
  }

  async poll(requestId: string): Promise<PollAnswer> {
    const row = await this.#ctx.store.byPoll(sha256(requestId));
    if (!row || row.state === 'superseded') throw new HqError('HQ_E_ENROLL_REQUEST_UNKNOWN');
    if (row.state === 'approved' && row.result) return { state: 'approved', ...row.result };
    if (row.expires_at.getTime() <= this.#ctx.now().getTime()) throw new HqError('HQ_E_ENROLL_CODE_EXPIRED', { expiredAt: row.expires_at.toISOString() });
    return { state: 'pending', expiresAt: row.expires_at.toISOString() };
  }

  /**
   * Uses the code once. `replaces`: this box takes over an enrolled till's device id, whose
   * certificates are revoked. Answers the till's result and, in clear for the person at HQ only,
   * the one-time code that creates the till's first manager at the counter (no default PIN).
   */
  async approve(input: { code: string; storeId: string; replaces?: string }): Promise<EnrollmentResult & { firstManagerCode: string }> {
    if (!STORE_ID.test(input.storeId)) throw new HqError('HQ_E_ENROLL_STORE_INVALID', { storeId: input.storeId });
    const { store, ca, settings } = this.#ctx;
    const now = this.#ctx.now();
    let revoked = 0;
    const firstManagerCode = formatManagerCode(newCode(FIRST_MANAGER_CODE_LENGTH));
    const firstManager = hashFirstManagerCode(firstManagerCode);
    const outcome = await store.approve(sha256(normalizeCode(input.code)), now, async (request, client) => {
      const deviceId = input.replaces ?? request.device_id;
      if (input.replaces !== undefined) {
        if (!(await store.known(input.replaces, client))) throw new HqError('HQ_E_ENROLL_DEVICE_UNKNOWN', { deviceId: input.replaces });
        revoked = await store.revoke(input.replaces, now, client);
      } else if (await store.known(deviceId, client)) {
        throw new HqError('HQ_E_ENROLL_DEVICE_TAKEN', { deviceId });
      }
      const issued = await ca.signDevice(request.csr, deviceId, { now, days: settings.certificateDays });
      return {
        result: { deviceId, storeId: input.storeId, brokerUrl: settings.brokerUrl, certificate: issued.pem, caCertificate: ca.pem, firstManager },
        certificate: { serial: issued.serial, storeId: input.storeId, notAfter: issued.notAfter },
      };
    });
    if (outcome.found !== 'approved') throw new HqError(outcome.found === 'none' ? 'HQ_E_ENROLL_CODE_UNKNOWN' : 'HQ_E_ENROLL_CODE_EXPIRED');
    if (revoked > 0) await this.#writeCrl();
    return { ...outcome.result, firstManagerCode };
  }

  /** Revokes every certificate of the till and rewrites the CRL; returns how many were revoked. */
  async revoke(deviceId: string): Promise<{ deviceId: string; revoked: number }> {
    const { store } = this.#ctx;
    if (!(await store.known(deviceId))) throw new HqError('HQ_E_ENROLL_DEVICE_UNKNOWN', { deviceId });
    const revoked = await store.revoke(deviceId, this.#ctx.now());
    await this.#writeCrl();
    return { deviceId, revoked };
  }

  async #writeCrl(): Promise<void> {
    const now = this.#ctx.now();
    const file = await this.#ctx.ca.writeCrl(await this.#ctx.store.revoked(now), now);
    await this.#ctx.onCrlWritten?.(file);
  }
}

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

function formatCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function newCode(length: number): string {
  return Array.from({ length }, () => PAIRING_ALPHABET[randomInt(PAIRING_ALPHABET.length)]).join('');
}

function formatManagerCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
