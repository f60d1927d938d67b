/**
 * First boot: a till with no identity asks HQ to enroll it, prints the pairing code HQ gave it,
 * and polls HQ until a person there entered the code. Then it keeps its certificate, HQ's CA, its
 * store and broker in the identity document, and from then on speaks mutual TLS to the broker
 * (`enrolledLink`). HQ is reached over HTTPS pinned to HQ's CA fingerprint (hq-https.ts); the
 * device key never leaves the box. An expired or refused code is replaced by a new one, printed.
 */
import { writeFileSync } from 'node:fs';
import type { Logger } from '../../runtime/src/logger.ts';
import type { Receipt } from '../../drivers/printer/receipt.ts';
import { LoupeError } from '../../runtime/src/errors.ts';
import type { FirstManagerCodeHash } from '../../runtime/src/wire/first-manager-code.ts';
import { certificateRequest, ensureDeviceKey } from './device-key.ts';
import { hqRequest, pinnedCa } from './hq-https.ts';
import { identityPaths, openIdentity, type IdentityDocument, type PendingEnrollment } from './identity.ts';
import { pairingSlip } from './pairing-slip.ts';

const MAX_BACKOFF_MS = 60_000;

export interface EnrollmentOptions {
  dataDir: string;
  /** The device id this box proposes (settings.device.id); HQ may give it another (a replaced till's). */
  deviceId: string;
  hqUrl: string;
  caFingerprint: string;
  pollMs: number;
  /** Prints a slip on the receipt printer; a printer problem is logged, the code stays on screen. */
  print: (id: string, slip: Receipt) => Promise<void>;
  logger: Logger;
}

export type EnrollmentStatus =
  | { state: 'enrolled'; deviceId: string; storeId: string }
  | { state: 'waiting'; deviceId: string; pairingCode: string; expiresAt: string }
  | { state: 'starting' | 'unreachable'; deviceId: string; error: { code: string; message: string } | null };

/** What the HQ link needs once the box is enrolled: who it is and the files for mutual TLS. */
export interface EnrolledLink {
  deviceId: string;
  storeId: string;
  brokerUrl: string;
  tls: { caFile: string; certFile: string; keyFile: string };
  firstManager: FirstManagerCodeHash;
}

/** The enrolled identity in `dataDir`, or null when the box has not been enrolled. */
export async function enrolledLink(dataDir: string): Promise<EnrolledLink | null> {
  const document = await openIdentity(dataDir, '');
  return linkOf(dataDir, document.data);
}

function linkOf(dataDir: string, identity: IdentityDocument): EnrolledLink | null {
  if (!identity.enrolled) return null;
  const paths = identityPaths(dataDir);
  const { storeId, brokerUrl, firstManager } = identity.enrolled;
  return { deviceId: identity.deviceId, storeId, brokerUrl, tls: { caFile: paths.ca, certFile: paths.cert, keyFile: paths.key }, firstManager };
}

export class Enrollment {
  readonly #options: EnrollmentOptions;
  #status: EnrollmentStatus;
  #stopped = false;
  #timer: NodeJS.Timeout | undefined;
  #wake: (() => void) | undefined;

  constructor(options: EnrollmentOptions) {
    this.#options = options;
    this.#status = { state: 'starting', deviceId: options.deviceId, error: null };
  }

  status(): EnrollmentStatus {
    return this.#status;
  }

  /** Runs until the box is enrolled (resolves with its link identity) or `stop()` (resolves null). */
  async run(): Promise<EnrolledLink | null> {
    const { dataDir, deviceId, hqUrl, caFingerprint, pollMs, logger } = this.#options;
    const identity = await openIdentity(dataDir, deviceId);
    const paths = identityPaths(dataDir);
    let ca: string | undefined;
    let failures = 0;
    while (!this.#stopped) {
      const done = linkOf(dataDir, identity.data);
      if (done) {
        this.#status = { state: 'enrolled', deviceId: done.deviceId, storeId: done.storeId };
        return done;
      }
      try {
        ca ??= await pinnedCa(hqUrl, caFingerprint);
        const pending = identity.data.pending ?? (await this.#ask(identity.data, ca));
        // The screen shows the code before the slip is printed: the printer may be slow or out of paper.
        this.#status = { state: 'waiting', deviceId: identity.data.deviceId, pairingCode: pending.pairingCode, expiresAt: pending.expiresAt };
        if (pending !== identity.data.pending) {
          identity.data.pending = pending;
          await identity.write();
          await this.#printSlip(pending);
        }
        failures = 0;
        const answer = await hqRequest(hqUrl, ca, 'GET', `/api/v1/enrollments/${pending.requestId}`);
        if (answer.status === 200 && answer.body.state === 'approved') {
          const result = answer.body as unknown as { deviceId: string; storeId: string; brokerUrl: string; certificate: string; caCertificate: string; firstManager: FirstManagerCodeHash };
          writeFileSync(paths.cert, result.certificate);
          writeFileSync(paths.ca, result.caCertificate);
          identity.data.deviceId = result.deviceId;
          identity.data.enrolled = { storeId: result.storeId, brokerUrl: result.brokerUrl, enrolledAt: new Date().toISOString(), firstManager: result.firstManager };
          delete identity.data.pending;
          await identity.write();
          logger.info({ deviceId: result.deviceId, storeId: result.storeId }, 'enrolled with HQ');
          continue;
        }
        if (answer.status !== 200) {
          // Expired, superseded or unknown at HQ: ask for a new code (printed) at once.
          logger.info({ code: answer.body.error?.code }, 'the pairing code no longer counts at HQ: asking for a new one');
          delete identity.data.pending;
          await identity.write();
          continue;
        }
      } catch (error) {
        const coded = error instanceof LoupeError ? error : new LoupeError('LOUPE_E_PROVISION_HQ_UNREACHABLE', { reason: (error as Error).message });
        if (coded.code === 'LOUPE_E_PROVISION_HQ_UNTRUSTED') ca = undefined;
        this.#status = { state: 'unreachable', deviceId: identity.data.deviceId, error: { code: coded.code, message: coded.message } };
        logger.warn({ code: coded.code, details: coded.details }, 'enrollment: HQ not reached');
        failures += 1;
      }
      // Polling while HQ answers; backing off (to a minute) while it does not or refuses, so a box never hammers HQ's rate limit.
      await this.#sleep(Math.min(pollMs * 2 ** failures, Math.max(pollMs, MAX_BACKOFF_MS)));
    }
    return null;
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#wake?.();
  }

  async #ask(identity: IdentityDocument, ca: string): Promise<PendingEnrollment> {
    const { dataDir, hqUrl } = this.#options;
    const key = ensureDeviceKey(identityPaths(dataDir).key);
    const csr = await certificateRequest(key, identity.deviceId);
    const answer = await hqRequest(hqUrl, ca, 'POST', '/api/v1/enrollments', { deviceId: identity.deviceId, csr });
    if (answer.status !== 201) throw new LoupeError('LOUPE_E_PROVISION_REFUSED', { status: answer.status, code: answer.body.error?.code, reason: answer.body.error?.message });
    return { requestId: String(answer.body.requestId), pairingCode: String(answer.body.pairingCode), expiresAt: String(answer.body.expiresAt) };
  }

  async #printSlip(pending: PendingEnrollment): Promise<void> {
    const { print, hqUrl, logger } = this.#options;
    try {
      await print(`pairing/${pending.pairingCode}`, pairingSlip({ pairingCode: pending.pairingCode, expiresAt: pending.expiresAt, deviceId: this.#status.deviceId, hqUrl }));
    } catch (error) {
      logger.warn({ err: error }, 'the pairing code could not be printed; it is on the screen');
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#wake = resolve;
      this.#timer = setTimeout(resolve, ms);
    });
  }
}
