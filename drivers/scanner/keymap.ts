/**
 * Linux input keycodes (include/uapi/linux/input-event-codes.h) to characters on a US keyboard
 * layout, which is what scanners in keyboard mode type by default.
 */

export const KEY = {
  ENTER: 28,
  LEFT_SHIFT: 42,
  RIGHT_SHIFT: 54,
  CAPS_LOCK: 58,
  KP_ENTER: 96,
} as const;

const ROW = (first: number, plain: string, shifted: string): [number, [string, string]][] =>
  [...plain].map((char, i) => [first + i, [char, shifted[i] as string]]);

/** keycode → [unshifted, shifted]. */
export const US_KEYMAP: ReadonlyMap<number, readonly [string, string]> = new Map([
  ...ROW(2, '1234567890-=', '!@#$%^&*()_+'),
  ...ROW(16, 'qwertyuiop[]', 'QWERTYUIOP{}'),
  ...ROW(30, "asdfghjkl;'`", 'ASDFGHJKL:"~'),
  ...ROW(43, '\\zxcvbnm,./', '|ZXCVBNM<>?'),
  [57, [' ', ' ']],
  [55, ['*', '*']],
  ...ROW(71, '789-456+1230.', '789-456+1230.'),
  [98, ['/', '/']],
]);

/** The key and shift state that type `char` (for the simulator). Null for characters a US keyboard lacks. */
export function keyFor(char: string): { code: number; shift: boolean } | null {
  for (const [code, [plain, shifted]] of US_KEYMAP) {
    if (code >= 71 && code !== 57) continue; // prefer the main block over the keypad
    if (plain === char) return { code, shift: false };
    if (shifted === char) return { code, shift: true };
  }
  return null;
}
