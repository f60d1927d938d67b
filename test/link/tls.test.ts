/**
 * mqtts with client certificates, on the sample broker configuration and ACL in images/mosquitto/
 * (run as they are, with their paths and port replaced): a till with its own certificate reaches
 * HQ end to end; a till cannot speak for another; a till without readable key files says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DeviceRig, HqRig, quickSettings, within } from '../helpers/link-rig.ts';
import { MosquittoBroker, sampleBrokerConfig } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  pki: string;
  hq: HqRig;
}

const tls = suite<Context>('mqtts with device certificates', {} as Context);

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A device CA, a broker certificate for 127.0.0.1 and client certificates for the given CNs. */
function makePki(dir: string, clients: string[]): void {
  mkdirSync(dir, { recursive: true });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=Loupe test device CA', '-keyout', 'device-ca.key', '-out', 'device-ca.crt']);
  const sign = (name: string, subject: string, extensions?: string) => {
    openssl(dir, ['req', ...ec, '-subj', subject, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
    const ext = extensions ? ['-extfile', extensions] : [];
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'device-ca.crt', '-CAkey', 'device-ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, ...ext]);
  };
  execFileSync('sh', ['-c', `printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > ${join(dir, 'server.ext')}`]);
  sign('server', '/CN=localhost', join(dir, 'server.ext'));
  for (const cn of clients) sign(cn, `/CN=${cn}`);
  // The sample broker checks revocation (crlfile): an empty CRL from the same CA.
  mkdirSync(join(dir, 'crl-db'));
  execFileSync('sh', ['-c', `: > crl-db/index.txt && printf '[ca]\\ndefault_ca=d\\n[d]\\ndatabase=crl-db/index.txt\\ndefault_md=sha256\\ndefault_crl_days=2\\n' > crl.cnf`], { cwd: dir });
  openssl(dir, ['ca', '-config', 'crl.cnf', '-gencrl', '-keyfile', 'device-ca.key', '-cert', 'device-ca.crt', '-out', 'device-ca.crl']);
}

function sampleConfig(pki: string): string {
  return sampleBrokerConfig({ serverCert: join(pki, 'server.crt'), serverKey: join(pki, 'server.key'), caCert: join(pki, 'device-ca.crt'), crl: join(pki, 'device-ca.crl') });
}

const files = (pki: string, cn: string) => ({ ca: readFileSync(join(pki, 'device-ca.crt')), cert: readFileSync(join(pki, `${cn}.crt`)), key: readFileSync(join(pki, `${cn}.key`)) });

tls.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.pki = mkdtempSync(join(tmpdir(), 'loupe-pki-'));
  makePki(ctx.pki, ['pos-tls01', 'pos-tls02', 'hq-ingest-1']);
  ctx.broker = await MosquittoBroker.start({ config: sampleConfig(ctx.pki) });
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: `mqtts://127.0.0.1:${ctx.broker.port}`, tls: [files(ctx.pki, 'hq-ingest-1')] });
});

tls.after(async (ctx) => {
  await ctx.hq?.stop();
  await ctx.broker?.stop();
  await ctx.cluster?.stop();
  rmSync(ctx.pki, { recursive: true, force: true });
});

tls('should relay over mqtts with the device certificate through the sample ACL :: pos-tls01, 200 events, a desired document back', async (ctx) => {
  const device = new DeviceRig({
    deviceId: 'pos-tls01',
    settings: quickSettings(`mqtts://127.0.0.1:${ctx.broker.port}`, {
      tls: { caFile: join(ctx.pki, 'device-ca.crt'), certFile: join(ctx.pki, 'pos-tls01.crt'), keyFile: join(ctx.pki, 'pos-tls01.key') },
    }),
  });
  try {
    device.writeEvents(200, { mixed: true });
    await device.link.start();
    await ctx.hq.waitForHwm('pos-tls01', 200, 20_000);
    // Counted before the document goes out: applying it writes the device's event 201, which may reach HQ at once.
    const committed = await ctx.hq.committed('pos-tls01');
    assert.equal([committed.rows, committed.distinct, committed.inSeqOrder], [200, 200, true]);
    const applied = device.waitFor((event) => event.type === 'documentApplied', 10_000, 'the fx document');
    await ctx.hq.primary.publishDesired('pos-tls01', 'fx', { base: 'USD', rates: [{ quote: 'CHF', rateE8: 88_000_000, asOf: new Date().toISOString() }] });
    await applied;
    assert.is(device.link.status().lastError, null, 'every subscription was granted by the ACL');
  } finally {
    await device.close();
  }
});

tls('should keep a till out of another till’s topics :: pos-tls02 writes to pos-tls01’s events and listens for its commands', async (ctx) => {
  const tls02 = () => connect(`mqtts://127.0.0.1:${ctx.broker.port}`, { protocolVersion: 5, clientId: 'pos-tls02', reconnectPeriod: 0, ...files(ctx.pki, 'pos-tls02') });
  const connected = (client: MqttClient) => within(new Promise((resolve, reject) => client.once('connect', resolve).once('error', reject)), 10_000, 'the TLS connection');
  const writer = tls02();
  try {
    await connected(writer);
    const refused = await within(
      writer.publishAsync('loupe/v1/d/pos-tls01/evt/sales', '{"v":1}', { qos: 1 }).then(
        () => 0,
        (error: { code?: number }) => error.code ?? -1,
      ),
      10_000,
      'the PUBACK',
    );
    // Mosquitto 2.0.11 answers PUBACK 135 and then drops the connection.
    assert.is(refused, 0x87, 'PUBACK reason 135: not authorized');
  } finally {
    writer.end(true);
  }
  // Mosquitto grants the SUBSCRIBE and enforces `read` on delivery: nothing for pos-tls01 may arrive.
  const reader = tls02();
  try {
    await connected(reader);
    const topics: string[] = [];
    reader.on('message', (topic) => topics.push(topic));
    await reader.subscribeAsync(['loupe/v1/d/pos-tls01/cmd/+', 'loupe/v1/d/pos-tls02/cmd/+'], { qos: 1 });
    const own = new Promise<void>((resolve) => reader.on('message', (topic) => topic.startsWith('loupe/v1/d/pos-tls02/') && resolve()));
    await ctx.hq.primary.sendCommand('pos-tls01', 'drain', {});
    await ctx.hq.primary.sendCommand('pos-tls02', 'drain', {}); // sent after, so it arrives after
    await within(own, 10_000, 'its own command');
    assert.equal(topics, ['loupe/v1/d/pos-tls02/cmd/drain']);
  } finally {
    await reader.endAsync();
  }
  // Had the forged batch reached HQ, HQ would have refused it (it is no valid batch) and kept a row.
  assert.is(await ctx.hq.count("SELECT COUNT(*) AS n FROM rejected_messages WHERE topic = 'loupe/v1/d/pos-tls01/evt/sales'"), 0);
});

tls('should say which TLS file it cannot read and not connect :: key file missing', async (ctx) => {
  const device = new DeviceRig({
    deviceId: 'pos-tls01',
    settings: quickSettings(`mqtts://127.0.0.1:${ctx.broker.port}`, {
      tls: { caFile: join(ctx.pki, 'device-ca.crt'), certFile: join(ctx.pki, 'pos-tls01.crt'), keyFile: join(ctx.pki, 'missing.key') },
    }),
  });
  try {
    await device.link.start();
    const status = device.link.status();
    assert.equal([status.state, status.lastError?.code], ['offline', 'LOUPE_E_LINK_TLS_FILES']);
    assert.match(String(status.lastError?.details?.reason), /missing\.key/);
    assert.ok(device.logs.some((record) => record.code === 'LOUPE_E_LINK_TLS_FILES'));
  } finally {
    await device.close();
  }
});

tls.run();
