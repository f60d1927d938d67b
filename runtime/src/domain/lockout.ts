/**
 * PIN lock-out: after `attempts` wrong PINs in a row the account is locked; each further lock-out
 * doubles the delay up to a cap. A correct PIN after the delay clears the count.
 */
export interface LockoutPolicy {
  attempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export interface LockoutState {
  failedAttempts: number;
  lockouts: number;
  lockedUntil: string | null;
}

export function isLockedOut(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== null && Date.parse(state.lockedUntil) > now.getTime();
}

export function afterWrongPin(state: LockoutState, policy: LockoutPolicy, now: Date): LockoutState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < policy.attempts) return { ...state, failedAttempts };
  const lockouts = state.lockouts + 1;
  const delaySeconds = Math.min(policy.baseDelaySeconds * 2 ** (lockouts - 1), policy.maxDelaySeconds);
  return { failedAttempts: 0, lockouts, lockedUntil: new Date(now.getTime() + delaySeconds * 1000).toISOString() };
}

export function afterRightPin(): LockoutState {
  return { failedAttempts: 0, lockouts: 0, lockedUntil: null };
}
