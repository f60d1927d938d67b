/**
 * Sweeps end to end: the simulated TSL handheld on a real pty, the real driver, the devices
 * module, the bus, the sweep, the API, the ledger and the HQ outbox.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { WebSocket } from 'ws';
import type { SimulatedDeviceSet } from '../../../../drivers/index.ts';
import { bearer, openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { FOREIGN_TAGS, stockTheCases, type StockedPiece } from '../../../helpers/stock.ts';
import { waitFor } from '../../../drivers/helpers/eventually.ts';

interface Ctx {
  t: TestAppliance;
  counter: SimulatedDeviceSet;
  pieces: StockedPiece[];
  clerk: string;
}

const sweep = suite<Ctx>('sweeps over the handheld', {} as Ctx);

sweep.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.counter = ctx.t.appliance.simulators.counter as SimulatedDeviceSet;
  ctx.pieces = stockTheCases(ctx.t.appliance.ledger, 2_000);
  ctx.clerk = await ctx.t.login('101', '3917');
});
sweep.after(async (ctx) => ctx.t.stop());
sweep.before.each(({ counter }) => counter.handheld.clearField());

async function api(ctx: Ctx, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, token = ctx.clerk) {
  const reply = await ctx.t.api.inject({ method, url: `/api/v1${url}`, headers: bearer(token), ...(payload ? { payload } : {}) });
  return { status: reply.statusCode, body: reply.body ? reply.json() : null };
}

/** Pulls the trigger and waits until the live progress shows the sweep took `tags` distinct tags in `reads` reads. */
async function pull(ctx: Ctx, sweepId: string, tags: number, reads = tags): Promise<void> {
  ctx.counter.handheld.pullTrigger();
  const seen = () => lastProgress.get(sweepId);
  await waitFor(`${tags} tags in ${reads} reads in sweep ${sweepId}`, () => seen()?.tags === tags && seen()?.reads === reads, 10_000).catch((error: Error) => {
    throw new Error(`${error.message}; live says ${JSON.stringify(seen())}`);
  });
}

/** The latest live progress each sweep reported, as a screen on /api/v1/live sees it. */
const lastProgress = new Map<string, { tags: number; reads: number }>();
async function watchLive(ctx: Ctx): Promise<WebSocket> {
  const socket = new WebSocket(`${ctx.t.url.replace('http', 'ws')}/api/v1/live`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string; sweepId: string; tags: number; reads: number };
    if (message.type === 'sweepProgress') lastProgress.set(message.sweepId, { tags: message.tags, reads: message.reads });
  });
  socket.send(JSON.stringify({ type: 'hello', token: ctx.clerk }));
  return socket;
}

sweep('should name exactly the 17 missing pieces and classify the 5 foreign tags :: 2,000 tagged pieces over a pty', async (ctx) => {
  const socket = await watchLive(ctx);
  const removed = ctx.pieces.filter((_piece, index) => index % 113 === 7).slice(0, 17);
  assert.is(removed.length, 17);
  const gone = new Set(removed.map((piece) => piece.epc));
  const started = await api(ctx, 'POST', '/stock/sweeps', {});
  assert.is(started.status, 201, JSON.stringify(started.body));
  const id = started.body.id as string;
  ctx.counter.handheld.putTags([...ctx.pieces.filter((piece) => !gone.has(piece.epc)).map((piece) => ({ epc: piece.epc, rssi: -50 })), ...FOREIGN_TAGS.map((epc) => ({ epc, rssi: -70 }))]);
  await pull(ctx, id, 1_983 + 5);
  await pull(ctx, id, 1_983 + 5, 2 * (1_983 + 5)); // a second pass: the same tags again, de-duplicated
  const open = await api(ctx, 'GET', `/stock/sweeps/${id}`);
  assert.equal([open.body.progress.expected, open.body.progress.found, open.body.progress.unexpected], [2_000, 1_983, 5]);

  const finished = await api(ctx, 'POST', `/stock/sweeps/${id}/finish`);
  assert.is(finished.status, 200, JSON.stringify(finished.body));
  const result = finished.body.result;
  assert.equal(result.missing.map((piece: { stockNo: string }) => piece.stockNo).sort(), removed.map((piece) => piece.stockNo).sort());
  assert.equal(result.unexpected.map((tag: { epc: string; reason: string }) => [tag.epc, tag.reason]).sort(), FOREIGN_TAGS.map((epc) => [epc, 'foreign_tag']).sort());
  assert.is(result.found.length, 1_983);
  assert.is(result.untagged.length, 36, 'the demo store’s pieces have no tags: look for them by eye, not missing');
  assert.equal(result.overall, { location: '', expected: 2_000, found: 1_983, accuracyBp: 9_915 });
  assert.is(result.byLocation.length, 20);
  const tray = result.byLocation.find((location: { location: string }) => location.location === removed[0]?.location);
  assert.ok(tray.found < tray.expected);
  assert.is(finished.body.sweep.state, 'finished');
  assert.is(finished.body.sweep.accuracyBp, 9_915);

  const db = ctx.t.appliance.ledger.db;
  const event = db.prepare("SELECT body FROM outbox WHERE type = 'sweep.finished' AND business_key = ?").get(`sweep:${id}`) as { body: string };
  const payload = JSON.parse(event.body).payload;
  assert.equal(payload.counts, { expected: 2_000, found: 1_983, missing: 17, away: 0, untagged: 36, changed: 0, unexpected: 5 });
  assert.is(payload.missing.length, 17);
  const history = await api(ctx, 'GET', '/stock/accuracy');
  assert.equal(history.body[0], { sweepId: id, endedAt: finished.body.sweep.endedAt, location: '', expected: 2_000, found: 1_983, accuracyBp: 9_915 });
  socket.close();
});

sweep('should recount only the pieces a sweep missed :: 3 missing, 2 turn up', async (ctx) => {
  const socket = await watchLive(ctx);
  const tray = ctx.pieces.filter((piece) => piece.location === 'Case 2 / Tray B');
  const first = (await api(ctx, 'POST', '/stock/sweeps', { scope: 'Case 2 / Tray B' })).body.id as string;
  ctx.counter.handheld.putTags(tray.slice(3).map((piece) => ({ epc: piece.epc })));
  await pull(ctx, first, tray.length - 3);
  const missed = (await api(ctx, 'POST', `/stock/sweeps/${first}/finish`)).body.result.missing.map((piece: { stockNo: string }) => piece.stockNo);
  assert.equal(missed.sort(), tray.slice(0, 3).map((piece) => piece.stockNo).sort());

  const recount = await api(ctx, 'POST', '/stock/sweeps', { recountOf: first });
  assert.is(recount.body.expected, 3);
  ctx.counter.handheld.putTags(tray.slice(0, 2).map((piece) => ({ epc: piece.epc })));
  await pull(ctx, recount.body.id, tray.length - 1);
  const result = (await api(ctx, 'POST', `/stock/sweeps/${recount.body.id}/finish`)).body.result;
  assert.equal(result.found.map((piece: { stockNo: string }) => piece.stockNo).sort(), tray.slice(0, 2).map((piece) => piece.stockNo).sort());
  assert.equal(result.missing.map((piece: { stockNo: string }) => piece.stockNo), [tray[2]?.stockNo]);
  assert.is(result.ignoredTags, tray.length - 3);
  assert.is(result.unexpected.length, 0);
  const history = (await api(ctx, 'GET', `/stock/accuracy?location=${encodeURIComponent('Case 2 / Tray B')}`)).body as { sweepId: string; expected: number; found: number; accuracyBp: number }[];
  assert.equal([history[0]?.sweepId, history[0]?.expected, history[0]?.found, history[0]?.accuracyBp], [first, tray.length, tray.length - 3, 9_700]);
  assert.not.ok(history.some((point) => point.sweepId === recount.body.id), 'a recount is not a count of the tray: it stays out of its history');
  assert.is(history.length, 2, 'the store-wide sweep counted this tray too');
  socket.close();
});

sweep('should not report missing a piece sold while the sweep was open :: one sold before it was read, one after', async (ctx) => {
  const socket = await watchLive(ctx);
  await openTill(ctx.t);
  const tray = ctx.pieces.filter((piece) => piece.location === 'Case 3 / Tray C');
  const [soldUnseen, soldSeen] = tray as [StockedPiece, StockedPiece];
  const id = (await api(ctx, 'POST', '/stock/sweeps', { scope: 'Case 3 / Tray C' })).body.id as string;
  await sell(ctx, soldUnseen.stockNo); // taken out of the case before the handheld got there
  ctx.counter.handheld.putTags(tray.slice(1).map((piece) => ({ epc: piece.epc })));
  await pull(ctx, id, tray.length - 1);
  await sell(ctx, soldSeen.stockNo); // counted in the case, then sold
  const result = (await api(ctx, 'POST', `/stock/sweeps/${id}/finish`)).body.result;
  assert.equal(result.missing, []);
  assert.equal(result.unexpected, []);
  assert.equal(result.changed.map((piece: { stockNo: string; status: string }) => [piece.stockNo, piece.status]).sort(), [[soldSeen.stockNo, 'sold'], [soldUnseen.stockNo, 'sold']].sort());
  assert.equal(result.overall, { location: 'Case 3 / Tray C', expected: tray.length - 2, found: tray.length - 2, accuracyBp: 10_000 });
  socket.close();
});

async function sell(ctx: Ctx, stockNo: string): Promise<void> {
  const cart = (await api(ctx, 'POST', '/sales/carts')).body.id as string;
  assert.is((await api(ctx, 'POST', `/sales/carts/${cart}/lines`, { code: stockNo })).status, 200);
  const total = (await api(ctx, 'GET', `/sales/carts/${cart}`)).body.totalMinor as number;
  assert.is((await api(ctx, 'POST', `/sales/carts/${cart}/card`, { amountMinor: total })).status, 200);
  const done = await api(ctx, 'POST', `/sales/carts/${cart}/complete`);
  assert.is(done.status, 201, JSON.stringify(done.body));
}

sweep('should hold a reader in one open sweep at a time :: a second sweep on the handheld is refused, a cancelled one cannot finish', async (ctx) => {
  const id = (await api(ctx, 'POST', '/stock/sweeps', { scope: 'Case 4' })).body.id as string;
  const busy = await api(ctx, 'POST', '/stock/sweeps', { scope: 'Case 5' });
  assert.equal([busy.status, busy.body.error.code, busy.body.error.details.sweepId], [409, 'LOUPE_E_STOCK_READER_BUSY', id]);
  const unknown = await api(ctx, 'POST', '/stock/sweeps', { readers: ['rfid-handheld-2'] });
  assert.equal([unknown.status, unknown.body.error.code], [422, 'LOUPE_E_STOCK_READER_UNKNOWN']);
  assert.is((await api(ctx, 'POST', `/stock/sweeps/${id}/cancel`)).status, 204);
  const again = await api(ctx, 'POST', `/stock/sweeps/${id}/finish`);
  assert.equal([again.status, again.body.error.code, again.body.error.details.state], [409, 'LOUPE_E_STOCK_SWEEP_NOT_OPEN', 'cancelled']);
  assert.is((await api(ctx, 'POST', '/stock/sweeps', { scope: 'Case 5' })).status, 201, 'the handheld is free again');
});

sweep.run();
