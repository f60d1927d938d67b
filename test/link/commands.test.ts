/**
 * HQ commands over a real broker: deduplicated by id (a repeat is answered, never run again),
 * answered on the response topic with the correlation data, and refused with a coded error when
 * expired.
 */
import { createServer, type Server } from 'node:http';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { CommandReply } from '../../runtime/src/wire/hq-commands.ts';
import { DeviceRig, HqRig, nextMessage, observer, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  hq: HqRig;
  device: DeviceRig;
  uploads: Server;
  received: string[];
}

const commands = suite<Context>('HQ commands', {} as Context);
const DEVICE = 'pos-test01';

commands.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.received = [];
  ctx.uploads = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      ctx.received.push(`${request.method} ${request.url} ${body}`);
      response.end('stored');
    });
  });
  await new Promise<void>((resolve) => ctx.uploads.listen(0, '127.0.0.1', () => resolve()));
});
commands.after(async (ctx) => {
  ctx.uploads?.close();
  await ctx.cluster?.stop();
});
commands.before.each(async (ctx) => {
  ctx.received.length = 0;
  ctx.broker = await MosquittoBroker.start();
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.broker.url), context: { collectLogs: async () => 'till log: drawer opened\n' } });
  await ctx.device.link.start();
  await ctx.device.waitFor((event) => event.type === 'synced', 10_000, 'the first sync');
});
commands.after.each(async (ctx) => {
  await ctx.device?.close();
  await ctx.hq?.stop();
  await ctx.broker?.stop();
});

function replies(ctx: Context, cmdId: string, count: number): Promise<CommandReply[]> {
  const got: CommandReply[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length} of ${count} replies to ${cmdId}`)), 10_000);
    const off = ctx.hq.on((event) => {
      if (event.type !== 'reply' || event.cmdId !== cmdId) return;
      got.push(event.reply);
      if (got.length < count) return;
      clearTimeout(timer);
      off();
      resolve(got);
    });
  });
}

commands('should run a duplicated command id once and answer both :: upload-logs sent twice as cmd-77', async (ctx) => {
  const url = `http://127.0.0.1:${(ctx.uploads.address() as { port: number }).port}/logs/pos-test01`;
  const both = replies(ctx, 'cmd-77', 2);
  await ctx.hq.primary.sendCommand(DEVICE, 'upload-logs', { url }, { cmdId: 'cmd-77' });
  await replies(ctx, 'cmd-77', 1);
  await ctx.hq.primary.sendCommand(DEVICE, 'upload-logs', { url }, { cmdId: 'cmd-77' });
  const [first, second] = await both;

  assert.equal(ctx.received, ['PUT /logs/pos-test01 till log: drawer opened\n'], 'the logs are uploaded exactly once');
  assert.equal([first?.status, first?.duplicate, first?.result], ['done', false, { bytes: 24, httpStatus: 200 }]);
  assert.equal([second?.status, second?.duplicate, second?.result], ['done', true, { bytes: 24, httpStatus: 200 }]);
  assert.is(ctx.device.auditCount('hq.commandReceived'), 1);
  const stored = await ctx.hq.pool.query<{ replies: number }>("SELECT replies FROM commands WHERE cmd_id = 'cmd-77'");
  assert.is(stored.rows[0]?.replies, 2);
});

commands('should answer on the response topic with the correlation data :: resync from seq 101 of 300', async (ctx) => {
  ctx.device.writeEvents(300);
  await ctx.hq.waitForHwm(DEVICE, 300, 20_000);
  await ctx.device.waitFor((event) => event.type === 'acked' && event.upTo >= 300, 10_000, 'ack 300');
  const watcher = await observer(ctx.broker.url);
  try {
    const resent = nextMessage(watcher, `loupe/v1/d/${DEVICE}/evt/+`, (_topic, payload) => (JSON.parse(payload.toString()) as { firstSeq: number }).firstSeq === 101, 10_000);
    const reply = nextMessage(watcher, `loupe/v1/d/${DEVICE}/reply/+`, () => true, 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    const cmdId = await ctx.hq.primary.sendCommand(DEVICE, 'resync', { fromSeq: 101 });
    const answer = await reply;
    assert.is(answer.topic, `loupe/v1/d/${DEVICE}/reply/${cmdId}`);
    assert.is(answer.correlationData?.toString(), cmdId);
    // 101..300, and 301: the audit event recording this command, already on its way.
    assert.equal((answer.json as CommandReply).result, { fromSeq: 101, resent: 201 });
    await resent;
  } finally {
    await watcher.endAsync();
  }
  await ctx.device.waitFor((event) => event.type === 'acked' && event.upTo >= 300, 10_000, 'ack 300 again');
  const committed = await ctx.hq.committed(DEVICE);
  assert.equal([committed.rows, committed.distinct, committed.hwm], [300 + 1, 300 + 1, 301], 'resent events are not applied twice (301: the command’s own audit event)');
});

commands('should drain and answer once HQ has acknowledged everything :: 1,000 events', async (ctx) => {
  ctx.device.writeEvents(1000, { perWrite: 100 });
  const reply = replies(ctx, 'drain-1', 1);
  await ctx.hq.primary.sendCommand(DEVICE, 'drain', { waitSeconds: 20 }, { cmdId: 'drain-1' });
  const [answer] = await reply;
  assert.equal(answer?.result, { drained: true, depth: 0, lastSeq: 1001, ackedUpTo: 1001 });
});

commands('should refuse an expired command with LOUPE_E_LINK_COMMAND_EXPIRED and run nothing :: expired a minute ago', async (ctx) => {
  const reply = replies(ctx, 'old-1', 1);
  await ctx.hq.primary.sendCommand(DEVICE, 'upload-logs', { url: 'http://127.0.0.1:9/never' }, { cmdId: 'old-1', expiresAt: new Date(Date.now() - 60_000).toISOString() });
  const [answer] = await reply;
  assert.equal([answer?.status, answer?.error?.code], ['rejected', 'LOUPE_E_LINK_COMMAND_EXPIRED']);
  assert.is(ctx.device.auditCount('hq.commandReceived'), 0);
  assert.equal(ctx.received, []);
});

commands.run();
