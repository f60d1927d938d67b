/**
 * The sweep book on its own: a real ledger and bus, reads emitted as the devices module emits
 * them. Which reader a read came from decides which sweep it counts for; a restart closes what
 * was open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePieceTag } from '../../../../drivers/index.ts';
import { SYSTEM_ACTOR, type Actor } from '../../../../runtime/src/domain/actor.ts';
import { createUlidFactory } from '../../../../runtime/src/domain/ulid.ts';
import { EventBus } from '../../../../runtime/src/event-bus.ts';
import { createLogger } from '../../../../runtime/src/logger.ts';
import { Sweeps } from '../../../../runtime/src/modules/stock/sweeps.ts';
import { Ledger } from '../../../../runtime/src/store/ledger.ts';
import { TestClock } from '../../../helpers/clock.ts';
import { CHAIN_PREFIX, stockTheCases, type StockedPiece } from '../../../helpers/stock.ts';

interface Ctx {
  dir: string;
  ledger: Ledger;
  bus: EventBus;
  sweeps: Sweeps;
  pieces: StockedPiece[];
  open(): Promise<void>;
}

const CLERK: Actor = { staff: { staffId: 'S1', name: 'Sam Okafor', role: 'associate' }, approver: null };
const book = suite<Ctx>('sweep book', {} as Ctx);

book.before.each(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-sweeps-'));
  const clock = new TestClock();
  const newId = createUlidFactory({ now: () => clock.now().getTime(), randomBytes: (size) => crypto.getRandomValues(new Uint8Array(size)) });
  ctx.open = async () => {
    ctx.ledger = Ledger.open({ path: join(ctx.dir, 'ledger.sqlite'), identity: { deviceId: 'pos-test01', storeId: '0042', bootId: 'boot', clockSynced: () => true }, now: clock.now, newId });
    ctx.bus = new EventBus(createLogger('error'));
    ctx.sweeps = new Sweeps({ ledger: ctx.ledger, bus: ctx.bus, now: clock.now, newId, readers: () => ['hh-1', 'hh-2'], isChainTag: (epc) => decodePieceTag(epc, [CHAIN_PREFIX]) !== null });
    await ctx.sweeps.start();
  };
  await ctx.open();
  ctx.pieces = stockTheCases(ctx.ledger, 40);
});
book.after.each(async (ctx) => {
  await ctx.sweeps.stop();
  ctx.ledger.close();
  rmSync(ctx.dir, { recursive: true, force: true });
});

const read = (ctx: Ctx, reader: string, epc: string, rssi = -50) => ctx.bus.emit('tagRead', { reader, epc, rssi });

book('should count each read for the sweep that holds its reader :: two handhelds in two cases, a third reader ignored', (ctx) => {
  const case1 = ctx.pieces.filter((piece) => piece.location.startsWith('Case 1'));
  const case2 = ctx.pieces.filter((piece) => piece.location.startsWith('Case 2'));
  const first = ctx.sweeps.begin({ scope: 'Case 1', readers: ['hh-1'] }, CLERK);
  const second = ctx.sweeps.begin({ scope: 'Case 2', readers: ['hh-2'] }, CLERK);
  for (const piece of case1) read(ctx, 'hh-1', piece.epc);
  for (const piece of case2.slice(1)) read(ctx, 'hh-2', piece.epc);
  read(ctx, 'hh-1', case2[0]?.epc as string); // the case next door, through the glass
  read(ctx, 'counter-encoder', case2[0]?.epc as string); // a reader in no sweep
  assert.equal([ctx.sweeps.progress(first.id).reads, ctx.sweeps.progress(second.id).reads], [case1.length + 1, case2.length - 1]);
  const one = ctx.sweeps.finish(first.id, CLERK).result;
  assert.equal([one.found.length, one.missing.length, one.unexpected.map((tag) => [tag.reason, tag.readers])], [case1.length, 0, [['other_location', ['hh-1']]]]);
  const two = ctx.sweeps.finish(second.id, CLERK).result;
  assert.equal(two.missing.map((piece) => piece.stockNo), [case2[0]?.stockNo]);
});

book('should merge one tag over readers: reads added, strongest signal kept, both readers named :: 2 + 3 reads', (ctx) => {
  const sweep = ctx.sweeps.begin({ scope: null, readers: ['hh-1', 'hh-2'] }, CLERK);
  const epc = 'E28068940000401234567890';
  read(ctx, 'hh-1', epc, -70);
  read(ctx, 'hh-1', epc, -61);
  for (const rssi of [-80, -45, -66]) read(ctx, 'hh-2', epc, rssi);
  const [tag] = ctx.sweeps.finish(sweep.id, CLERK).result.unexpected;
  assert.equal([tag?.reason, tag?.reads, tag?.bestRssi, tag?.readers], ['foreign_tag', 5, -45, ['hh-1', 'hh-2']]);
});

book('should report live progress per location, at most every 250 ms :: 8 reads → one progress event', async (ctx) => {
  const events: unknown[] = [];
  ctx.bus.on(ctx, 'sweepProgress', (progress) => events.push(progress));
  const sweep = ctx.sweeps.begin({ scope: 'Case 3 / Tray A', readers: ['hh-1'] }, CLERK);
  const tray = ctx.pieces.filter((piece) => piece.location === 'Case 3 / Tray A');
  for (const piece of tray) for (let pass = 0; pass < 4; pass += 1) read(ctx, 'hh-1', piece.epc);
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.equal(events, [
    { sweepId: sweep.id, reads: 0, tags: 0, found: 0, expected: 2, unexpected: 0, byLocation: [{ location: 'Case 3 / Tray A', expected: 2, found: 0 }] },
    { sweepId: sweep.id, reads: 8, tags: 2, found: 2, expected: 2, unexpected: 0, byLocation: [{ location: 'Case 3 / Tray A', expected: 2, found: 2 }] },
  ]);
});

book('should close a sweep left open by a restart as abandoned, with its HQ event :: reads are not kept', async (ctx) => {
  const sweep = ctx.sweeps.begin({ scope: null, readers: ['hh-1'] }, CLERK);
  read(ctx, 'hh-1', ctx.pieces[0]?.epc as string);
  await ctx.sweeps.stop();
  ctx.ledger.close();
  await ctx.open();
  const row = ctx.ledger.db.prepare('SELECT state, ended_at FROM sweeps WHERE id = ?').get(sweep.id) as { state: string; ended_at: string };
  assert.equal(row, { state: 'abandoned', ended_at: '2026-11-24T10:00:00.000Z' });
  const event = ctx.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'sweep.abandoned'").get() as { body: string };
  assert.is(JSON.parse(event.body).payload.sweepId, sweep.id);
  assert.throws(() => ctx.sweeps.finish(sweep.id, CLERK), (error: { code: string }) => error.code === 'LOUPE_E_STOCK_SWEEP_NOT_OPEN');
  assert.is(ctx.sweeps.begin({ scope: null, readers: ['hh-1'] }, SYSTEM_ACTOR).state, 'open', 'the reader is free again');
});

book.run();
