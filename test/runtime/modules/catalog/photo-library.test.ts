/**
 * Whatever step of storing a photo the full card breaks (write, fsync, rename, or the ledger's
 * own commit after the file is in place), the upload answers LOUPE_E_LEDGER_FULL and no file is
 * left in the photo folder. The failing steps are injected into the library's file operations.
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import sharp from 'sharp';
import { SYSTEM_ACTOR } from '../../../../runtime/src/domain/actor.ts';
import { isLoupeError } from '../../../../runtime/src/errors.ts';
import { PhotoLibrary, type PhotoFiles } from '../../../../runtime/src/modules/catalog/photo-library.ts';
import { PiecePhotos } from '../../../../runtime/src/modules/catalog/piece-photos.ts';
import { startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { ledgerFingerprint } from '../../../helpers/ledger.ts';

const library = suite<{ t: TestAppliance; photo: Buffer }>('photo library on a full card');
library.before(async (ctx) => {
  ctx.t = await startTestAppliance();
  ctx.photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 180, b: 90 } } }).png().toBuffer();
});
library.after(async (ctx) => ctx.t.stop());

const LIMITS = { maxBytes: 5 << 20, maxSidePx: 12_000, maxPixels: 40_000_000 };

function enospc(step: string): never {
  throw Object.assign(new Error(`ENOSPC: no space left on device, ${step}`), { code: 'ENOSPC', errno: -28, syscall: step });
}

const FAILING: Record<string, Partial<PhotoFiles>> = {
  write: { writeSync: (() => enospc('write')) as PhotoFiles['writeSync'] },
  fsync: { fsyncSync: () => enospc('fsync') },
  rename: { renameSync: () => enospc('rename') },
};

for (const [step, failing] of Object.entries(FAILING)) {
  library(`should answer LOUPE_E_LEDGER_FULL and leave no file :: ENOSPC on ${step}`, async ({ t, photo }) => {
    const dir = join(t.dataDir, `photos-${step}`);
    const photos = new PiecePhotos({ ledger: t.appliance.ledger, now: t.clock.now, library: new PhotoLibrary(dir, { ...fs, ...failing }), limits: LIMITS });
    const before = ledgerFingerprint(t.appliance.ledger.db);
    const error = await photos.add('R-10041', photo, 'image/png', SYSTEM_ACTOR).then(() => null, (caught: unknown) => caught);
    assert.ok(isLoupeError(error), String(error));
    assert.equal([error.code, error.status], ['LOUPE_E_LEDGER_FULL', 503]);
    assert.equal(fs.readdirSync(dir), []);
    assert.is(ledgerFingerprint(t.appliance.ledger.db), before);
  });
}

library('should remove the new file when the ledger cannot record it :: the write refused after the rename', async ({ t, photo }) => {
  const dir = join(t.dataDir, 'photos-ledger');
  const photos = new PiecePhotos({ ledger: t.appliance.ledger, now: t.clock.now, library: new PhotoLibrary(dir), limits: LIMITS });
  const db = t.appliance.ledger.db;
  // The ledger's transaction fails once the file is in place, as a commit on a full card does.
  db.exec("CREATE TEMP TRIGGER refuse_photo BEFORE INSERT ON piece_photos BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
  const before = ledgerFingerprint(db);
  const error = await photos.add('R-10041', photo, 'image/png', SYSTEM_ACTOR).then(() => null, (caught: unknown) => caught as Error);
  db.exec('DROP TRIGGER refuse_photo');
  assert.match(String(error?.message), /database or disk is full/);
  assert.equal(fs.readdirSync(dir), []);
  assert.is(ledgerFingerprint(db), before);
});

library.run();
