/**
 * First boot to mutual TLS, end to end on real parts (Mosquitto with the sample TLS config and
 * crlfile, PostgreSQL, HQ's HTTPS API, the printer driver on its simulator): a box without a
 * certificate is refused by the broker; a till prints its pairing code, HQ enters it, the till
 * gets its certificate and its events reach HQ; a revoked till is refused.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { waitFor } from '../drivers/helpers/eventually.ts';
import { DeviceRig, memoryLogger, quickSettings, within } from '../helpers/link-rig.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { EnrollRig, linkFiles } from './enroll-rig.ts';
import { Enrollment, type EnrolledLink } from '../../provisioning/src/enrollment.ts';

interface Context {
  cluster: PostgresCluster;
  rig: EnrollRig;
  dataDir: string;
  link: EnrolledLink;
}

const enroll = suite<Context>('enrollment to mutual TLS', {} as Context);

enroll.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.rig = await EnrollRig.start(ctx.cluster);
  ctx.dataDir = mkdtempSync(join(tmpdir(), 'loupe-till-'));
});

enroll.after(async (ctx) => {
  await ctx.rig?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.dataDir, { recursive: true, force: true });
});

enroll('should refuse a box without a certificate at the broker :: mqtts with the CA only, no client certificate', async ({ rig }) => {
  const answer = await rig.tryConnect('pos-nocert', {});
  assert.is.not(answer, 'connected');
  await waitFor('the broker logging the handshake without a certificate', () => /peer did not return a certificate/.test(rig.broker.log()), 5_000);
});

enroll('should enroll a till from its printed pairing code and relay its events to HQ over mutual TLS :: 0042, 50 events', async (ctx) => {
  const { rig, dataDir } = ctx;
  const enrollment = rig.enrollment(dataDir, 'pos-first01');
  const running = enrollment.run();
  try {
    await waitFor('the pairing slip on the printer', () => rig.printedCodes().length > 0, 10_000);
    const [code] = rig.printedCodes();
    assert.match(String(code), /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    assert.equal(enrollment.status(), { state: 'waiting', deviceId: 'pos-first01', pairingCode: code, expiresAt: (enrollment.status() as { expiresAt: string }).expiresAt });
    const approved = await rig.approve({ code: String(code), storeId: '0042' });
    assert.is(approved.statusCode, 200, approved.body);
    ctx.link = (await within(running, 10_000, 'the enrolled identity')) as EnrolledLink;
  } finally {
    enrollment.stop();
  }
  const { link } = ctx;
  assert.equal([link.deviceId, link.storeId, link.brokerUrl], ['pos-first01', '0042', rig.brokerUrl]);
  assert.is(statSync(link.tls.keyFile).mode & 0o777, 0o600, 'the device key is 0600');
  assert.is(new X509Certificate(readFileSync(link.tls.certFile)).subject, 'CN=pos-first01');
  const identity = JSON.parse(readFileSync(join(dataDir, 'provisioning', 'identity.json'), 'utf8'));
  assert.equal([identity.deviceId, identity.enrolled.storeId, identity.pending], ['pos-first01', '0042', undefined]);

  const device = new DeviceRig({ deviceId: link.deviceId, settings: quickSettings(link.brokerUrl, { tls: link.tls }) });
  try {
    device.writeEvents(50, { mixed: true });
    await device.link.start();
    await rig.hq.waitForHwm('pos-first01', 50, 20_000);
    const committed = await rig.hq.committed('pos-first01');
    assert.equal([committed.rows, committed.inSeqOrder], [50, true]);
  } finally {
    await device.close();
  }
});

enroll('should send nothing to a server that does not show HQ’s CA :: a fingerprint one digit off', async ({ rig }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loupe-till-'));
  const wrong = rig.ca.fingerprint.replace(/^./, (digit) => (digit === '0' ? '1' : '0'));
  const enrollment = new Enrollment({ dataDir, deviceId: 'pos-pinned1', hqUrl: rig.api.address, caFingerprint: wrong, pollMs: 50, print: async () => undefined, logger: memoryLogger().logger });
  const running = enrollment.run();
  try {
    await waitFor('the refusal', () => enrollment.status().state === 'unreachable', 5_000);
    assert.is((enrollment.status() as { error: { code: string } }).error.code, 'LOUPE_E_PROVISION_HQ_UNTRUSTED');
    assert.is(await rig.hq.count("SELECT COUNT(*) AS n FROM enrollment_requests WHERE device_id = 'pos-pinned1'"), 0, 'HQ never saw the request');
  } finally {
    enrollment.stop();
    await running;
    rmSync(dataDir, { recursive: true, force: true });
  }
});

enroll('should use a pairing code once :: the same code entered again', async ({ rig }) => {
  const [code] = rig.printedCodes();
  const again = await rig.approve({ code: String(code), storeId: '0042' });
  assert.equal([again.statusCode, again.json().error.code], [404, 'HQ_E_ENROLL_CODE_UNKNOWN']);
});

enroll('should refuse a revoked till at the broker :: revoked at HQ, CRL rewritten, broker reloaded on SIGHUP', async ({ rig, link }) => {
  assert.is(await rig.tryConnect(link.deviceId, linkFiles(link)), 'connected', 'before revocation');
  // HQ's start wrote (and reloaded) the CRL once already: wait for the reload this revocation causes.
  const reloads = () => rig.broker.log().match(/Reloading config/g)?.length ?? 0;
  const before = reloads();
  const revoked = await rig.revoke(link.deviceId);
  assert.equal(revoked.json(), { deviceId: 'pos-first01', revoked: 1 });
  await waitFor('the broker reloading the CRL', () => reloads() > before, 5_000);
  const refusals = () => rig.broker.log().match(/certificate verify failed/g)?.length ?? 0;
  const refusedBefore = refusals();
  assert.is.not(await rig.tryConnect(link.deviceId, linkFiles(link)), 'connected');
  await waitFor('the broker logging the refused handshake', () => refusals() > refusedBefore, 5_000);
});

enroll.run();
