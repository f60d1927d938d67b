/**
 * Issue 6: a message from "HQ" bigger than the link reads (MAX_HQ_MESSAGE_BYTES) is refused
 * unread with a logged reason and changes nothing in the ledger, even when its content would be
 * valid. (Malformed desired documents and commands: bad-payloads.test.ts.)
 */
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { MAX_HQ_MESSAGE_BYTES } from '../../runtime/src/link/hq-link.ts';
import type { DeviceState } from '../../runtime/src/wire/hq-messages.ts';
import { DeviceRig, nextMessage, observer, quickSettings } from '../helpers/link-rig.ts';
import { ledgerFingerprint } from '../helpers/ledger.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';

interface Ctx {
  broker: MosquittoBroker;
  device: DeviceRig;
  hq: MqttClient;
}

const DEVICE = 'pos-test01';
const BASE = `loupe/v1/d/${DEVICE}`;
const oversized = suite<Ctx>('oversized HQ messages', {} as Ctx);

oversized.before(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.broker.url) });
  ctx.device.receivePiece('R-1001', 100_000);
  await ctx.device.link.start();
  await ctx.device.waitFor((event) => event.type === 'online', 10_000, 'online');
  ctx.hq = await observer(ctx.broker.url);
});
oversized.after(async (ctx) => {
  await ctx.hq?.endAsync();
  await ctx.device?.close();
  await ctx.broker?.stop();
});

/** A price list that is valid in every way but its size: it would reprice R-1001. */
function bigPriceList(version: number): string {
  const prices = [{ stockNo: 'R-1001', retailMinor: 999_900 }];
  let size = 0;
  for (let i = 0; size <= MAX_HQ_MESSAGE_BYTES + 1024; i += 1) {
    const entry = { stockNo: `X-${String(i).padStart(8, '0')}`, retailMinor: 100 };
    prices.push(entry);
    size += JSON.stringify(entry).length + 1;
  }
  return JSON.stringify({ v: 1, doc: 'pricelist', version, issuedAt: '2026-11-24T10:00:00Z', body: { currency: 'USD', prices } });
}

const padded = (text: string) => text.padEnd(MAX_HQ_MESSAGE_BYTES + 1024, ' ');

const PROBES = [
  { name: 'a valid price list of 2 MB + a little', topic: `${BASE}/desired/pricelist`, payload: () => bigPriceList(7) },
  { name: 'a valid resync command padded past 2 MB', topic: `${BASE}/cmd/resync`, payload: () => padded('{"v":1,"cmdId":"c-big","issuedAt":"2026-11-24T10:00:00Z","args":{"fromSeq":1}}') },
  { name: 'an ack padded past 2 MB', topic: `${BASE}/ack`, payload: () => padded('{"v":1,"upTo":0}') },
];

for (const probe of PROBES) {
  oversized(`should refuse an oversized HQ message unread, log why and change nothing :: ${probe.name}`, async (ctx) => {
    const before = ledgerFingerprint(ctx.device.ledger.db);
    const payload = probe.payload();
    assert.ok(Buffer.byteLength(payload) > MAX_HQ_MESSAGE_BYTES);
    const reported = nextMessage(
      ctx.hq,
      `${BASE}/state`,
      (_topic, body) => {
        const state = JSON.parse(body.toString()) as DeviceState;
        return state.lastRejection?.topic === probe.topic && state.lastRejection.code === 'LOUPE_E_LINK_PAYLOAD_INVALID';
      },
      10_000,
    );
    await new Promise((resolve) => setImmediate(resolve));
    await ctx.hq.publishAsync(probe.topic, payload, { qos: 1 });
    await reported;
    const logged = ctx.device.logs.find((record) => record.code === 'LOUPE_E_LINK_PAYLOAD_INVALID' && record.topic === probe.topic);
    assert.ok(logged, 'the refusal is logged with its code');
    assert.match(JSON.stringify(logged?.details), /at most 2097152/);
    assert.is(ledgerFingerprint(ctx.device.ledger.db), before);
    assert.is(ctx.device.piece('R-1001').retailMinor, 100_000);
  });
}

oversized('should still apply a price list under the limit afterwards :: 1 price', async (ctx) => {
  const applied = ctx.device.waitFor((event) => event.type === 'documentApplied', 5000, 'the small document');
  await ctx.hq.publishAsync(
    `${BASE}/desired/pricelist`,
    JSON.stringify({ v: 1, doc: 'pricelist', version: 8, issuedAt: '2026-11-24T10:00:00Z', body: { currency: 'USD', prices: [{ stockNo: 'R-1001', retailMinor: 123_400 }] } }),
    { qos: 1 },
  );
  await applied;
  assert.is(ctx.device.piece('R-1001').retailMinor, 123_400);
});

oversized.run();
