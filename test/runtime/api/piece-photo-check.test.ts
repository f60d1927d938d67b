/**
 * A photo is an image only when libvips can read it whole: signatures alone, truncated files,
 * a type other than the one sent, and headers claiming giant pictures are refused with a coded
 * 400 that leaves no file and no ledger row.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { bearer, startTestAppliance, type TestAppliance } from '../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../helpers/ledger.ts';
import { demoPhoto } from '../../../runtime/src/modules/demo/demo-photos.ts';

const check = suite<{ t: TestAppliance; senior: string }>('piece photo check');
check.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.senior = await ctx.t.login('102', '5180');
});
check.after(async (ctx) => ctx.t.stop());

const PNG = Buffer.from(demoPhoto('pendant', 'yellow', 'sapphire'));

/** The same PNG with its IHDR claiming another size (and a correct CRC, so only the size is wrong). */
function pngClaiming(width: number, height: number): Buffer {
  const png = Buffer.from(PNG);
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}

async function upload(t: TestAppliance, token: string, contentType: string, payload: Buffer) {
  return t.api.inject({ method: 'POST', url: '/api/v1/pieces/R-10044/photos', headers: { ...bearer(token), 'content-type': contentType }, payload });
}

check('should refuse what only looks like an image, leaving no file and no row :: 3-byte JPEG, 8-byte PNG, truncated PNG, PNG sent as JPEG, 30000×30000, 10000×5000', async ({ t, senior }) => {
  const before = ledgerFingerprint(t.appliance.ledger.db);
  const files = readdirSync(join(t.dataDir, 'photos')).sort();
  const cases: [string, string, Buffer, RegExp][] = [
    ['3-byte JPEG header', 'image/jpeg', Buffer.from([0xff, 0xd8, 0xff]), /not a readable image\/jpeg/],
    ['8-byte PNG signature', 'image/png', PNG.subarray(0, 8), /not a readable image\/png/],
    ['truncated PNG', 'image/png', PNG.subarray(0, Math.floor(PNG.length / 2)), /truncated or damaged image\/png/],
    ['PNG sent as JPEG', 'image/jpeg', PNG, /sent as image\/jpeg but the bytes are image\/png/],
    ['30000×30000 header', 'image/png', pngClaiming(30_000, 30_000), /30000×30000 px: a photo is at most 12000 px a side/],
    ['10000×5000 header', 'image/png', pngClaiming(10_000, 5_000), /10000×5000 px: a photo has at most 40000000 pixels/],
  ];
  for (const [name, type, bytes, reason] of cases) {
    const reply = await upload(t, senior, type, bytes);
    assert.equal([reply.statusCode, reply.json().error.code], [400, 'LOUPE_E_CATALOG_PHOTO_INVALID'], `${name}: ${reply.body}`);
    assert.match(String(reply.json().error.details.reason), reason, `${name}: ${reply.json().error.details.reason}`);
  }
  assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  assert.equal(readdirSync(join(t.dataDir, 'photos')).sort(), files, 'no file left by a refused photo');
});

check('should accept a real photo of each kind and serve it with the type it is :: JPEG 1200×800, WebP 640×480', async ({ t, senior }) => {
  const jpeg = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 240, g: 232, b: 220 } } }).jpeg({ quality: 85 }).toBuffer();
  const webp = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 20, g: 40, b: 120 } } }).webp().toBuffer();
  for (const [type, bytes] of [['image/jpeg', jpeg], ['image/webp', webp]] as const) {
    const reply = await upload(t, senior, type, bytes);
    assert.is(reply.statusCode, 201, reply.body);
    const photo = (reply.json().photos as { sha256: string; contentType: string }[]).at(-1)!;
    assert.is(photo.contentType, type);
    const back = await t.api.inject({ url: `/api/v1/pieces/R-10044/photos/${photo.sha256}`, headers: bearer(senior) });
    assert.equal([back.statusCode, back.headers['content-type'], back.rawPayload.equals(bytes)], [200, type, true]);
  }
});

check.run();
