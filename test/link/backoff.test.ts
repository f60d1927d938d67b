/** Reconnect delays: exponential ceiling, full jitter, so a fleet does not reconnect in lock-step. */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Backoff } from '../../runtime/src/link/backoff.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const backoff = suite('reconnect backoff');

backoff('should double the ceiling per attempt up to the maximum :: 1 s initial, 300 s max, 12 attempts', () => {
  const policy = new Backoff({ initialMs: 1000, maxMs: 300_000 }, () => 0.999_999);
  const delays = Array.from({ length: 12 }, () => policy.next());
  assert.equal(delays, [999, 1999, 3999, 7999, 15_999, 31_999, 63_999, 127_999, 255_999, 299_999, 299_999, 299_999]);
  assert.is(policy.attempts, 12);
});

backoff('should start over after a successful connection :: reset after 6 attempts', () => {
  const policy = new Backoff({ initialMs: 1000, maxMs: 300_000 }, () => 0.5);
  for (let i = 0; i < 6; i += 1) policy.next();
  policy.reset();
  assert.is(policy.next(), 500);
});

backoff('should spread a fleet evenly over the whole window :: 1,000 tills at attempt 5, 10 buckets of 3.2 s', () => {
  const random = seededRandom(42);
  const delays = Array.from({ length: 1000 }, () => {
    const till = new Backoff({ initialMs: 1000, maxMs: 300_000 }, random);
    for (let i = 0; i < 5; i += 1) till.next();
    return till.next(); // ceiling 32 s
  });
  assert.ok(delays.every((delay) => delay >= 0 && delay < 32_000));
  const buckets = Array.from({ length: 10 }, (_, b) => delays.filter((delay) => delay >= b * 3200 && delay < (b + 1) * 3200).length);
  assert.ok(buckets.every((count) => count >= 70 && count <= 130), `each 3.2 s slice holds 7–13 % of the fleet: ${buckets.join(', ')}`);
});

backoff.run();
