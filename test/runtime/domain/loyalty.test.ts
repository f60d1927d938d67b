import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { pointsBalance, pointsFor, pointsForTender, pointsToReverse, type LoyaltyRules, type PointsEntry } from '../../../runtime/src/domain/loyalty.ts';
import { tierFor, toNextTier, type TierRules } from '../../../runtime/src/domain/tiers.ts';

const LOYALTY: LoyaltyRules = { minorPerPoint: 100, pointValueMinor: 1, expiryDays: 730 };
const TIERS: TierRules = { loyalFromMinor: 500_000, vipFromMinor: 2_500_000, windowDays: 365, multiplierPct: { new: 100, loyal: 150, vip: 200 } };

const points = suite('loyalty points');
points('should earn by the tier multiplier, rounding down :: 1,578.99 at 1.5× = 2,368', () => {
  assert.is(pointsFor(157_899, 150, LOYALTY), 2368);
  assert.is(pointsFor(0, 200, LOYALTY), 0);
});
points('should reverse down to what the remaining net earns :: 2,368 earned, half returned', () => {
  assert.is(pointsToReverse(2368, 78_950, 150, LOYALTY), 2368 - 1184);
  assert.is(pointsToReverse(2368, 0, 150, LOYALTY), 2368);
});
points('should expire the whole balance 730 days after the last earning or redemption', () => {
  const entries: PointsEntry[] = [
    { at: '2024-01-10T00:00:00Z', kind: 'earn', points: 500 },
    { at: '2024-06-01T00:00:00Z', kind: 'redeem', points: -200 },
    { at: '2024-07-01T00:00:00Z', kind: 'reverse', points: -50 },
  ];
  assert.equal(pointsBalance(entries, new Date('2026-05-31T00:00:00Z'), LOYALTY), { balance: 250, expiring: 0, expiresAt: '2026-06-01T00:00:00.000Z' });
  assert.equal(pointsBalance(entries, new Date('2026-06-01T00:00:00Z'), LOYALTY), { balance: 0, expiring: 250, expiresAt: '2026-06-01T00:00:00.000Z' });
});
points('should redeem whole points only :: value 5 minor a point', () => {
  assert.is(pointsForTender(1000, { ...LOYALTY, pointValueMinor: 5 }), 200);
  assert.is(pointsForTender(1001, { ...LOYALTY, pointValueMinor: 5 }), null);
});
points.run();

const tiers = suite('tiers');
tiers('should move up at the thresholds :: 4,999.99 new, 5,000.00 loyal, 25,000.00 VIP', () => {
  assert.equal([tierFor(499_999, TIERS), tierFor(500_000, TIERS), tierFor(2_500_000, TIERS)], ['new', 'loyal', 'vip']);
  assert.equal(toNextTier(499_999, TIERS), { tier: 'loyal', minor: 1 });
  assert.is(toNextTier(2_500_000, TIERS), null);
});
tiers.run();
