/**
 * Commissioning at the counter: the simulated R2000 encoder on a real pty, the real driver, the
 * API and the ledger. What is checked is what the jeweler and HQ would see: the EPC on the tag,
 * the EPC on the piece, the retired EPC, and nothing at all after a failed write.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { decodePieceTag, type SimulatedDeviceSet } from '../../../../drivers/index.ts';
import { bearer, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';
import { CHAIN_PREFIX } from '../../../helpers/stock.ts';

interface Ctx {
  t: TestAppliance;
  counter: SimulatedDeviceSet;
  senior: string;
  manager: string;
}

const BLANK = 'E2806894000040123456AB01';
const tagging = suite<Ctx>('tag commissioning', {} as Ctx);

tagging.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  ctx.counter = ctx.t.appliance.simulators.counter as SimulatedDeviceSet;
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
});
tagging.after(async (ctx) => ctx.t.stop());
tagging.before.each(({ counter }) => counter.encoder.clearPad());

const pieceId = (ctx: Ctx, stockNo: string) => (ctx.t.appliance.ledger.db.prepare('SELECT id FROM pieces WHERE stock_no = ?').get(stockNo) as { id: string }).id;
const epcOf = (ctx: Ctx, stockNo: string) => (ctx.t.appliance.ledger.db.prepare('SELECT epc FROM pieces WHERE stock_no = ?').get(stockNo) as { epc: string | null }).epc;
async function tag(ctx: Ctx, stockNo: string) {
  const reply = await ctx.t.api.inject({ method: 'POST', url: `/api/v1/stock/pieces/${pieceId(ctx, stockNo)}/tag`, headers: bearer(ctx.senior) });
  return { status: reply.statusCode, body: reply.json() };
}

tagging('should encode the Loupe piece tag, read it back and bind it :: R-10041 on a blank factory tag laid on through the demo route', async (ctx) => {
  const laid = await ctx.t.api.inject({ method: 'PUT', url: '/api/v1/demo/rfid/pad', headers: bearer(ctx.manager), payload: { epcs: [BLANK] } });
  assert.is(laid.statusCode, 204);
  const done = await tag(ctx, 'R-10041');
  assert.is(done.status, 200, JSON.stringify(done.body));
  const epc = done.body.epc as string;
  assert.equal(ctx.counter.encoder.tagsOnPad(), [epc], 'the tag itself carries the new EPC');
  assert.is(epcOf(ctx, 'R-10041'), epc);
  const decoded = decodePieceTag(epc, [CHAIN_PREFIX]);
  assert.equal([decoded?.styleNumber, decoded?.pieceNumber], [1, 420_000_001n], 'style 1 of this store, piece number 0042·10⁷ + 1');
  assert.equal([done.body.retiredEpc, done.body.piece.costMinor], [null, undefined]);
  const event = ctx.t.appliance.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'piece.tagged'").get() as { body: string };
  assert.equal(JSON.parse(event.body).payload, { pieceId: pieceId(ctx, 'R-10041'), stockNo: 'R-10041', epc, retiredEpc: null, tagWasCarrying: BLANK });
});

tagging('should retire the old EPC when a piece is tagged again :: R-10041 gets a new tag', async (ctx) => {
  const old = epcOf(ctx, 'R-10041') as string;
  ctx.counter.encoder.putTag('E2806894000040123456AB02');
  const done = await tag(ctx, 'R-10041');
  assert.is(done.status, 200, JSON.stringify(done.body));
  assert.is(done.body.retiredEpc, old);
  assert.is.not(done.body.epc, old);
  assert.equal(ctx.t.appliance.ledger.db.prepare('SELECT piece_id AS pieceId FROM retired_epcs WHERE epc = ?').get(old), { pieceId: pieceId(ctx, 'R-10041') });
  assert.is(decodePieceTag(done.body.epc, [CHAIN_PREFIX])?.pieceNumber, 420_000_002n);
});

tagging('should refuse a tag whose EPC belongs to another piece, and write nothing :: R-10041’s tag laid on for R-10042', async (ctx) => {
  const taken = epcOf(ctx, 'R-10041') as string;
  ctx.counter.encoder.putTag(taken);
  const before = ledgerFingerprint(ctx.t.appliance.ledger.db);
  const refused = await tag(ctx, 'R-10042');
  assert.equal([refused.status, refused.body.error.code, refused.body.error.details], [409, 'LOUPE_E_STOCK_TAG_TAKEN', { epc: taken, stockNo: 'R-10041' }]);
  assert.equal(ctx.counter.encoder.tagsOnPad(), [taken]);
  assert.is(ledgerFingerprint(ctx.t.appliance.ledger.db), before);
});

for (const [name, fail, code] of [
  ['the tag refuses the write', (c: SimulatedDeviceSet) => c.encoder.failNextWrite(), 'LOUPE_E_RFID_WRITE_FAILED'],
  ['the write does not stick (read-back differs)', (c: SimulatedDeviceSet) => c.encoder.weakNextWrite(), 'LOUPE_E_RFID_VERIFY_FAILED'],
  ['no tag on the pad', () => undefined, 'LOUPE_E_RFID_NO_TAG'],
] as const) {
  tagging(`should leave the piece untagged with a clear message and change nothing when the write fails :: ${name}`, async (ctx) => {
    if (code !== 'LOUPE_E_RFID_NO_TAG') ctx.counter.encoder.putTag(BLANK);
    fail(ctx.counter);
    const before = ledgerFingerprint(ctx.t.appliance.ledger.db);
    const refused = await tag(ctx, 'R-10043');
    assert.is(refused.body.error?.code, code, JSON.stringify(refused.body));
    assert.ok(refused.status >= 400 && refused.body.error.message.length > 10 && refused.body.error.hint.length > 10);
    assert.is(epcOf(ctx, 'R-10043'), null);
    assert.is(ledgerFingerprint(ctx.t.appliance.ledger.db), before);
  });
}

tagging('should refuse two tags on the pad and a piece that is not in the store :: R-10043 with two tags, R-10044 out on memo', async (ctx) => {
  ctx.counter.encoder.putTag(BLANK);
  ctx.counter.encoder.putTag('E2806894000040123456AB03');
  assert.is((await tag(ctx, 'R-10043')).body.error.code, 'LOUPE_E_RFID_MULTIPLE_TAGS');
  ctx.counter.encoder.clearPad();
  ctx.counter.encoder.putTag(BLANK);
  const memo = await ctx.t.api.inject({ method: 'POST', url: `/api/v1/stock/pieces/${pieceId(ctx, 'R-10044')}/memo-out`, headers: bearer(ctx.senior), payload: { party: 'Mrs Avery', dueBack: '2026-12-01' } });
  assert.is(memo.statusCode, 200, memo.body);
  const refused = await tag(ctx, 'R-10044');
  assert.equal([refused.status, refused.body.error.code, refused.body.error.details.status], [409, 'LOUPE_E_STOCK_NOT_TAGGABLE', 'memo_out']);
  assert.equal(ctx.counter.encoder.tagsOnPad(), [BLANK]);
});

tagging.run();
