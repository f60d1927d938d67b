/**
 * `loupe hq …`, the reference HQ and its operator's tools:
 *
 *   loupe hq --database-url URL --broker URL [--workers N] [--primary]
 *            [--http-port N --ca-dir DIR [--device-broker URL]]     (HQ_ADMIN_TOKEN in the environment)
 *   loupe hq ca init --ca-dir DIR --hosts NAME[,NAME…]   HQ's device CA, its server certificate, an empty CRL
 *   loupe hq ca issue --ca-dir DIR --cn NAME             a key and certificate for one of HQ's ingest workers
 *   loupe hq enroll CODE --store ID [--replaces DEVICE] [--hq-url URL] --ca-dir DIR
 *   loupe hq revoke DEVICE [--hq-url URL] --ca-dir DIR
 *
 * The ingest workers run in this process until SIGTERM/SIGINT (hq/src/run-hq.ts; flags over
 * HQ_DATABASE_URL, HQ_BROKER_URL, HQ_WORKERS, HQ_PRIMARY=1, HQ_HTTP_PORT, HQ_CA_DIR). `enroll` and
 * `revoke` call HQ's HTTPS API (HQ_URL, default https://127.0.0.1:8443) with HQ_ADMIN_TOKEN,
 * trusting only the CA in --ca-dir.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CA_FILES, DeviceCa } from '../../hq/src/ca/device-ca.ts';
import { hqOptionsFromEnv, type HqFlags } from '../../hq/src/hq-options.ts';
import { runHqUntilSignal } from '../../hq/src/run-hq.ts';
import { hqRequest } from '../../provisioning/src/hq-https.ts';

export const HQ_URL_DEFAULT = 'https://127.0.0.1:8443';

export function hq(flags: HqFlags): Promise<number> {
  return runHqUntilSignal(hqOptionsFromEnv(process.env, flags));
}

export async function hqCaInit(caDir: string | undefined, hosts: string | undefined): Promise<number> {
  if (!caDir || !hosts) return fail('usage: loupe hq ca init --ca-dir DIR --hosts NAME[,NAME…]');
  const ca = await DeviceCa.init(caDir, { hosts: hosts.split(',').map((host) => host.trim()).filter(Boolean) });
  process.stdout.write(
    `HQ's device CA is in ${caDir} (${CA_FILES.key} is secret: keep it on HQ only).\n` +
      `Provision every till with:\n  provisioning.caFingerprint = ${ca.fingerprint}\n` +
      `Broker: cafile ${join(caDir, CA_FILES.cert)}, certfile ${join(caDir, CA_FILES.serverCert)}, keyfile ${join(caDir, CA_FILES.serverKey)}, crlfile ${join(caDir, CA_FILES.crl)}\n`,
  );
  return 0;
}

export async function hqCaIssue(caDir: string | undefined, cn: string | undefined): Promise<number> {
  if (!caDir || !cn || !/^[A-Za-z0-9_-]{1,64}$/.test(cn)) return fail('usage: loupe hq ca issue --ca-dir DIR --cn NAME (letters, digits, - and _)');
  const issued = await (await DeviceCa.open(caDir)).issueWithKey(`CN=${cn}`, {});
  writeFileSync(join(caDir, `${cn}.crt`), issued.pem);
  writeFileSync(join(caDir, `${cn}.key`), issued.keyPem, { mode: 0o600 });
  process.stdout.write(`${join(caDir, `${cn}.crt`)} and ${join(caDir, `${cn}.key`)} (CN=${cn}, serial ${issued.serial})\n`);
  return 0;
}

export function hqEnroll(code: string, options: { store?: string; replaces?: string; hqUrl?: string; caDir?: string }): Promise<number> {
  if (!options.store) return Promise.resolve(fail('usage: loupe hq enroll CODE --store ID [--replaces DEVICE] --ca-dir DIR'));
  const body = { code, storeId: options.store, ...(options.replaces ? { replaces: options.replaces } : {}) };
  return callHq(options, '/api/v1/enrollments/approve', body, (answer) =>
      `enrolled ${String(answer.deviceId)} in store ${String(answer.storeId)}; the till connects by itself\n` +
      `first manager code: ${String(answer.firstManagerCode)} (give it to the store's manager: it creates the till's first manager at the counter, once)\n`,
  );
}

export function hqRevoke(deviceId: string, options: { hqUrl?: string; caDir?: string }): Promise<number> {
  return callHq(options, `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`, {}, (answer) => `revoked ${String(answer.revoked)} certificate(s) of ${deviceId}; the CRL is rewritten\n`);
}

async function callHq(options: { hqUrl?: string; caDir?: string }, path: string, body: object, say: (answer: Record<string, unknown>) => string): Promise<number> {
  if (!options.caDir) return fail('--ca-dir DIR is needed: HQ is trusted through its CA certificate');
  const token = process.env.HQ_ADMIN_TOKEN ?? '';
  const ca = readFileSync(join(options.caDir, CA_FILES.cert), 'utf8');
  const answer = await hqRequest(options.hqUrl ?? process.env.HQ_URL ?? HQ_URL_DEFAULT, ca, 'POST', path, body, 10_000, { authorization: `Bearer ${token}` });
  if (answer.status !== 200) {
    const error = answer.body.error as { code: string; message: string; hint?: string } | undefined;
    return fail(`loupe: ${error?.code ?? answer.status}: ${error?.message ?? 'HQ refused'}${error?.hint ? `\n  ${error.hint}` : ''}`);
  }
  process.stdout.write(say(answer.body));
  return 0;
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 2;
}
