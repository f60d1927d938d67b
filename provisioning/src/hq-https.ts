/**
 * Talking to HQ's enrollment API before the till has a certificate: HTTPS, trusting only HQ's CA,
 * which the till knows by the SHA-256 fingerprint in its provisioning settings. The first
 * handshake reads the chain HQ's server presents (server certificate + CA) and keeps the CA whose
 * fingerprint matches; every request after that is ordinary verified TLS against that CA alone
 * (chain and host name), so a look-alike HQ is refused before anything is sent.
 */
import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { LoupeError } from '../../runtime/src/errors.ts';

export function normalizeFingerprint(fingerprint: string): string {
  return fingerprint.toLowerCase().replace(/[^0-9a-f]/g, '');
}

/** Connects once to `baseUrl`, finds HQ's CA by its fingerprint in the presented chain, answers its PEM. */
export function pinnedCa(baseUrl: string, fingerprint: string, timeoutMs = 10_000): Promise<string> {
  const url = new URL(baseUrl);
  const wanted = normalizeFingerprint(fingerprint);
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => reject(new LoupeError('LOUPE_E_PROVISION_HQ_UNTRUSTED', { url: url.origin, reason }));
    const socket = connect({ host: url.hostname, port: Number(url.port || 443), servername: isIp(url.hostname) ? '' : url.hostname, rejectUnauthorized: false, timeout: timeoutMs });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake within ${timeoutMs} ms`)));
    socket.once('error', (error) => reject(new LoupeError('LOUPE_E_PROVISION_HQ_UNREACHABLE', { url: url.origin, reason: error.message })));
    socket.once('secureConnect', () => {
      const chain: DetailedPeerCertificate[] = [];
      for (let cert = socket.getPeerCertificate(true); cert?.raw && !chain.includes(cert); cert = cert.issuerCertificate) chain.push(cert);
      socket.end();
      const ca = chain.find((cert) => createHash('sha256').update(cert.raw).digest('hex') === wanted);
      if (!ca) return fail('no certificate HQ presented has the provisioned CA fingerprint');
      resolve(`-----BEGIN CERTIFICATE-----\n${ca.raw.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`);
    });
  });
}

export interface HqAnswer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
}

/** One JSON request to HQ, verified against `caPem` only (the till's enrollment; HQ's operator commands). */
export function hqRequest(baseUrl: string, caPem: string, method: 'GET' | 'POST', path: string, body?: object, timeoutMs = 10_000, headers: Record<string, string> = {}): Promise<HqAnswer> {
  const url = new URL(path, baseUrl);
  const payload = body ? Buffer.from(JSON.stringify(body)) : undefined;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method,
        ca: caPem,
        timeout: timeoutMs,
        headers: { ...headers, accept: 'application/json', ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          try {
            resolve({ status: incoming.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as HqAnswer['body'] });
          } catch (error) {
            reject(new LoupeError('LOUPE_E_PROVISION_HQ_UNREACHABLE', { url: url.origin, reason: `not JSON: ${(error as Error).message}` }));
          }
        });
      },
    );
    outgoing.once('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.once('error', (error) => reject(new LoupeError('LOUPE_E_PROVISION_HQ_UNREACHABLE', { url: url.origin, reason: error.message })));
    outgoing.end(payload);
  });
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
