/**
 * `loupe audit verify` on a ledger whose entries hold text that is not well-formed Unicode (a lone
 * surrogate in a reason or a name, as an HQ document or an importer could bring in past the API's
 * edge): the chain still verifies, because the hash covers the text exactly as it is stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Ledger } from '../../runtime/src/store/ledger.ts';
import type { StoredEventDraft } from '../../runtime/src/store/outbox.ts';
import { startTestAppliance } from '../helpers/appliance.ts';
import { runLoupe } from '../helpers/loupe-process.ts';

const cli = suite<{ dir: string }>('loupe audit verify and text that is not Unicode');
cli.before.each((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-cli-text-'));
});
cli.after.each((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

cli('should report OK after entries with lone surrogates, NUL and astral text :: exit 0', async ({ dir }) => {
  const t = await startTestAppliance({ dataDir: dir });
  // Events outside the catalog: the ledger's own write path is under test, not a command.
  const ledger: Ledger<StoredEventDraft> = t.appliance.ledger;
  const actor = { staff: { staffId: 'hq', name: 'HQ \uDBFF desk', role: 'admin' as const }, approver: null };
  for (const reason of ['\uD800 customer left', 'tail \uDC00', 'nul \u0000 inside', '💍 e\u0301']) {
    ledger.write({ action: 'test.noted', actor, target: 'note:\uDFFF', reason }, () => ({
      result: undefined,
      after: { reason, ['key \uD800']: 1 },
      events: [{ stream: 'stock', type: 'test.noted', schemaVersion: 1, payload: { reason } }],
    }));
  }
  await t.stop();
  const result = runLoupe(['audit', 'verify', '--data', dir]);
  assert.is(result.status, 0, result.stdout + result.stderr);
  assert.match(result.stdout, /^OK: \d+ audit entries, chain head [0-9a-f]{64}$/m);
});

cli.run();
