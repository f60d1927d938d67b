/**
 * Pull the plug around card payments, 20 times: `loupe start` runs as a child process against a
 * simulated nexo terminal in this process (which outlives every kill, as a real terminal does), a
 * clerk sells gift cards paid by card in a loop, and the appliance is SIGKILLed at a random moment.
 * The terminal approves some payments at once, some with the answer 150 ms on its way, some with
 * the answer lost. After every restart, every approval the terminal ever gave is either captured
 * by a completed sale or reversed at the terminal, with the ledger's rows, audit entries and HQ
 * events saying so; at the end the audit chain verifies.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { PaymentTerminalSimulator, type CardHolderChoice } from '../../drivers/payment/simulator.ts';
import { SETTINGS_VERSION } from '../../runtime/src/config/settings-schema.ts';
import type { CardPayment } from '../../runtime/src/wire/payments.ts';
import { post, runLoupe, startLoupe, type RunningLoupe } from '../helpers/loupe-process.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const KILLS = 20;
const SEED = Number(process.env.LOUPE_TEST_SEED ?? 20261203);
const CHOICES: CardHolderChoice[] = ['approve', 'slow', 'slow', 'drop', 'decline'];

async function signIn(loupe: RunningLoupe, code: string, pin: string): Promise<string> {
  const answer = await post(`${loupe.url}/api/v1/auth/login`, null, { code, pin });
  return ((await answer.json()) as { token: string }).token;
}

/** Sells gift cards paid by card until the connection dies under it; counts completed sales. */
async function clerk(url: string, token: string, sold: { count: number }): Promise<void> {
  for (let n = 0; ; n += 1) {
    const cart = (await (await post(`${url}/api/v1/sales/carts`, token)).json()) as { id: string };
    const amountMinor = 10_000 + n * 100;
    const card = await post(`${url}/api/v1/sales/carts/${cart.id}/gift-cards`, token, { amountMinor });
    if (card.status !== 200) throw new Error(`gift card answered ${card.status}: ${await card.text()}`);
    const paid = await post(`${url}/api/v1/sales/carts/${cart.id}/card`, token, { amountMinor });
    if (paid.status !== 200) {
      const code = ((await paid.json()) as { error: { code: string } }).error.code;
      if (code !== 'LOUPE_E_SALE_CARD_DECLINED') throw new Error(`card answered ${paid.status} ${code}`);
      continue;
    }
    const done = await post(`${url}/api/v1/sales/carts/${cart.id}/complete`, token);
    if (done.status !== 201) throw new Error(`complete answered ${done.status}: ${await done.text()}`);
    sold.count += 1;
  }
}

/** Waits until the appliance has settled every payment a previous run left open, and returns them all. */
async function settled(loupe: RunningLoupe, token: string): Promise<CardPayment[]> {
  const list = async (open: boolean) => (await (await fetch(`${loupe.url}/api/v1/payments/card?show=${open ? 'open' : 'all'}&limit=500`, { headers: { authorization: `Bearer ${token}` } })).json()) as CardPayment[];
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 100))) {
    if ((await list(true)).length === 0) return list(false);
  }
  throw new Error(`payments still open 15 s after start: ${JSON.stringify(await list(true))}`);
}

/** Every approval the terminal gave: captured by a receipt, or reversed at the terminal and in the ledger. */
function checkApprovals(terminal: PaymentTerminalSimulator, payments: CardPayment[], when: string): void {
  const byRef = new Map(payments.filter((payment) => payment.terminalRef).map((payment) => [payment.terminalRef as string, payment]));
  for (const approval of terminal.approvals) {
    const payment = byRef.get(approval.terminalRef);
    assert.ok(payment, `${when}: the terminal approved ${approval.terminalRef} (${approval.amountMinor}) and the ledger does not know it`);
    assert.is(payment.amountMinor, approval.amountMinor);
    if (approval.reversed) assert.is(payment.state, 'reversed', `${when}: ${approval.terminalRef} reversed at the terminal, ${payment.state} in the ledger`);
    else assert.ok(payment.state === 'captured' && payment.settledRef, `${when}: ${approval.terminalRef} is charged and ${payment.state} in the ledger`);
  }
  for (const payment of payments.filter((candidate) => candidate.state === 'reversed')) {
    assert.ok(terminal.approvals.some((approval) => approval.terminalRef === payment.terminalRef && approval.reversed), `${when}: ${payment.id} is reversed in the ledger only`);
  }
}

const crash = suite<{ dir: string; terminal: PaymentTerminalSimulator }>('card payments through crashes');
crash.before(async (ctx) => {
  ctx.dir = mkdtempSync(join(tmpdir(), 'loupe-card-crash-'));
  ctx.terminal = new PaymentTerminalSimulator(() => 2);
  ctx.terminal.slowAnswerMs = 150;
  const url = await ctx.terminal.start();
  writeFileSync(join(ctx.dir, 'settings.json'), JSON.stringify({ version: SETTINGS_VERSION, payment: { terminalUrl: url, answerTimeoutSeconds: 30 } }));
});
crash.after(async (ctx) => {
  await ctx.terminal.stop();
  rmSync(ctx.dir, { recursive: true, force: true });
});

crash(`should leave no approved card uncaptured or unreversed through ${KILLS} SIGKILLs :: seed ${SEED}`, async ({ dir, terminal }) => {
  const random = seededRandom(SEED);
  const sold = { count: 0 };
  let recovered = 0;
  for (let kill = 0; kill <= KILLS; kill += 1) {
    const loupe = await startLoupe(dir);
    const manager = await signIn(loupe, '100', '8264');
    const payments = await settled(loupe, manager);
    checkApprovals(terminal, payments, `after restart ${kill}`);
    recovered = payments.filter((payment) => payment.recovered).length;
    if (kill === KILLS) {
      assert.is(await loupe.stop(), 0);
      break;
    }
    if (kill === 0) assert.is((await post(`${loupe.url}/api/v1/till/open`, manager, { floatMinor: 50_000 })).status, 201);
    terminal.nextPayments(...Array.from({ length: 40 }, () => CHOICES[Math.floor(random() * CHOICES.length)] as CardHolderChoice));
    const selling = clerk(loupe.url, await signIn(loupe, '101', '3917'), sold).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100 + Math.floor(random() * 700)));
    await loupe.kill();
    const ended = await selling;
    assert.ok(ended instanceof TypeError, `the clerk stopped with ${String(ended)}`);
  }
  const approvals = terminal.approvals;
  process.stdout.write(`\n  card crashes: ${KILLS} kills, ${approvals.length} approvals, ${sold.count} sales acknowledged, ${recovered} payments settled after a restart (${approvals.filter((approval) => approval.reversed).length} reversed)\n`);
  assert.ok(sold.count >= KILLS, `only ${sold.count} sales across ${KILLS} runs`);
  assert.ok(recovered >= 3, `only ${recovered} payments needed recovery: the kills did not land between approval and completion`);

  const db = new Database(join(dir, 'ledger.sqlite'), { readonly: true });
  try {
    // A captured payment's receipt is a completed sale with a card tender of that amount.
    const captured = db.prepare("SELECT p.amount_minor AS amount, (SELECT COUNT(*) FROM sale_tenders t JOIN sales s ON s.id = t.sale_id WHERE s.receipt_no = p.settled_ref AND t.kind = 'card' AND t.amount_minor = p.amount_minor) AS tenders FROM card_payments p WHERE p.state = 'captured'").all() as { amount: number; tenders: number }[];
    assert.ok(captured.length > 0);
    for (const row of captured) assert.is(row.tenders, 1);
    // Each change of a payment is one audit entry and one HQ event.
    const unpaired = db.prepare("SELECT a.target FROM (SELECT target, COUNT(*) AS n FROM audit_log WHERE target LIKE 'payment:%' GROUP BY target) a LEFT JOIN (SELECT business_key, COUNT(*) AS n FROM outbox WHERE business_key LIKE 'payment:%' GROUP BY business_key) o ON o.business_key = a.target WHERE o.n IS NOT a.n").all();
    assert.equal(unpaired, []);
  } finally {
    db.close();
  }
  const verify = runLoupe(['audit', 'verify', '--data', dir]);
  assert.is(verify.status, 0, verify.stdout + verify.stderr);
});

crash.run();
