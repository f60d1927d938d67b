/**
 * Stock control at the counter in a real browser against a real appliance with the simulated
 * encoder and handheld: a piece tagged on the encoder pad by touch (and the refusal when no tag is
 * on the pad, in words), then a count of one showcase whose counters move as the handheld reads,
 * finished into a list of the missing pieces by stock number and signed as the closing count with a
 * manager's note; a record corrected with a manager's approval.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { api, demo, openScreen, signIn, startCounter, tapDigits, type Counter } from './helpers/counter.ts';

const stock = suite<{ c: Counter; page: Page }>('stock control in the browser');
stock.before(async (ctx) => {
  ctx.c = await startCounter();
});
stock.after(async (ctx) => ctx.c.stop());
stock.before.each(async (ctx) => {
  ctx.page = await openScreen(ctx.c);
});
stock.after.each(async (ctx) => ctx.page.context().close());

interface PieceRow {
  id: string;
  stockNo: string;
  location: string;
  epc: string | null;
}

/** A factory-blank tag (not a Loupe piece tag), different for each piece. */
const blank = (n: number) => `E2806894000040123456${String(n).padStart(4, '0')}`;

/** Tags a piece the way the counter does, through the API: a blank on the pad, then encode. */
async function tagByApi(c: Counter, piece: PieceRow, n: number): Promise<string> {
  await demo(c, 'PUT', 'rfid/pad', { epcs: [blank(n)] });
  return (await api<{ epc: string }>(c, 'POST', `/stock/pieces/${piece.id}/tag`)).epc;
}

async function approveAsManager(page: Page): Promise<void> {
  const dialog = page.locator('pos-approval-dialog');
  await dialog.getByRole('heading', { name: 'Manager approval' }).waitFor();
  await tapDigits(dialog, '100');
  await dialog.getByRole('button', { name: 'Next' }).click();
  await tapDigits(dialog, '8264');
  await dialog.getByRole('button', { name: 'Approve' }).click();
  await dialog.waitFor({ state: 'detached' });
}

const piecesOf = (c: Counter, showcase: string) => api<PieceRow[]>(c, 'GET', `/pieces?status=in_stock&location=${encodeURIComponent(showcase)}&limit=200`);

async function openStock(page: Page, tab: string): Promise<void> {
  await page.locator('pos-app nav').getByRole('button', { name: 'Stock' }).click();
  await page.locator('pos-stock').getByRole('button', { name: tab, exact: true }).click();
}

stock('should refuse to tag with no tag on the pad in words, then tag the piece scanned at the counter and show its EPC :: Case 2', async ({ c, page }) => {
  const [piece] = (await piecesOf(c, 'Case 2')).filter((row) => !row.epc) as [PieceRow];
  await signIn(page, '102', '5180');
  await openStock(page, 'Tag pieces');
  const screen = page.locator('pos-stock-tag');
  await screen.getByRole('heading', { name: 'Tag a piece at the counter' }).waitFor();
  await demo(c, 'POST', 'scan', { code: piece.stockNo });
  await screen.locator(`.piece[data-stock-no="${piece.stockNo}"]`).waitFor();

  await demo(c, 'PUT', 'rfid/pad', { epcs: [] });
  await screen.getByRole('button', { name: 'Tag this piece' }).click();
  const alert = screen.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /No tag was found in the reader’s field\.\s*Place the tagged piece on the encoder pad/);
  assert.not.match(await alert.innerText(), /LOUPE_E_/);
  assert.is((await api<PieceRow>(c, 'GET', `/pieces/${piece.id}`)).epc, null);

  await demo(c, 'PUT', 'rfid/pad', { epcs: [blank(1)] });
  await screen.getByRole('button', { name: 'Tag this piece' }).click();
  const done = screen.getByRole('status');
  await done.getByText(`${piece.stockNo} is tagged.`).waitFor();
  const { epc } = await api<PieceRow>(c, 'GET', `/pieces/${piece.id}`);
  assert.match(epc ?? '', /^30[0-9A-F]{22}$/);
  assert.match(await done.innerText(), new RegExp(`EPC ${epc}`));
  assert.is(await screen.getByRole('alert').count(), 0);
});

stock('should count Case 1 with the handheld, move the counters 0 → 2 of 3 as it reads, list the 1 missing piece with its stock number and last location, and sign it as the closing count with a manager’s note', async ({ c, page }) => {
  const pieces = (await piecesOf(c, 'Case 1')).filter((row) => !row.epc).slice(0, 3);
  assert.is(pieces.length, 3);
  const epcs: string[] = [];
  for (const [index, piece] of pieces.entries()) epcs.push(await tagByApi(c, piece, 10 + index));
  const missing = pieces[2] as PieceRow;

  await signIn(page, '101', '3917');
  await openStock(page, 'Count');
  const screen = page.locator('pos-stock-sweep');
  await screen.getByRole('button', { name: 'Case 1', exact: true }).click();
  await screen.getByRole('button', { name: 'Count Case 1' }).click();
  const counter = screen.locator('[data-found]');
  await counter.getByText('0 of 3 found').waitFor();

  await demo(c, 'PUT', 'rfid/field', { epcs: [epcs[0], epcs[1], 'E2806894000040123456FFFF'] });
  await demo(c, 'POST', 'rfid/trigger');
  await counter.getByText('2 of 3 found').waitFor();
  assert.match(await screen.getByText('not expected here').innerText(), /1 not expected here/);
  assert.match(await screen.locator(`li.loc[data-location="${missing.location}"]`).innerText(), /\d+ \/ \d+/);

  await screen.getByRole('button', { name: 'Finish the count' }).click();
  await screen.getByRole('heading', { name: 'Missing (1)' }).waitFor();
  const line = screen.locator(`li.piece[data-stock-no="${missing.stockNo}"]`);
  assert.match(await line.innerText(), new RegExp(`${missing.stockNo} · last known at ${missing.location}`));
  assert.is(await screen.locator('li.piece').count(), 1);
  assert.match(await screen.locator('[data-accuracy]').innerText(), /66\.66\s?%/);
  assert.match(await screen.getByText('not one of our tags').innerText(), /not one of our tags/);
  // The count is kept: its accuracy is in the history beside the result.
  await screen.locator('section.history li').getByText('66.66').waitFor();

  // Signed as the closing count: one short, so a manager writes the note and approves.
  const daily = screen.locator('pos-stock-daily');
  await daily.getByRole('button', { name: 'Sign as the closing count' }).click();
  await daily.getByText('(1 short, 0 over)').waitFor();
  await daily.getByLabel('Manager’s note').fill('Sent to the bench this afternoon');
  await daily.getByRole('button', { name: 'Sign with the note' }).click();
  await approveAsManager(page);
  await daily.getByRole('status').getByText('The closing count of Case 1 is signed.').waitFor();
  assert.match(await daily.locator('li').first().innerText(), /Closing · Case 1\s+2 \/ 3 · Sam Okafor · approved by Claire Dubois/);
});

stock('should correct a piece’s record to in repair with a manager’s approval, asked for a senior on the spot, and list the correction :: Case 4', async ({ c, page }) => {
  const [piece] = (await piecesOf(c, 'Case 4')) as [PieceRow];
  await signIn(page, '102', '5180');
  await openStock(page, 'Movements');
  const screen = page.locator('pos-stock-moves');
  await screen.getByLabel('Scan the piece’s label, or type its stock number').fill(piece.stockNo);
  await screen.getByRole('button', { name: 'Find' }).click();
  await screen.getByRole('heading', { name: 'What moved this piece' }).waitFor();
  await screen.getByRole('button', { name: 'Correct the record' }).click();
  const form = screen.locator('pos-dialog');
  await form.getByRole('button', { name: 'In repair' }).click();
  await form.getByLabel('Reason', { exact: true }).fill('Clasp sent to the bench');
  await form.getByRole('button', { name: 'Record it' }).click();
  await approveAsManager(page);
  await screen.getByRole('status').getByText(`The record of ${piece.stockNo} is corrected.`).waitFor();
  assert.is(await screen.locator('[data-status]').innerText(), 'in repair');
  assert.match(await screen.locator('li.card').first().innerText(), /Record corrected[\s\S]*Clasp sent to the bench/);
  const moved = await api<{ kind: string; toStatus: string; approverId: string | null }[]>(c, 'GET', `/stock/pieces/${piece.id}/movements`);
  assert.equal(moved.map((move) => [move.kind, move.toStatus, move.approverId !== null]), [['stock.adjusted', 'in_repair', true]]);
});

stock.run();
