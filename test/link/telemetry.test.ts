/**
 * What the device tells HQ about itself: telemetry (periodic and on change, QoS 0 with expiry),
 * presence (retained birth and will carrying the same session counter) and the outbox backlog
 * alarm (status, state document, audit trail).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuTemperature, type DriverHealth } from '../../runtime/src/link/telemetry.ts';
import type { DeviceState, DeviceStatus, DevicesTelemetry, SystemTelemetry } from '../../runtime/src/wire/hq-messages.ts';
import { DeviceRig, HqRig, nextMessage, observer, quickSettings } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';
import { TcpProxy } from '../helpers/tcp-proxy.ts';

interface Context {
  cluster: PostgresCluster;
  broker: MosquittoBroker;
  proxy: TcpProxy;
  hq: HqRig;
  watcher: MqttClient;
  sysRoot: string;
  device?: DeviceRig;
}

const DEVICE = 'pos-test01';
const BASE = `loupe/v1/d/${DEVICE}`;
const telemetry = suite<Context>('telemetry, presence and alarm', {} as Context);

telemetry.before(async (ctx) => {
  ctx.cluster = await PostgresCluster.start();
  ctx.sysRoot = mkdtempSync(join(tmpdir(), 'loupe-sys-'));
  mkdirSync(join(ctx.sysRoot, 'class/thermal/thermal_zone0'), { recursive: true });
  writeFileSync(join(ctx.sysRoot, 'class/thermal/thermal_zone0/temp'), '48312\n');
});
telemetry.after(async (ctx) => {
  await ctx.cluster?.stop();
  rmSync(ctx.sysRoot, { recursive: true, force: true });
});
telemetry.before.each(async (ctx) => {
  ctx.broker = await MosquittoBroker.start();
  ctx.proxy = await TcpProxy.start({ port: ctx.broker.port });
  ctx.hq = await HqRig.start(ctx.cluster, { brokerUrl: ctx.broker.url });
  ctx.watcher = await observer(ctx.broker.url);
});
telemetry.after.each(async (ctx) => {
  await ctx.device?.close();
  ctx.device = undefined;
  await ctx.watcher?.endAsync();
  await ctx.hq?.stop();
  await ctx.proxy?.stop();
  await ctx.broker?.stop();
});

telemetry('should read the CPU temperature where the board has a thermal zone :: 48312 m°C, and null without one', (ctx) => {
  assert.is(cpuTemperature(ctx.sysRoot), 48_312);
  assert.is(cpuTemperature(join(ctx.sysRoot, 'no-such-board')), null);
});

telemetry('should send system figures on connect as QoS 0 with a message expiry :: tele/sys, expiry 300 s', async (ctx) => {
  const sys = nextMessage(ctx.watcher, `${BASE}/tele/sys`, () => true, 10_000);
  await new Promise((resolve) => setImmediate(resolve));
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.broker.url, { telemetry: { sysRoot: ctx.sysRoot, expirySeconds: 300 } }) });
  await ctx.device.link.start();
  const message = await sys;
  const body = message.json as SystemTelemetry;
  assert.is(body.cpuTempMilliC, 48_312);
  assert.ok(body.ledgerBytes > 0 && (body.diskFreeBytes ?? 0) > 0 && (body.diskTotalBytes ?? 0) >= (body.diskFreeBytes ?? 0));
  assert.is(message.packet.qos, 0);
  assert.is(message.packet.properties?.messageExpiryInterval, 300);
});

telemetry('should send peripheral health as soon as it changes, and HQ should keep the latest :: printer paper-out, drawer-open', async (ctx) => {
  const since = Date.parse('2026-11-24T09:00:00.000Z');
  const health: DriverHealth[] = [
    { device: 'receipt-printer', state: 'connected', since, lastError: null, conditions: [] },
    { device: 'cash-drawer', state: 'connected', since, lastError: null, conditions: [] },
  ];
  const first = nextMessage(ctx.watcher, `${BASE}/tele/devices`, () => true, 10_000);
  await new Promise((resolve) => setImmediate(resolve));
  ctx.device = new DeviceRig({
    deviceId: DEVICE,
    settings: quickSettings(ctx.broker.url, { telemetry: { sysRoot: ctx.sysRoot, periodSeconds: 3600, changePollMs: 50 } }),
    context: { deviceHealth: () => health.map((report) => ({ ...report })) },
  });
  await ctx.device.link.start();
  const initial = (await first).json as DevicesTelemetry;
  assert.equal(initial.devices.map((d) => [d.device, d.state, d.since, d.conditions]), [
    ['receipt-printer', 'connected', '2026-11-24T09:00:00.000Z', []],
    ['cash-drawer', 'connected', '2026-11-24T09:00:00.000Z', []],
  ]);

  const paperOut = (body: DevicesTelemetry) => body.devices[0]?.conditions.includes('paper-out') === true;
  const changed = nextMessage(ctx.watcher, `${BASE}/tele/devices`, (_topic, payload) => paperOut(JSON.parse(payload.toString()) as DevicesTelemetry), 5000);
  const stored = ctx.hq.waitFor(
    (event) => event.type === 'report' && event.kind === 'tele/devices' && paperOut(event.body as DevicesTelemetry),
    5000,
    'HQ storing the change',
  );
  await new Promise((resolve) => setImmediate(resolve));
  health[0] = { ...health[0]!, conditions: ['paper-out'], lastError: { code: 'LOUPE_E_DEVICE_PAPER_OUT', message: 'The printer is out of paper.', at: since + 60_000 } };
  health[1] = { ...health[1]!, conditions: ['drawer-open'] };
  const message = (await changed).json as DevicesTelemetry;
  assert.equal(message.devices.map((d) => [d.device, d.conditions, d.lastError?.at ?? null]), [
    ['receipt-printer', ['paper-out'], '2026-11-24T09:01:00.000Z'],
    ['cash-drawer', ['drawer-open'], null],
  ]);
  await stored;
  const { rows } = await ctx.hq.pool.query<{ body: DevicesTelemetry }>("SELECT body FROM device_reports WHERE device_id = $1 AND kind = 'tele/devices'", [DEVICE]);
  assert.equal(rows[0]?.body.devices.map((d) => d.conditions), [['paper-out'], ['drawer-open']]);
});

telemetry('should announce itself with a session counter whose will says offline when the link drops :: will delay 0, cut, reconnect', async (ctx) => {
  const statuses: DeviceStatus[] = [];
  ctx.watcher.on('message', (topic, payload) => topic === `${BASE}/status` && payload.length > 0 && statuses.push(JSON.parse(payload.toString()) as DeviceStatus));
  await ctx.watcher.subscribeAsync(`${BASE}/status`, { qos: 1 });
  const birth = nextMessage(ctx.watcher, `${BASE}/status`, (_t, payload) => (JSON.parse(payload.toString()) as DeviceStatus).online, 10_000);
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.proxy.url, { willDelaySeconds: 0 }) });
  await ctx.device.link.start();
  const born = (await birth).json as DeviceStatus;

  const will = nextMessage(ctx.watcher, `${BASE}/status`, (_t, payload) => !(JSON.parse(payload.toString()) as DeviceStatus).online, 10_000);
  ctx.proxy.cut();
  const died = (await will).json as DeviceStatus;
  assert.equal([died.online, died.session], [false, born.session], 'the will carries the session of the connection it belongs to');

  const reborn = nextMessage(ctx.watcher, `${BASE}/status`, (_t, payload) => (JSON.parse(payload.toString()) as DeviceStatus).online, 10_000);
  ctx.proxy.restore();
  const again = (await reborn).json as DeviceStatus;
  assert.ok(again.session > born.session, `a new connection counts a new session (${born.session} → ${again.session})`);
  const latest = async () => {
    const { rows } = await ctx.hq.pool.query<{ body: DeviceStatus }>("SELECT body FROM device_reports WHERE device_id = $1 AND kind = 'status'", [DEVICE]);
    return rows[0]?.body.session === again.session;
  };
  await ctx.hq.waitFor((event) => event.type === 'report' && event.kind === 'status' && (event.body as DeviceStatus).session === again.session, 10_000, 'HQ recording the birth', latest);
  const { rows } = await ctx.hq.pool.query<{ body: DeviceStatus }>("SELECT body FROM device_reports WHERE device_id = $1 AND kind = 'status'", [DEVICE]);
  assert.equal([rows[0]?.body.online, rows[0]?.body.session], [true, again.session], 'HQ keeps the latest presence');
});

telemetry('should raise the backlog alarm past the depth limit and clear it once HQ has the events :: limit 10, 25 events offline', async (ctx) => {
  ctx.proxy.cut();
  ctx.device = new DeviceRig({ deviceId: DEVICE, settings: quickSettings(ctx.proxy.url, { alarm: { outboxDepth: 10, outboxAgeSeconds: 86_400 } }) });
  ctx.device.writeEvents(25);
  const raised = ctx.device.waitFor((event) => event.type === 'alarm' && event.alarm !== null, 10_000, 'the alarm');
  await ctx.device.link.start();
  await raised;
  const status = ctx.device.link.status();
  assert.equal([status.alarm?.code, status.alarm?.depth], ['LOUPE_E_LINK_OUTBOX_BACKLOG', 25]);
  assert.is(status.outbox.depth, 26, 'the raised alarm is itself an audit event for HQ');
  assert.is(ctx.device.auditCount('hq.linkAlarmRaised'), 1);
  assert.ok(ctx.device.logs.some((record) => record.code === 'LOUPE_E_LINK_OUTBOX_BACKLOG'));

  const cleared = ctx.device.waitFor((event) => event.type === 'alarm' && event.alarm === null, 20_000, 'the alarm clearing');
  const state = nextMessage(ctx.watcher, `${BASE}/state`, (_t, payload) => (JSON.parse(payload.toString()) as DeviceState).alarm === null, 20_000);
  ctx.proxy.restore();
  await cleared;
  await state;
  assert.is(ctx.device.auditCount('hq.linkAlarmCleared'), 1);
  assert.is(ctx.device.link.status().alarm, null);
});

telemetry('should raise the backlog alarm past the age limit :: limit 1 day, oldest event 2 days old', async (ctx) => {
  ctx.proxy.cut();
  const twoDays = 2 * 86_400_000;
  ctx.device = new DeviceRig({
    deviceId: DEVICE,
    settings: quickSettings(ctx.proxy.url, { alarm: { outboxDepth: 10_000, outboxAgeSeconds: 86_400 } }),
    context: { clock: { now: () => new Date(Date.now() + twoDays) } },
  });
  ctx.device.writeEvents(3);
  const raised = ctx.device.waitFor((event) => event.type === 'alarm' && event.alarm !== null, 10_000, 'the alarm');
  await ctx.device.link.start();
  await raised;
  const alarm = ctx.device.link.status().alarm;
  assert.ok(alarm !== null && alarm.ageSeconds >= 2 * 86_400 - 5 && alarm.depth === 3, JSON.stringify(alarm));
  assert.ok(ctx.device.link.status().outbox.ageSeconds >= 2 * 86_400 - 5);
});

telemetry.run();
