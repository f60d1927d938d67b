/**
 * Pull the plug, 30 times: the appliance runs as a child process, two clients stream committing
 * commands at it (receive a piece, then reprice it), and it is SIGKILLed at a random moment.
 * After all of it, every command that was acknowledged is there, nothing is half-written, the
 * audit chain verifies and the outbox seq has no gap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { post, runLoupe, startLoupe } from '../helpers/loupe-process.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const KILLS = 30;
const SEED = Number(process.env.LOUPE_TEST_SEED ?? 20261124);

interface Acked {
  received: Map<string, string>; // stockNo → piece id
  repriced: Map<string, number>; // piece id → retail
}

async function client(url: string, token: string, name: string, acked: Acked): Promise<void> {
  for (let n = 0; ; n += 1) {
    const stockNo = `K-${name}-${n}`;
    const received = await post(`${url}/api/v1/pieces`, token, {
      stockNo,
      description: 'Crash-test band',
      category: 'ring',
      metal: 'gold',
      fineness: 585,
      stones: [],
      costMinor: 10_000 + n,
      retailMinor: 25_000 + n,
      location: 'Back office',
      ownership: 'owned',
    });
    if (received.status !== 201) throw new Error(`receive answered ${received.status}: ${await received.text()}`);
    const id = ((await received.json()) as { id: string }).id;
    acked.received.set(stockNo, id);
    const retail = 30_000 + n;
    const repriced = await fetch(`${url}/api/v1/pieces/${id}/price`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ retailMinor: retail, reason: 'crash test' }),
    });
    if (repriced.status !== 200) throw new Error(`reprice answered ${repriced.status}`);
    await repriced.arrayBuffer();
    acked.repriced.set(id, retail);
  }
}

const crash = suite<{ dir: string }>('crash safety');
crash.before((ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-crash-'));
});
crash.after((ctx) => rmSync(ctx.dir, { recursive: true, force: true }));

crash(`should keep every acknowledged command through ${KILLS} SIGKILLs :: seed ${SEED}`, async ({ dir }) => {
  const random = seededRandom(SEED); // a failing run's kill times replay from its seed
  const acked: Acked = { received: new Map(), repriced: new Map() };
  // At least KILLS kills and at least 100 acknowledged pieces: on a loaded machine each run acknowledges fewer, so more runs follow (at most 3 × KILLS).
  let kill = 0;
  for (; kill < KILLS || (acked.received.size < 100 && kill < 3 * KILLS); kill += 1) {
    const loupe = await startLoupe(dir);
    const signIn = await post(`${loupe.url}/api/v1/auth/login`, null, { code: '100', pin: '8264' });
    const { token } = (await signIn.json()) as { token: string };
    const clients = ['A', 'B'].map((name) => client(loupe.url, token, `${kill}${name}`, acked).catch((error: Error) => error));
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(random() * 400)));
    await loupe.kill();
    for (const ended of await Promise.all(clients)) {
      // The only way a client may end is the connection dying under it.
      assert.ok(ended instanceof TypeError, `client ended with ${String(ended)}`);
    }
  }
  assert.ok(acked.received.size >= 100, `only ${acked.received.size} pieces acknowledged across ${kill} runs`);
  process.stdout.write(`\n  crash safety: ${kill} kills, ${acked.received.size} receipts and ${acked.repriced.size} reprices acknowledged\n`);

  const last = await startLoupe(dir);
  assert.is(await last.stop(), 0);

  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  try {
    assert.is(db.pragma('integrity_check', { simple: true }), 'ok');
    const pieces = new Map((db.prepare("SELECT id, stock_no, retail_minor FROM pieces WHERE stock_no LIKE 'K-%'").all() as { id: string; stock_no: string; retail_minor: number }[]).map((p) => [p.stock_no, p]));
    for (const [stockNo, id] of acked.received) assert.is(pieces.get(stockNo)?.id, id, `acknowledged ${stockNo} is missing`);
    for (const [id, retail] of acked.repriced) {
      assert.is((db.prepare('SELECT retail_minor FROM pieces WHERE id = ?').get(id) as { retail_minor: number }).retail_minor, retail);
    }
    // Nothing half-written: each piece, its audit entry and its HQ event exist together or not at all.
    const receivedAudit = db.prepare("SELECT target FROM audit_log WHERE action = 'piece.received' AND target = ?");
    const receivedEvent = db.prepare("SELECT seq FROM outbox WHERE type = 'piece.received' AND business_key = ?");
    for (const piece of pieces.values()) {
      assert.is(receivedAudit.all(`piece:${piece.id}`).length, 1, piece.stock_no);
      assert.is(receivedEvent.all(`piece:${piece.stock_no}`).length, 1, piece.stock_no);
    }
    const counts = db
      .prepare(
        `SELECT (SELECT COUNT(*) FROM audit_log WHERE action = 'piece.received' AND target LIKE 'piece:%'
                   AND substr(target, 7) IN (SELECT id FROM pieces WHERE stock_no LIKE 'K-%')) AS audited,
                (SELECT COUNT(*) FROM outbox WHERE type = 'piece.received' AND business_key LIKE 'piece:K-%') AS events,
                (SELECT COUNT(*) FROM audit_log WHERE action = 'piece.repriced') AS repricedAudit,
                (SELECT COUNT(*) FROM outbox WHERE type = 'piece.repriced') AS repricedEvents`,
      )
      .get() as { audited: number; events: number; repricedAudit: number; repricedEvents: number };
    assert.equal([counts.audited, counts.events], [pieces.size, pieces.size]);
    assert.is(counts.repricedAudit, counts.repricedEvents);
    // Gapless: outbox seq runs 1..N and N is the ledger's own counter.
    const outbox = db.prepare("SELECT COUNT(*) AS n, MIN(seq) AS lo, MAX(seq) AS hi, (SELECT value FROM counters WHERE name = 'outbox.seq') AS counter FROM outbox").get() as Record<string, number>;
    assert.equal(outbox, { n: outbox.counter, lo: 1, hi: outbox.counter, counter: outbox.counter });
  } finally {
    db.close();
  }
  const verify = runLoupe(['audit', 'verify', '--data', dir]);
  assert.is(verify.status, 0, verify.stdout + verify.stderr);
});

crash.run();
