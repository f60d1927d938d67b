/**
 * Property: through random histories of sales (some paid partly in points), returns, exchanges
 * and waits of days to months, a client's lifetime value, rolling spend, tier (and its change
 * events) and points balance are what a plain model of the rules says — checked through the API
 * after every step.
 */
import fc from 'fast-check';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { openTill, startTestAppliance, type TestAppliance } from '../../../helpers/appliance.ts';
import { addClient, call, tender } from '../../../helpers/clients.ts';

const DAY = 86_400_000;
const PRICES = [150_000, 480_000, 1_250_000] as const; // + 8.875 % tax
const LOYAL_FROM = 500_000;
const VIP_FROM = 2_500_000;
const MULTIPLIER = { new: 100, loyal: 150, vip: 200 } as const;
type Tier = keyof typeof MULTIPLIER;

type Step =
  | { kind: 'sale'; prices: number[]; pointsShare: number }
  | { kind: 'return'; pick: number }
  | { kind: 'exchange'; pick: number; price: number }
  | { kind: 'wait'; days: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('sale' as const), prices: fc.array(fc.constantFrom(...PRICES), { minLength: 1, maxLength: 2 }), pointsShare: fc.constantFrom(0, 0, 0.3, 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('return' as const), pick: fc.nat(20) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exchange' as const), pick: fc.nat(20), price: fc.constantFrom(...PRICES) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 100, max: 400 })) }) },
);

interface ModelSale {
  receiptNo: string;
  at: number;
  total: number;
  refunded: number;
  multiplier: number;
  earned: number;
  paidInPoints: boolean;
  open: { lineId: string }[];
}

class Model {
  sales: ModelSale[] = [];
  tier: Tier = 'new';
  tierChanges = 0;
  points = 0;
  lastActivity: number | null = null;

  net(sale: ModelSale) {
    return sale.total - sale.refunded;
  }
  ltv() {
    return this.sales.reduce((sum, sale) => sum + this.net(sale), 0);
  }
  rolling(now: number) {
    return this.sales.filter((sale) => sale.at >= now - 365 * DAY).reduce((sum, sale) => sum + this.net(sale), 0);
  }
  lapsed(now: number) {
    return this.lastActivity !== null && this.lastActivity + 730 * DAY <= now && this.points > 0;
  }
  balance(now: number) {
    return this.lapsed(now) ? 0 : this.points;
  }
  retier(now: number) {
    const spend = this.rolling(now);
    const tier: Tier = spend >= VIP_FROM ? 'vip' : spend >= LOYAL_FROM ? 'loyal' : 'new';
    if (tier !== this.tier) this.tierChanges += 1;
    this.tier = tier;
  }
  sold(now: number, sale: Omit<ModelSale, 'multiplier' | 'earned' | 'refunded'>, redeemed: number) {
    if (this.lapsed(now)) this.points = 0;
    const multiplier = MULTIPLIER[this.tier];
    const earned = Math.floor((sale.total * multiplier) / 10_000);
    this.points += earned - redeemed;
    this.lastActivity = now;
    this.sales.push({ ...sale, refunded: 0, multiplier, earned });
    this.retier(now);
  }
  refunded(now: number, sale: ModelSale, amount: number, restored: number) {
    sale.refunded += amount;
    const keep = Math.floor((this.net(sale) * sale.multiplier) / 10_000);
    this.points -= sale.earned - keep;
    sale.earned = keep;
    this.points += restored;
    this.retier(now);
  }
}

type Ctx = { t: TestAppliance; next: number };
const history = suite<Ctx>('client history (property)');
history.before(async (ctx) => {
  ctx.t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
  await openTill(ctx.t, 0);
  const db = ctx.t.appliance.ledger.db;
  const insert = db.prepare(
    `INSERT INTO pieces (id, stock_no, description, category, metal, fineness, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
     VALUES (?, ?, 'Property ring', 'ring', 'gold', 750, 1000, ?, 'USD', 'Case 9', 'owned', 'in_stock', '2026-11-24T00:00:00Z', '2026-11-24T00:00:00Z')`,
  );
  db.transaction(() => {
    for (let n = 0; n < 1500; n += 1) insert.run(`PT${n}`, `PT-${n}`, PRICES[n % PRICES.length]);
  })();
});
history.after(async (ctx) => ctx.t.stop());

history('should keep LTV, rolling spend, tier and points right through sales, returns, exchanges and time :: 25 random histories', async (ctx) => {
  const { t } = ctx;
  const db = t.appliance.ledger.db;
  // a piece of that price in stock, and not already in the sale being rung up
  const piece = (price: number, skip = 0) => (db.prepare("SELECT stock_no AS stockNo FROM pieces WHERE status = 'in_stock' AND stock_no LIKE 'PT-%' AND retail_minor = ? LIMIT 1 OFFSET ?").get(price, skip) as { stockNo: string }).stockNo;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
      let clerk = await t.login('102', '5180');
      const id = await addClient(t, clerk, { givenName: 'Prop', familyName: `Client ${(ctx.next += 1)}` });
      const model = new Model();
      const now = () => t.clock.now().getTime();
      for (const s of steps) {
        if (s.kind === 'wait') {
          t.clock.advance(s.days * DAY);
          clerk = await t.login('102', '5180');
          continue;
        }
        const returnable = model.sales.filter((sale) => sale.at + 30 * DAY > now() && sale.open.length > 0 && (s.kind === 'return' || !sale.paidInPoints));
        if (s.kind === 'sale') {
          const cart = (await call(t, clerk, 'POST', '/sales/carts')).json();
          let view = cart;
          for (const [index, price] of s.prices.entries()) view = (await call(t, clerk, 'POST', `/sales/carts/${cart.id}/lines`, { code: piece(price, s.prices.slice(0, index).filter((p) => p === price).length) })).json();
          await call(t, clerk, 'PUT', `/sales/carts/${cart.id}/client`, { clientId: id });
          const redeemed = Math.max(0, Math.min(model.balance(now()), Math.floor(view.totalMinor * s.pointsShare)));
          if (redeemed > 0) assert.is((await tender(t, clerk, cart.id, 'loyalty', redeemed)).statusCode, 200);
          if (view.totalMinor > redeemed) assert.is((await tender(t, clerk, cart.id, 'card', view.totalMinor - redeemed)).statusCode, 200);
          const done = await call(t, clerk, 'POST', `/sales/carts/${cart.id}/complete`);
          assert.is(done.statusCode, 201, done.body);
          const lines = done.json().sale.lines.map((line: { lineId: string }) => ({ lineId: line.lineId }));
          model.sold(now(), { receiptNo: done.json().receiptNo, at: now(), total: view.totalMinor, paidInPoints: redeemed > 0, open: lines }, redeemed);
        } else if (returnable.length > 0) {
          const sale = returnable[s.pick % returnable.length] as ModelSale;
          const line = sale.open.shift() as { lineId: string };
          if (s.kind === 'return') {
            const refund = await call(t, clerk, 'POST', `/sales/receipts/${sale.receiptNo}/refunds`, { lines: [{ lineId: line.lineId, quantity: 1 }] });
            assert.is(refund.statusCode, 201, refund.body);
            const restored = refund.json().tenders.filter((entry: { refundAs: string }) => entry.refundAs === 'loyalty').reduce((sum: number, entry: { amountMinor: number }) => sum + entry.amountMinor, 0);
            model.refunded(now(), sale, refund.json().amountMinor, restored);
          } else {
            const value = (await call(t, clerk, 'GET', `/sales/receipts/${sale.receiptNo}`)).json().lines.find((entry: { lineId: string }) => entry.lineId === line.lineId).refundMinor;
            const cart = (await call(t, clerk, 'POST', '/sales/carts')).json();
            const added = (await call(t, clerk, 'POST', `/sales/carts/${cart.id}/lines`, { code: piece(s.price) })).json();
            await call(t, clerk, 'PUT', `/sales/carts/${cart.id}/client`, { clientId: id });
            const exchanged = await call(t, clerk, 'POST', `/sales/carts/${cart.id}/exchange`, { receiptNo: sale.receiptNo, lines: [{ lineId: line.lineId, quantity: 1 }] });
            assert.is(exchanged.statusCode, 200, exchanged.body);
            if (exchanged.json().remainingMinor > 0) await tender(t, clerk, cart.id, 'card', exchanged.json().remainingMinor);
            const done = await call(t, clerk, 'POST', `/sales/carts/${cart.id}/complete`);
            assert.is(done.statusCode, 201, done.body);
            model.refunded(now(), sale, value, 0);
            const lines = done.json().sale.lines.map((entry: { lineId: string }) => ({ lineId: entry.lineId }));
            model.sold(now(), { receiptNo: done.json().receiptNo, at: now(), total: added.totalMinor, paidInPoints: false, open: lines }, 0);
          }
        }
        const profile = (await call(t, clerk, 'GET', `/clients/${id}`)).json();
        const seen = { ltv: profile.figures.lifetimeValueMinor, rolling: profile.figures.rollingSpendMinor, tier: profile.tier, points: profile.points.balance };
        assert.equal(seen, { ltv: model.ltv(), rolling: model.rolling(now()), tier: model.tier, points: model.balance(now()) }, JSON.stringify(steps));
      }
      const changes = db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE type = 'client.tier_changed' AND json_extract(body, '$.payload.clientId') = ?").get(id) as { n: number };
      assert.is(changes.n, model.tierChanges);
    }),
    { numRuns: 25, seed: 4242, endOnFailure: true },
  );
});

history.run();
