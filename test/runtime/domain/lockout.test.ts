import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { afterRightPin, afterWrongPin, isLockedOut, type LockoutState } from '../../../runtime/src/domain/lockout.ts';

const policy = { attempts: 5, baseDelaySeconds: 30, maxDelaySeconds: 3600 };
const start = new Date('2026-11-24T10:00:00Z');
const fresh: LockoutState = { failedAttempts: 0, lockouts: 0, lockedUntil: null };

function wrong(state: LockoutState, times: number, now = start): LockoutState {
  let next = state;
  for (let i = 0; i < times; i += 1) next = afterWrongPin(next, policy, now);
  return next;
}

const lockout = suite('lockout');

lockout('should not lock after 4 wrong PINs', () => {
  const state = wrong(fresh, 4);
  assert.is(state.failedAttempts, 4);
  assert.not.ok(isLockedOut(state, start));
});

lockout('should lock for 30 s on the 5th wrong PIN', () => {
  const state = wrong(fresh, 5);
  assert.is(state.lockedUntil, '2026-11-24T10:00:30.000Z');
  assert.ok(isLockedOut(state, new Date('2026-11-24T10:00:29.999Z')));
  assert.not.ok(isLockedOut(state, new Date('2026-11-24T10:00:30.000Z')));
});

lockout('should double the delay each lock-out :: 30, 60, 120 s', () => {
  const first = wrong(fresh, 5);
  const second = wrong(first, 5);
  const third = wrong(second, 5);
  assert.is(second.lockedUntil, '2026-11-24T10:01:00.000Z');
  assert.is(third.lockedUntil, '2026-11-24T10:02:00.000Z');
});

lockout('should cap the delay :: 3600 s after 10 lock-outs', () => {
  const state = wrong(fresh, 50);
  assert.is(state.lockedUntil, '2026-11-24T11:00:00.000Z');
});

lockout('should clear everything on a right PIN', () => {
  assert.equal(afterRightPin(), fresh);
});

lockout.run();
