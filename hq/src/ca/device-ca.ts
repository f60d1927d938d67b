/**
 * HQ's device certificate authority: one ECDSA P-256 CA (key kept by HQ, 0600) that signs every
 * till's certificate (CN = device id, client auth), HQ's own server certificate (the HTTPS
 * enrollment API and the broker) and HQ's worker certificates, and publishes the revocation list
 * the broker checks (`crlfile`). Mosquitto and OpenSSL handle P-256 everywhere.
 *
 * Folder layout (`loupe hq ca init --ca-dir DIR`): ca.key, ca.crt, crl.pem, server.key, server.crt.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HqError } from '../errors.ts';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** How long a CRL is valid: the broker refuses every till once it is past (OpenSSL "CRL has expired"). HQ rewrites it at every start and revocation. */
export const CRL_VALID_DAYS = 30;
export const CA_FILES = { key: 'ca.key', cert: 'ca.crt', crl: 'crl.pem', serverKey: 'server.key', serverCert: 'server.crt' } as const;

export interface IssuedCertificate {
  pem: string;
  /** Lowercase hex, as the CRL lists it. */
  serial: string;
  notAfter: Date;
}

export interface RevokedCertificate {
  serial: string;
  revokedAt: Date;
}

export class DeviceCa {
  readonly dir: string;
  readonly certificate: x509.X509Certificate;
  readonly #key: CryptoKey;

  private constructor(dir: string, certificate: x509.X509Certificate, key: CryptoKey) {
    this.dir = dir;
    this.certificate = certificate;
    this.#key = key;
  }

  /** Creates the CA, HQ's server certificate for `hosts` (DNS names or IP addresses) and an empty CRL. */
  static async init(dir: string, options: { hosts: string[]; now?: Date; days?: number }): Promise<DeviceCa> {
    if (existsSync(join(dir, CA_FILES.key))) throw new HqError('HQ_E_CA_EXISTS', { dir });
    mkdirSync(dir, { recursive: true });
    const now = options.now ?? new Date();
    const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
    const certificate = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: newSerial(),
      name: 'CN=Loupe device CA',
      notBefore: now,
      notAfter: new Date(now.getTime() + (options.days ?? 3650) * DAY_MS),
      keys,
      signingAlgorithm: SIGNING,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    writeSecret(join(dir, CA_FILES.key), await pkcs8Pem(keys.privateKey));
    writeFileSync(join(dir, CA_FILES.cert), certificate.toString('pem') + '\n');
    const ca = new DeviceCa(dir, certificate, keys.privateKey);
    const server = await ca.issueWithKey('CN=Loupe HQ', { hosts: options.hosts, now });
    writeSecret(join(dir, CA_FILES.serverKey), server.keyPem);
    writeFileSync(join(dir, CA_FILES.serverCert), server.pem + '\n');
    await ca.writeCrl([], now);
    return ca;
  }

  static async open(dir: string): Promise<DeviceCa> {
    if (!existsSync(join(dir, CA_FILES.key))) throw new HqError('HQ_E_CA_MISSING', { dir });
    const certificate = new x509.X509Certificate(readFileSync(join(dir, CA_FILES.cert), 'utf8'));
    const der = x509.PemConverter.decodeFirst(readFileSync(join(dir, CA_FILES.key), 'utf8'));
    const key = await webcrypto.subtle.importKey('pkcs8', der, EC_KEY, false, ['sign']);
    return new DeviceCa(dir, certificate, key);
  }

  get pem(): string {
    return this.certificate.toString('pem') + '\n';
  }

  /** SHA-256 of the CA certificate (DER), lowercase hex: the pin a till is provisioned with. */
  get fingerprint(): string {
    return createHash('sha256').update(Buffer.from(this.certificate.rawData)).digest('hex');
  }

  /** Signs a till's CSR (checked by `checkDeviceRequest`) as `CN=deviceId`, client auth only. */
  async signDevice(csrPem: string, deviceId: string, options: { now: Date; days: number }): Promise<IssuedCertificate> {
    const csr = await checkDeviceRequest(csrPem);
    return this.#sign(`CN=${deviceId}`, csr.publicKey, options.now, options.days, [
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ]);
  }

  /** A key pair made here and its certificate: HQ's server (`hosts` given) or one of HQ's ingest workers (client auth). */
  async issueWithKey(subject: string, options: { hosts?: string[]; now?: Date; days?: number }): Promise<IssuedCertificate & { keyPem: string }> {
    const keys = (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
    const hosts = options.hosts ?? [];
    const extensions: x509.Extension[] = [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true)];
    if (hosts.length > 0) {
      const names = hosts.map((host) => ({ type: /^[\d.]+$|:/.test(host) ? ('ip' as const) : ('dns' as const), value: host }));
      extensions.push(new x509.SubjectAlternativeNameExtension(names), new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]));
    } else {
      extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
    }
    const issued = await this.#sign(subject, keys.publicKey, options.now ?? new Date(), options.days ?? 825, extensions);
    return { ...issued, keyPem: await pkcs8Pem(keys.privateKey) };
  }

  /** Writes crl.pem (atomically) listing `revoked`; the broker picks it up on SIGHUP. */
  async writeCrl(revoked: RevokedCertificate[], now: Date): Promise<string> {
    const crl = await x509.X509CrlGenerator.create({
      issuer: this.certificate.subject,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CRL_VALID_DAYS * DAY_MS),
      entries: revoked.map((entry) => ({ serialNumber: entry.serial, revocationDate: entry.revokedAt, reason: x509.X509CrlReason.keyCompromise })),
      signingAlgorithm: SIGNING,
      signingKey: this.#key,
      extensions: [await x509.AuthorityKeyIdentifierExtension.create(this.certificate)],
    });
    const file = join(this.dir, CA_FILES.crl);
    // OpenSSL (and so Mosquitto) reads only the `X509 CRL` PEM label, not the library's `CRL`.
    writeFileSync(`${file}.tmp`, x509.PemConverter.encode(crl.rawData, 'X509 CRL') + '\n');
    renameSync(`${file}.tmp`, file);
    return file;
  }

  async #sign(subject: string, publicKey: x509.PublicKey | CryptoKey, now: Date, days: number, extensions: x509.Extension[]): Promise<IssuedCertificate> {
    const serial = newSerial();
    const notAfter = new Date(now.getTime() + days * DAY_MS);
    const certificate = await x509.X509CertificateGenerator.create({
      serialNumber: serial,
      subject,
      issuer: this.certificate.subject,
      // A minute of slack for a till whose clock runs a little behind HQ's.
      notBefore: new Date(now.getTime() - 60_000),
      notAfter,
      publicKey,
      signingKey: this.#key,
      signingAlgorithm: SIGNING,
      extensions: [new x509.BasicConstraintsExtension(false, undefined, true), ...extensions, await x509.AuthorityKeyIdentifierExtension.create(this.certificate)],
    });
    return { pem: certificate.toString('pem'), serial, notAfter };
  }
}

/** A till's CSR must be ECDSA P-256 and signed by its own key; otherwise HQ_E_ENROLL_CSR_INVALID. */
export async function checkDeviceRequest(csrPem: string): Promise<x509.Pkcs10CertificateRequest> {
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(csrPem);
  } catch (error) {
    throw new HqError('HQ_E_ENROLL_CSR_INVALID', { reason: (error as Error).message });
  }
  const algorithm = csr.publicKey.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name !== 'ECDSA' || algorithm.namedCurve !== 'P-256') throw new HqError('HQ_E_ENROLL_CSR_INVALID', { reason: `key is ${algorithm.name} ${algorithm.namedCurve ?? ''}`.trim() });
  if (!(await csr.verify())) throw new HqError('HQ_E_ENROLL_CSR_INVALID', { reason: 'the request is not signed by its own key' });
  return csr;
}

/** 16 random bytes, positive (high bit clear), as lowercase hex. */
function newSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] as number) & 0x7f | 0x10;
  return bytes.toString('hex');
}

async function pkcs8Pem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY') + '\n';
}

function writeSecret(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600);
}
