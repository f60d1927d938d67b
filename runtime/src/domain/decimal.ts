/**
 * Exact decimals typed by people ("1,450.00", "0.51", "3.9") turned into integers of a fixed
 * scale: money into minor units, grams and carats into micrograms. No float is ever involved;
 * more digits than the scale allows is an error, never rounded away.
 */
export type DecimalResult = { ok: true; value: number } | { ok: false; reason: string };

/** `text` as an integer count of 10^-scale units: ("12.5", 2) → 1250; ("0.51", 0) → error. */
export function parseScaled(text: string, scale: number): DecimalResult {
  const cleaned = text.trim().replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: `"${text}" is not a number (use digits and one decimal point, e.g. 1450.00)` };
  const whole = match[1] as string;
  const fraction = match[2] ?? '';
  if (fraction.length > scale) return { ok: false, reason: `"${text}" has more than ${scale} decimal places` };
  const value = BigInt(whole + fraction.padEnd(scale, '0'));
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, reason: `"${text}" is too large` };
  return { ok: true, value: Number(value) };
}

/** Grams to micrograms: "3.9" → 3,900,000. */
export function gramsToMicrograms(text: string): DecimalResult {
  return parseScaled(text, 6);
}

/** Carats to micrograms (1 ct = 200 mg): "0.51" → 102,000. Carat weights have at most 3 decimals. */
export function caratsToMicrograms(text: string): DecimalResult {
  const thousandths = parseScaled(text, 3);
  return thousandths.ok ? { ok: true, value: thousandths.value * 200 } : thousandths;
}
