/**
 * HQ's enrollment API on PostgreSQL, driven with inject(): the admin token, a code that expires
 * and works once, rate limits on asking and on entering codes, a replacement box keeping its
 * predecessor's device id (whose certificate goes on the CRL), refused requests, OpenAPI.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { X509Crl } from '@peculiar/x509';
import pg from 'pg';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CA_FILES, DeviceCa } from '../../hq/src/ca/device-ca.ts';
import { startHqApi, type RunningHqApi } from '../../hq/src/api/hq-api.ts';
import { certificateRequest } from '../../provisioning/src/device-key.ts';
import { createLogger } from '../../runtime/src/logger.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

const TOKEN = 'hq-admin-test-token';
const admin = { authorization: `Bearer ${TOKEN}` };

interface Context {
  cluster: PostgresCluster;
  pool: pg.Pool;
  caDir: string;
  api: RunningHqApi;
  nowMs: number;
}

const api = suite<Context>('HQ enrollment API', {} as Context);

api.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.caDir = mkdtempSync(join(tmpdir(), 'loupe-hq-ca-'));
  await DeviceCa.init(ctx.caDir, { hosts: ['127.0.0.1'] });
});

api.before.each(async (ctx) => {
  ctx.pool = new pg.Pool({ connectionString: ctx.cluster.url(await ctx.cluster.createDatabase()), max: 4 });
  ctx.nowMs = Date.parse('2026-12-03T10:00:00Z');
  ctx.api = await startHqApi(
    { port: 0, host: '127.0.0.1', caDir: ctx.caDir, adminToken: TOKEN, deviceBrokerUrl: 'mqtts://hq.example:8883', plainHttp: true, now: () => new Date(ctx.nowMs) },
    ctx.pool,
    createLogger('silent'),
    'test',
  );
});

api.after.each(async (ctx) => {
  await ctx.api.stop();
  await ctx.pool.end();
});

api.after(async (ctx) => {
  await ctx.cluster?.stop();
  rmSync(ctx.caDir, { recursive: true, force: true });
});

async function csrFor(deviceId: string): Promise<string> {
  const key = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return certificateRequest(key, deviceId);
}

async function ask(ctx: Context, deviceId: string, address = '10.0.0.7') {
  const answer = await ctx.api.app.inject({ method: 'POST', url: '/api/v1/enrollments', remoteAddress: address, payload: { deviceId, csr: await csrFor(deviceId) } });
  assert.is(answer.statusCode, 201, answer.body);
  return answer.json() as { requestId: string; pairingCode: string; expiresAt: string };
}

const approve = (ctx: Context, body: object, headers: Record<string, string> = admin, address = '10.9.9.9') =>
  ctx.api.app.inject({ method: 'POST', url: '/api/v1/enrollments/approve', headers, remoteAddress: address, payload: body });
const poll = (ctx: Context, requestId: string) => ctx.api.app.inject({ method: 'GET', url: `/api/v1/enrollments/${requestId}` });

api('should refuse to approve without HQ’s admin token :: none, and a wrong one', async (ctx) => {
  const { pairingCode } = await ask(ctx, 'pos-tok01');
  for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<string, string>[]) {
    const answer = await approve(ctx, { code: pairingCode, storeId: '0042' }, headers);
    assert.equal([answer.statusCode, answer.json().error.code], [401, 'HQ_E_API_ADMIN_REQUIRED']);
  }
  assert.is((await poll(ctx, (await ask(ctx, 'pos-tok02')).requestId)).json().state, 'pending');
});

api('should expire a pairing code after an hour :: entered 3600 s after it was given', async (ctx) => {
  const { pairingCode, requestId, expiresAt } = await ask(ctx, 'pos-exp01');
  assert.is(expiresAt, '2026-12-03T11:00:00.000Z');
  ctx.nowMs += 3600_000;
  const answer = await approve(ctx, { code: pairingCode, storeId: '0042' });
  assert.equal([answer.statusCode, answer.json().error.code], [410, 'HQ_E_ENROLL_CODE_EXPIRED']);
  assert.equal([(await poll(ctx, requestId)).statusCode, (await poll(ctx, requestId)).json().error.code], [410, 'HQ_E_ENROLL_CODE_EXPIRED']);
});

api('should hand the till its certificate once the code is entered, lower case and without the dash :: pos-ok01 in 0042', async (ctx) => {
  const { pairingCode, requestId } = await ask(ctx, 'pos-ok01');
  const answer = await approve(ctx, { code: pairingCode.replace('-', '').toLowerCase(), storeId: '0042' });
  assert.is(answer.statusCode, 200, answer.body);
  const polled = (await poll(ctx, requestId)).json();
  assert.equal([polled.state, polled.deviceId, polled.storeId, polled.brokerUrl], ['approved', 'pos-ok01', '0042', 'mqtts://hq.example:8883']);
  const certificate = new X509Certificate(polled.certificate);
  assert.is(certificate.subject, 'CN=pos-ok01');
  assert.ok(certificate.verify(new X509Certificate(polled.caCertificate).publicKey), 'signed by HQ’s CA');
  assert.is(certificate.validTo, 'Dec  2 10:00:00 2028 GMT', '730 days (2028 has a 29 February)');
});

api('should rate-limit entering codes :: 5 wrong codes in a minute from one address, then the right one', async (ctx) => {
  const { pairingCode } = await ask(ctx, 'pos-rate01');
  for (let i = 0; i < 5; i += 1) assert.is((await approve(ctx, { code: 'AAAA-AAAA', storeId: '0042' })).statusCode, 404);
  const limited = await approve(ctx, { code: pairingCode, storeId: '0042' });
  assert.equal([limited.statusCode, limited.json().error.code, limited.json().error.details.retryAfterSeconds], [429, 'HQ_E_API_RATE_LIMITED', 60]);
  ctx.nowMs += 60_000;
  assert.is((await approve(ctx, { code: pairingCode, storeId: '0042' })).statusCode, 200);
});

api('should rate-limit asking for codes :: the 11th request in 10 minutes from one address', async (ctx) => {
  for (let i = 0; i < 10; i += 1) await ask(ctx, `pos-ask${i}x`, '10.0.0.8');
  const answer = await ctx.api.app.inject({ method: 'POST', url: '/api/v1/enrollments', remoteAddress: '10.0.0.8', payload: { deviceId: 'pos-ask10', csr: await csrFor('pos-ask10') } });
  assert.equal([answer.statusCode, answer.json().error.code], [429, 'HQ_E_API_RATE_LIMITED']);
});

api('should count only a till’s newest code :: the first of two codes asked for by pos-two01', async (ctx) => {
  const first = await ask(ctx, 'pos-two01');
  const second = await ask(ctx, 'pos-two01');
  assert.is((await approve(ctx, { code: first.pairingCode, storeId: '0042' })).json().error.code, 'HQ_E_ENROLL_CODE_UNKNOWN');
  assert.is((await poll(ctx, first.requestId)).json().error.code, 'HQ_E_ENROLL_REQUEST_UNKNOWN');
  assert.is((await approve(ctx, { code: second.pairingCode, storeId: '0042' })).statusCode, 200);
});

api('should give a replacement box its predecessor’s device id and put the old certificate on the CRL :: pos-old01 replaced', async (ctx) => {
  const old = await ask(ctx, 'pos-old01');
  const oldCert = new X509Certificate((await approve(ctx, { code: old.pairingCode, storeId: '0042' })).json().certificate);
  const box = await ask(ctx, 'pos-new77');
  const taken = await approve(ctx, { code: (await ask(ctx, 'pos-old01')).pairingCode, storeId: '0042' });
  assert.equal([taken.statusCode, taken.json().error.code], [409, 'HQ_E_ENROLL_DEVICE_TAKEN']);
  const replaced = await approve(ctx, { code: box.pairingCode, storeId: '0042', replaces: 'pos-old01' });
  assert.is(replaced.statusCode, 200, replaced.body);
  assert.is(new X509Certificate(replaced.json().certificate).subject, 'CN=pos-old01');
  const crl = new X509Crl(readFileSync(join(ctx.caDir, CA_FILES.crl), 'utf8'));
  assert.equal(crl.entries.map((entry) => entry.serialNumber.toLowerCase()), [oldCert.serialNumber.toLowerCase()]);
  const unknown = await approve(ctx, { code: (await ask(ctx, 'pos-new78')).pairingCode, storeId: '0042', replaces: 'pos-never1' });
  assert.equal([unknown.statusCode, unknown.json().error.code], [404, 'HQ_E_ENROLL_DEVICE_UNKNOWN']);
});

api('should refuse a certificate request not signed by its own key, and keep nothing :: CSR of pos-bad01 with its signature altered', async (ctx) => {
  const pem = await csrFor('pos-bad01');
  const der = Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
  der[der.length - 5] = (der[der.length - 5] as number) ^ 0xff;
  const forged = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`;
  const answer = await ctx.api.app.inject({ method: 'POST', url: '/api/v1/enrollments', payload: { deviceId: 'pos-bad01', csr: forged } });
  assert.equal([answer.statusCode, answer.json().error.code], [400, 'HQ_E_ENROLL_CSR_INVALID']);
  assert.is((await ctx.pool.query('SELECT COUNT(*)::int AS n FROM enrollment_requests')).rows[0].n, 0);
});

api('should describe the enrollment routes in OpenAPI at /docs :: /docs/json', async (ctx) => {
  const spec = (await ctx.api.app.inject({ method: 'GET', url: '/docs/json' })).json();
  assert.ok(spec.paths['/api/v1/enrollments/approve'].post);
  assert.ok(spec.paths['/api/v1/devices/{deviceId}/revoke'].post);
});

api.run();
