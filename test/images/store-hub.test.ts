import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { IMAGES, imageFile, run } from './helpers.ts';

const BRIDGE = 'store-7-bridge';

interface Context {
  pki: string;
  hq: MosquittoBroker;
  hub: MosquittoBroker;
  clients: MqttClient[];
}

const hub = suite<Context>('The store broker: images/mosquitto/store-hub.conf.template bridged to an HQ broker', { clients: [] } as unknown as Context);

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** One CA for the tills, the bridge, HQ's broker and the hub (a chain may use several). */
function makePki(dir: string): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(dir, ['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=Loupe test CA', '-keyout', 'ca.key', '-out', 'ca.crt']);
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const sign = (name: string, cn: string, server = false) => {
    openssl(dir, ['req', ...ec, '-subj', `/CN=${cn}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-out', `${name}.crt`, ...(server ? ['-extfile', 'server.ext'] : [])]);
  };
  sign('hq-server', 'localhost', true);
  sign('hub', 'localhost', true);
  sign('bridge', BRIDGE);
  for (const cn of ['pos-a', 'pos-b', 'hq-ingest-1']) sign(cn, cn);
  execFileSync('cp', [join(dir, 'ca.crt'), join(dir, 'device-ca.crt')]);
}

/** HQ's broker as in images/mosquitto/ (its ACL plus the block a store bridge needs). */
function hqConfig(pki: string): string {
  const acl = join(pki, 'hq.acl');
  writeFileSync(acl, `${imageFile('mosquitto/acl')}\nuser ${BRIDGE}\ntopic readwrite loupe/v1/d/#\ntopic read loupe/v1/all/#\ntopic write loupe/v1/bridge/${BRIDGE}/state\n`);
  return [
    'per_listener_settings false',
    'listener {port} 127.0.0.1',
    `certfile ${pki}/hq-server.crt`,
    `keyfile ${pki}/hq-server.key`,
    `cafile ${pki}/ca.crt`,
    'require_certificate true',
    'use_identity_as_username true',
    'use_username_as_clientid true',
    `acl_file ${acl}`,
    'persistence false',
  ].join('\n');
}

/** The hub's configuration exactly as the box renders it, with test paths and ports. */
function hubConfig(pki: string, hqPort: number): string {
  const env = join(pki, 'store-hub.env');
  writeFileSync(env, [`HQ_ADDRESS=127.0.0.1:${hqPort}`, `BRIDGE_ID=${BRIDGE}`, 'LAN_LISTENER={port} 127.0.0.1', `TLS_DIR=${pki}`, 'STATE_DIR={dir}/', `ACL_FILE=${IMAGES}mosquitto/store-hub.acl`].join('\n'));
  const out = join(pki, 'store-hub.conf');
  const rendered = run(`${IMAGES}bin/store-hub-config.sh`, [env, out]);
  if (rendered.status !== 0) throw new Error(rendered.stderr);
  return readFileSync(out, 'utf8').replace(/^log_dest syslog$/m, '');
}

async function client(context: Context, broker: MosquittoBroker, cn: string): Promise<MqttClient> {
  const mqtt = connect(`mqtts://127.0.0.1:${broker.port}`, {
    protocolVersion: 5,
    clientId: cn,
    reconnectPeriod: 0,
    ca: readFileSync(join(context.pki, 'ca.crt')),
    cert: readFileSync(join(context.pki, `${cn}.crt`)),
    key: readFileSync(join(context.pki, `${cn}.key`)),
  });
  context.clients.push(mqtt);
  await new Promise<void>((resolve, reject) => {
    mqtt.once('connect', () => resolve());
    mqtt.once('error', reject);
  });
  return mqtt;
}

function messages(mqtt: MqttClient): { topic: string; payload: string; retain: boolean }[] {
  const seen: { topic: string; payload: string; retain: boolean }[] = [];
  mqtt.on('message', (topic, payload, packet) => seen.push({ topic, payload: payload.toString(), retain: packet.retain }));
  return seen;
}

async function until(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

hub.before(async (context) => {
  context.clients = [];
  context.pki = mkdtempSync(join(tmpdir(), 'loupe-hub-pki-'));
  makePki(context.pki);
  context.hq = await MosquittoBroker.start({ config: hqConfig(context.pki) });
  context.hub = await MosquittoBroker.start({ config: hubConfig(context.pki, context.hq.port) });
  const watcher = await client(context, context.hq, 'hq-ingest-1');
  const states = messages(watcher);
  await watcher.subscribeAsync(`loupe/v1/bridge/${BRIDGE}/state`, { qos: 1 });
  await until('the bridge to say it is connected', () => states.some((state) => state.payload === '1'), 10_000);
});

hub.after(async (context) => {
  for (const mqtt of context.clients) await mqtt.endAsync(true);
  await context.hub?.stop();
  await context.hq?.stop();
  rmSync(context.pki, { recursive: true, force: true });
});

hub('should carry a till\'s events to HQ and HQ\'s documents to the till :: evt out, retained desired and market data in', async (context) => {
  const ingest = await client(context, context.hq, 'hq-ingest-1');
  const atHq = messages(ingest);
  await ingest.subscribeAsync('loupe/v1/d/+/evt/+', { qos: 1 });
  const till = await client(context, context.hub, 'pos-a');
  const atTill = messages(till);
  await till.subscribeAsync(['loupe/v1/d/pos-a/desired/+', 'loupe/v1/all/#'], { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 300)); // the bridge's subscriptions at HQ
  await till.publishAsync('loupe/v1/d/pos-a/evt/sales', '{"seq":1}', { qos: 1 });
  await ingest.publishAsync('loupe/v1/d/pos-a/desired/prices', '{"version":3}', { qos: 1, retain: true });
  await ingest.publishAsync('loupe/v1/all/mkt/xau-usd', '{"minor":265012}', { qos: 1, retain: true });
  await until('the sale at HQ', () => atHq.some((m) => m.topic === 'loupe/v1/d/pos-a/evt/sales' && m.payload === '{"seq":1}'));
  await until('the price list at the till', () => atTill.some((m) => m.topic === 'loupe/v1/d/pos-a/desired/prices' && m.payload === '{"version":3}'));
  await until('the gold price at the till', () => atTill.some((m) => m.topic === 'loupe/v1/all/mkt/xau-usd'));
});

hub('should let the store\'s tills read each other\'s events but not speak for each other :: pos-b on the hub', async (context) => {
  const ingest = await client(context, context.hq, 'hq-ingest-1');
  const atHq = messages(ingest);
  await ingest.subscribeAsync('loupe/v1/d/+/evt/+', { qos: 1 });
  const peer = await client(context, context.hub, 'pos-b');
  const atPeer = messages(peer);
  await peer.subscribeAsync('loupe/v1/d/+/evt/+', { qos: 1 });
  const till = await client(context, context.hub, 'pos-a');
  const atTill = messages(till);
  await till.subscribeAsync('loupe/v1/d/+/evt/+', { qos: 1 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await till.publishAsync('loupe/v1/d/pos-a/evt/stock', '{"seq":2}', { qos: 1 });
  await until('pos-a\'s event at its peer', () => atPeer.some((m) => m.topic === 'loupe/v1/d/pos-a/evt/stock'));
  await peer.publishAsync('loupe/v1/d/pos-b/evt/sales', '{"seq":1}', { qos: 1 });
  await until('pos-b\'s own event at HQ', () => atHq.some((m) => m.topic === 'loupe/v1/d/pos-b/evt/sales'));
  // Mosquitto drops the denied publish (and, to an MQTT 5 client, hangs up).
  await peer.publishAsync('loupe/v1/d/pos-a/evt/sales', '{"seq":999,"forged":true}', { qos: 0 });
  await till.publishAsync('loupe/v1/d/pos-a/evt/sales', '{"seq":3}', { qos: 1 });
  await until('pos-a\'s next event at HQ', () => atHq.some((m) => m.payload === '{"seq":3}'));
  assert.not.ok(atHq.some((m) => m.payload.includes('forged')), 'HQ got a forged event');
  assert.not.ok(atTill.some((m) => m.payload.includes('forged')), 'pos-a saw a forged event');
});

hub.run();
