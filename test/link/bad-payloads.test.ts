/**
 * What a device does with bad MQTT messages from "HQ": garbage, wrong schema, wrong types, unknown
 * names, impossible acks. Each gets a coded rejection — answered on the response topic where the
 * message has one, otherwise reported in the retained state document — is logged with its code,
 * and changes nothing in the ledger.
 */
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommandReply } from '../../runtime/src/wire/hq-commands.ts';
import type { DeviceState } from '../../runtime/src/wire/hq-messages.ts';
import { DeviceRig, nextMessage, observer, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';

interface Context {
  broker: MosquittoBroker;
  device: DeviceRig;
  watcher: MqttClient;
}

const DEVICE = 'pos-test01';
const BASE = `loupe/v1/d/${DEVICE}`;
const bad = suite<Context>('bad MQTT payloads', {} as Context);

bad.before(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.broker.url) });
  ctx.device.receivePiece('R-1001', 100_000);
  ctx.device.writeEvents(30); // no HQ in this suite: these stay unacknowledged
  await ctx.device.link.start();
  await ctx.device.waitFor((event) => event.type === 'online', 10_000, 'online');
  ctx.watcher = await observer(ctx.broker.url);
});
bad.after(async (ctx) => {
  await ctx.watcher?.endAsync();
  await ctx.device?.close();
  await ctx.broker?.stop();
});

/**
 * Every row a bad message could wrongly change: business tables, the link's documents and command
 * inbox, the audit chain, the outbox's events (not their delivery states, which move on their own)
 * and the counters (but the connection counter).
 */
function businessFingerprint(device: DeviceRig): string {
  const db = device.ledger.db;
  const tables = ['pieces', 'staff', 'audit_log', 'link_documents', 'link_commands', 'fx_rates', 'reservations', 'price_list'];
  const rows = tables.map((table) => db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all());
  const outbox = db.prepare('SELECT seq, event_id, body FROM outbox ORDER BY seq').all();
  const counters = db.prepare("SELECT name, value FROM counters WHERE name <> 'link.session' ORDER BY name").all();
  return JSON.stringify({ rows, outbox, counters });
}

const REPLY = `${BASE}/reply/probe`;

const ANSWERED: { name: string; topic: string; payload: string | Buffer; code: string; cmdId: string | null; field?: string }[] = [
  { name: 'garbage bytes', topic: `${BASE}/cmd/resync`, payload: Buffer.from([0x00, 0xff, 0x7b, 0x6e, 0x6f]), code: 'LOUPE_E_LINK_PAYLOAD_MALFORMED', cmdId: null },
  { name: 'JSON that is not an object', topic: `${BASE}/cmd/drain`, payload: '[1,2,3]', code: 'LOUPE_E_LINK_PAYLOAD_INVALID', cmdId: null },
  { name: 'missing issuedAt', topic: `${BASE}/cmd/resync`, payload: '{"v":1,"cmdId":"c-2","args":{}}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID', cmdId: null },
  { name: 'cmdId a number', topic: `${BASE}/cmd/resync`, payload: '{"v":1,"cmdId":42,"issuedAt":"2026-11-24T10:00:00Z","args":{}}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID', cmdId: null, field: '/cmdId' },
  { name: 'fromSeq a string', topic: `${BASE}/cmd/resync`, payload: '{"v":1,"cmdId":"c-4","issuedAt":"2026-11-24T10:00:00Z","args":{"fromSeq":"ten"}}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID', cmdId: 'c-4', field: '/fromSeq' },
  { name: 'unknown command', topic: `${BASE}/cmd/reboot-now`, payload: '{"v":1,"cmdId":"c-5","issuedAt":"2026-11-24T10:00:00Z","args":{}}', code: 'LOUPE_E_LINK_COMMAND_UNKNOWN', cmdId: 'c-5' },
  { name: 'envelope version 2', topic: `${BASE}/cmd/drain`, payload: '{"v":2,"cmdId":"c-6","issuedAt":"2026-11-24T10:00:00Z","args":{}}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID', cmdId: null, field: '/v' },
];

for (const probe of ANSWERED) {
  bad(`should answer a bad command with ${probe.code} and change nothing :: ${probe.name}`, async (ctx) => {
    const before = businessFingerprint(ctx.device);
    const answered = nextMessage(ctx.watcher, REPLY, () => true, 5000);
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.watcher.publishAsync(probe.topic, probe.payload, { qos: 1, properties: { responseTopic: REPLY, correlationData: Buffer.from('probe-corr') } });
    const reply = await answered;
    const body = reply.json as CommandReply;
    assert.equal([body.status, body.error?.code, body.cmdId], ['rejected', probe.code, probe.cmdId]);
    assert.is(reply.correlationData?.toString(), 'probe-corr');
    assert.ok((body.error?.hint.length ?? 0) > 10, 'the rejection says what to do');
    if (probe.field) {
      const problems = (body.error?.details as { problems?: { field: string }[] }).problems ?? [];
      assert.ok(problems.some((problem) => problem.field === probe.field), `the rejection names ${probe.field}: ${JSON.stringify(problems)}`);
    }
    assert.ok(ctx.device.logs.some((record) => record.code === probe.code && record.topic === probe.topic), 'the rejection is logged with its code');
    assert.is(businessFingerprint(ctx.device), before);
  });
}

const REPORTED: { name: string; topic: string; payload: string | Buffer; code: string }[] = [
  { name: 'garbage price list', topic: `${BASE}/desired/pricelist`, payload: 'not json at all', code: 'LOUPE_E_LINK_PAYLOAD_MALFORMED' },
  {
    name: 'price list with a price in words',
    topic: `${BASE}/desired/pricelist`,
    payload: JSON.stringify({ v: 1, doc: 'pricelist', version: 9, issuedAt: '2026-11-24T10:00:00Z', body: { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 'a lot' }] } }),
    code: 'LOUPE_E_LINK_PAYLOAD_INVALID',
  },
  {
    name: 'document for another doc than its topic',
    topic: `${BASE}/desired/fx`,
    payload: JSON.stringify({ v: 1, doc: 'pricelist', version: 9, issuedAt: '2026-11-24T10:00:00Z', body: { currency: 'USD', prices: [] } }),
    code: 'LOUPE_E_LINK_PAYLOAD_INVALID',
  },
  { name: 'unknown desired document', topic: `${BASE}/desired/catalog`, payload: '{"v":1}', code: 'LOUPE_E_LINK_TOPIC_UNKNOWN' },
  { name: 'ack with a string upTo', topic: `${BASE}/ack`, payload: '{"v":1,"upTo":"all"}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
  { name: 'ack beyond the last seq', topic: `${BASE}/ack`, payload: '{"v":1,"upTo":999999}', code: 'LOUPE_E_LINK_ACK_AHEAD' },
  { name: 'negative spot price', topic: 'loupe/v1/all/mkt/xau-usd', payload: JSON.stringify({ v: 1, instrument: 'xau-usd', metal: 'gold', currency: 'USD', unit: 'ozt', bidMinor: -5, askMinor: 10, asOf: '2026-11-24T10:00:00Z', source: 'x' }), code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
  { name: 'sync response of the wrong shape', topic: `${BASE}/res/whatever`, payload: '{"v":1,"hwm":-1}', code: 'LOUPE_E_LINK_PAYLOAD_INVALID' },
];

for (const probe of REPORTED) {
  bad(`should refuse with ${probe.code}, report it in the state document and change nothing :: ${probe.name}`, async (ctx) => {
    const before = businessFingerprint(ctx.device);
    const depth = ctx.device.link.status().outbox.depth;
    const reported = nextMessage(
      ctx.watcher,
      `${BASE}/state`,
      (_topic, payload) => {
        const state = JSON.parse(payload.toString()) as DeviceState;
        return state.lastRejection?.code === probe.code && state.lastRejection.topic === probe.topic;
      },
      5000,
    );
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.watcher.publishAsync(probe.topic, probe.payload, { qos: 1 });
    await reported;
    assert.ok(ctx.device.logs.some((record) => record.code === probe.code && record.topic === probe.topic), 'the rejection is logged with its code');
    assert.is(businessFingerprint(ctx.device), before);
    assert.is(ctx.device.link.status().outbox.depth, depth, 'no event was retired');
    assert.equal(ctx.device.link.status().market, []);
  });
}

bad('should keep working after every bad message :: a good price list still applies', async (ctx) => {
  const applied = ctx.device.waitFor((event) => event.type === 'documentApplied', 5000, 'the good document');
  await ctx.watcher.publishAsync(
    `${BASE}/desired/pricelist`,
    JSON.stringify({ v: 1, doc: 'pricelist', version: 1, issuedAt: '2026-11-24T10:00:00Z', body: { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 123_400 }] } }),
    { qos: 1 },
  );
  await applied;
  assert.is(ctx.device.piece('R-1001').retailMinor, 123_400);
});

bad.run();
