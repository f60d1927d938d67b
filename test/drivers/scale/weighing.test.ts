import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { ScaleReading, ScaleStatus } from '../../../drivers/scale/interface.ts';
import { WeighingPolicy } from '../../../drivers/scale/weighing.ts';
import { seededRandom } from '../../helpers/seeded-random.ts';

function reading(status: ScaleStatus, micrograms: bigint | null, unitSymbol = 'g', at = 0): ScaleReading {
  const unit = unitSymbol === 'g' ? 'g' : unitSymbol === 'ct' ? 'ct' : unitSymbol === 'oz' ? 'oz' : null;
  return { status, micrograms, value: String(micrograms ?? ''), unit, unitSymbol, at };
}

const ZERO = reading('stable', 0n);
const RING = 2_515_000n; // 2.515 g

const policy = suite('WeighingPolicy');

policy('should price a stable load after a zero :: 2.515 g', () => {
  const p = new WeighingPolicy();
  p.observe(ZERO);
  const verdict = p.judge(reading('stable', RING));
  assert.ok(verdict.ok);
  assert.is(verdict.ok && verdict.weight.micrograms, RING);
  assert.is(verdict.ok && verdict.weight.stable, true);
});

policy('should never price an unstable reading :: US 2.515 g → LOUPE_E_SCALE_UNSTABLE', () => {
  const p = new WeighingPolicy();
  p.observe(ZERO);
  const verdict = p.judge(reading('unstable', RING));
  assert.is(!verdict.ok && verdict.error.code, 'LOUPE_E_SCALE_UNSTABLE');
  assert.ok(p.zeroed, 'a refused reading must not use up the zero');
});

policy('should require a return to zero between weighings :: 2nd ring without zero → NOT_ZEROED', () => {
  const p = new WeighingPolicy();
  p.observe(ZERO);
  assert.ok(p.judge(reading('stable', RING)).ok);
  const second = p.judge(reading('stable', 3_100_000n));
  assert.is(!second.ok && second.error.code, 'LOUPE_E_SCALE_NOT_ZEROED');
  p.observe(reading('unstable', 0n)); // a moving zero does not count
  assert.is(!p.judge(reading('stable', 3_100_000n)).ok, true);
  p.observe(reading('stable', 800n)); // within the 1 mg zero band
  assert.ok(p.judge(reading('stable', 3_100_000n)).ok);
});

policy('should require a zero after start :: a load already on the pan → NOT_ZEROED', () => {
  const verdict = new WeighingPolicy().judge(reading('stable', RING));
  assert.is(!verdict.ok && verdict.error.code, 'LOUPE_E_SCALE_NOT_ZEROED');
});

policy('should keep overload, underload, empty and unit apart :: 4 distinct codes, never 0', () => {
  const p = new WeighingPolicy();
  p.observe(ZERO);
  const codes = [reading('overload', null), reading('underload', null), reading('stable', 500n), reading('stable', RING, 'oz'), reading('stable', -50_000n)].map((r) => {
    const verdict = p.judge(r);
    return verdict.ok ? 'priced' : verdict.error.code;
  });
  assert.equal(codes, ['LOUPE_E_SCALE_OVERLOAD', 'LOUPE_E_SCALE_UNDERLOAD', 'LOUPE_E_SCALE_EMPTY', 'LOUPE_E_SCALE_UNIT', 'LOUPE_E_SCALE_UNDERLOAD']);
});

policy('should never offer an unstable reading, over 20,000 random readings :: seed 42', () => {
  const random = seededRandom(42);
  const statuses: ScaleStatus[] = ['stable', 'unstable', 'unstable', 'overload', 'underload'];
  const p = new WeighingPolicy();
  let priced = 0;
  let lastPricedAt = -1;
  let zeroSince = false;
  for (let i = 0; i < 20_000; i += 1) {
    const status = statuses[Math.floor(random() * statuses.length)] as ScaleStatus;
    const micrograms = random() < 0.3 ? 0n : BigInt(Math.floor(random() * 5_000_000));
    const r = reading(status, status === 'overload' || status === 'underload' ? null : micrograms, 'g', i);
    // The default zero band is 1 mg: a stable reading at or under it is a return to zero.
    if (r.status === 'stable' && r.micrograms !== null && r.micrograms <= 1_000n) zeroSince = true;
    const verdict = random() < 0.5 ? p.judge(r) : (p.observe(r), null);
    if (verdict?.ok) {
      priced += 1;
      assert.is(r.status, 'stable', `reading ${i} was priced while ${r.status}`);
      assert.is(verdict.weight.micrograms, r.micrograms);
      assert.ok(zeroSince, `reading ${i} was priced without a return to zero since reading ${lastPricedAt}`);
      zeroSince = false;
      lastPricedAt = i;
    }
  }
  assert.ok(priced > 100, `only ${priced} weighings were priced`);
});

policy.run();
