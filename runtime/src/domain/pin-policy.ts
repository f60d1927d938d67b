/**
 * Which PINs Loupe accepts: 4 to 8 digits, and not one a thief would try first.
 * Refused: one digit repeated (0000), a repeated pair (1212), a run up or down (1234, 9876,
 * 7890 wraps are not runs), the keypad's middle column (2580), and the most common 4-digit PINs.
 */
export const PIN_MIN_DIGITS = 4;
export const PIN_MAX_DIGITS = 8;

// The most used 4-digit PINs in published analyses of leaked PIN sets that the rules below do not already catch.
const COMMON_PINS = new Set(['1004', '2000', '2001', '1122', '1984', '1969', '1979', '2580', '0852', '5683', '0007']);

export type PinVerdict = { ok: true } | { ok: false; reason: 'format' | 'repeated' | 'run' | 'common' };

export function checkPin(pin: string): PinVerdict {
  if (!/^[0-9]+$/.test(pin) || pin.length < PIN_MIN_DIGITS || pin.length > PIN_MAX_DIGITS) return { ok: false, reason: 'format' };
  const digits = [...pin].map(Number);
  if (isPeriodic(pin, 1) || isPeriodic(pin, 2)) return { ok: false, reason: 'repeated' };
  if (isRun(digits, 1) || isRun(digits, -1)) return { ok: false, reason: 'run' };
  if (COMMON_PINS.has(pin)) return { ok: false, reason: 'common' };
  return { ok: true };
}

function isPeriodic(pin: string, period: number): boolean {
  for (let i = period; i < pin.length; i += 1) if (pin[i] !== pin[i - period]) return false;
  return true;
}

function isRun(digits: number[], step: 1 | -1): boolean {
  for (let i = 1; i < digits.length; i += 1) if (digits[i] !== (digits[i - 1] as number) + step) return false;
  return true;
}
