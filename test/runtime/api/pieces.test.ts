import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { demoPhoto } from '../../../runtime/src/modules/demo/demo-photos.ts';
import { count, ledgerFingerprint } from '../../helpers/ledger.ts';

const pieces = suite<{ t: TestAppliance; associate: string; manager: string; senior: string }>('pieces');
pieces.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.associate = await ctx.t.login('101', '3917');
  ctx.senior = await ctx.t.login('102', '5180');
  ctx.manager = await ctx.t.login('100', '8264');
});
pieces.after(async (ctx) => ctx.t.stop());

const NEW_PIECE = {
  stockNo: 'R-20001',
  barcode: '2000200010',
  description: 'Oval sapphire ring with diamond shoulders',
  category: 'ring',
  metal: 'gold',
  fineness: 750,
  metalColour: 'yellow',
  metalWeightUg: 3_900_000,
  stones: [{ type: 'sapphire', count: 1, weightUg: 244_000, colour: 'cornflower blue', certificate: { lab: 'GIA', reportNo: '6234991021' } }],
  costMinor: 310_000,
  retailMinor: 725_000,
  location: 'Case 1 / Tray C',
  ownership: 'owned',
};

pieces('should hide cost from an associate and show it to a manager :: 36 demo pieces', async ({ t, associate, manager }) => {
  const seen = (await t.api.inject({ url: '/api/v1/pieces?limit=200', headers: bearer(associate) })).json() as { costMinor?: number }[];
  assert.is(seen.length, 36);
  assert.ok(seen.every((piece) => piece.costMinor === undefined));
  const full = (await t.api.inject({ url: '/api/v1/pieces?limit=200', headers: bearer(manager) })).json() as { costMinor?: number }[];
  assert.ok(full.every((piece) => typeof piece.costMinor === 'number'));
});

pieces('should find a piece by stock no., barcode and certificate no. :: R-10041', async ({ t, associate }) => {
  const byStock = (await t.api.inject({ url: '/api/v1/pieces/R-10041', headers: bearer(associate) })).json();
  assert.is(byStock.karat, null);
  assert.is(byStock.fineness, 950);
  const byBarcode = (await t.api.inject({ url: `/api/v1/pieces/${byStock.barcode}`, headers: bearer(associate) })).json();
  const certificate = byStock.stones[0].certificate.reportNo;
  const byCertificate = (await t.api.inject({ url: `/api/v1/pieces/${certificate}`, headers: bearer(associate) })).json();
  assert.equal([byBarcode.id, byCertificate.id], [byStock.id, byStock.id]);
  const missing = await t.api.inject({ url: '/api/v1/pieces/R-99999', headers: bearer(associate) });
  assert.is(missing.json().error.code, 'LOUPE_E_CATALOG_PIECE_NOT_FOUND');
});

pieces('should receive a piece with an audit entry and a stock event :: 18k, 1.22 ct sapphire', async ({ t, senior }) => {
  const events = count(t.appliance.ledger.db, 'outbox');
  const reply = await t.api.inject({ method: 'POST', url: '/api/v1/pieces', headers: bearer(senior), payload: NEW_PIECE });
  assert.is(reply.statusCode, 201, reply.body);
  assert.equal([reply.json().karat, reply.json().status, reply.json().currency, reply.json().costMinor], [18, 'in_stock', 'USD', undefined]);
  const event = t.appliance.ledger.db.prepare('SELECT stream, type, body FROM outbox WHERE seq = ?').get(events + 1) as { stream: string; type: string; body: string };
  assert.equal([event.stream, event.type], ['stock', 'piece.received']);
  assert.is(JSON.parse(event.body).payload.stockNo, 'R-20001');
});

pieces('should refuse a fineness that is not hallmarkable and a stock no. twice', async ({ t, senior }) => {
  const wrongGold = await t.api.inject({ method: 'POST', url: '/api/v1/pieces', headers: bearer(senior), payload: { ...NEW_PIECE, stockNo: 'R-20002', barcode: undefined, stones: [], fineness: 600 } });
  assert.is(wrongGold.statusCode, 400);
  assert.match(wrongGold.json().error.message, '600 is not a fineness for gold');
  const twice = await t.api.inject({ method: 'POST', url: '/api/v1/pieces', headers: bearer(senior), payload: { ...NEW_PIECE, barcode: undefined, stones: [] } });
  assert.is(twice.statusCode, 409);
  assert.is(twice.json().error.code, 'LOUPE_E_CATALOG_STOCK_NO_TAKEN');
});

pieces('should filter by the attributes a client asks for :: 18k diamond under $3,000; Aurora bracelets; emeralds in Case 1', async ({ t, associate }) => {
  const search = async (query: string) =>
    ((await t.api.inject({ url: `/api/v1/pieces?limit=200&${query}`, headers: bearer(associate) })).json() as { stockNo: string }[]).map((p) => p.stockNo);
  assert.equal(await search('metal=gold&fineness=750&stone=diamond&maxPriceMinor=300000'), ['E-10041', 'E-10043', 'E-10045', 'E-10047']);
  assert.equal(await search('collection=Aurora&category=bracelet'), ['B-10041', 'B-10042', 'B-10043', 'B-10044']);
  assert.equal(await search('stone=emerald&location=Case%201'), ['P-10041', 'P-10042', 'P-10043', 'P-10044']);
  assert.equal(await search('metal=silver&minPriceMinor=30000'), []);
});

pieces('should show the demo piece’s photo, add a photo as its bytes and serve it back :: PNG upload', async ({ t, associate, senior }) => {
  const demo = (await t.api.inject({ url: '/api/v1/pieces/R-10041', headers: bearer(associate) })).json();
  assert.is(demo.photos.length, 1);
  const shown = await t.api.inject({ url: `/api/v1/pieces/R-10041/photos/${demo.photos[0].sha256}`, headers: bearer(associate) });
  assert.equal([shown.statusCode, shown.headers['content-type']], [200, 'image/png']);
  assert.is(createHash('sha256').update(shown.rawPayload).digest('hex'), demo.photos[0].sha256);

  const picture = demoPhoto('earrings', 'rose', 'ruby');
  const added = await t.api.inject({ method: 'POST', url: '/api/v1/pieces/R-10042/photos', headers: { ...bearer(senior), 'content-type': 'image/png' }, payload: Buffer.from(picture) });
  assert.is(added.statusCode, 201, added.body);
  const photos = added.json().photos as { sha256: string; contentType: string }[];
  assert.is(photos.length, 2);
  const back = await t.api.inject({ url: `/api/v1/pieces/R-10042/photos/${photos[1]!.sha256}`, headers: bearer(associate) });
  assert.ok(Buffer.compare(back.rawPayload, Buffer.from(picture)) === 0);
  const event = t.appliance.ledger.db.prepare("SELECT body FROM outbox WHERE type = 'piece.photo_added' ORDER BY seq DESC LIMIT 1").get() as { body: string };
  assert.equal(JSON.parse(event.body).payload.sha256, photos[1]!.sha256);
});

pieces('should refuse a photo that is not an image, whatever its header says, and change nothing', async ({ t, senior, associate }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const files = readdirSync(join(t.dataDir, 'photos')).length;
  const nowhere = await t.api.inject({ method: 'POST', url: '/api/v1/pieces/R-99999/photos', headers: { ...bearer(senior), 'content-type': 'image/png' }, payload: Buffer.from(demoPhoto('ring', 'rose', 'diamond')) });
  assert.equal([nowhere.statusCode, nowhere.json().error.code], [404, 'LOUPE_E_CATALOG_PIECE_NOT_FOUND']);
  const text = await t.api.inject({ method: 'POST', url: '/api/v1/pieces/R-10043/photos', headers: { ...bearer(senior), 'content-type': 'image/jpeg' }, payload: Buffer.from('<svg onload="alert(1)"/>') });
  assert.equal([text.statusCode, text.json().error.code], [400, 'LOUPE_E_CATALOG_PHOTO_INVALID']);
  const clerk = await t.api.inject({ method: 'POST', url: '/api/v1/pieces/R-10043/photos', headers: { ...bearer(associate), 'content-type': 'image/png' }, payload: Buffer.from(demoPhoto('ring', 'white', 'diamond')) });
  assert.is(clerk.statusCode, 403);
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  assert.is(readdirSync(join(t.dataDir, 'photos')).length, files, 'no file left by a refused photo');
  const missing = await t.api.inject({ url: `/api/v1/pieces/R-10043/photos/${'0'.repeat(64)}`, headers: bearer(associate) });
  assert.equal([missing.statusCode, missing.json().error.code], [404, 'LOUPE_E_CATALOG_PHOTO_NOT_FOUND']);
});

pieces.run();
