/**
 * One A&D line, parsed by pattern, and its writer (the simulator prints the balance's bytes).
 */
import { AND_ERROR, AND_HEADER, AND_REFUSALS } from './constants.ts';
import type { ScaleReply } from '../dialect.ts';

const DATA_LINE = /^(ST|US|OL|QT|WT),(?:(?:LO|OK|HI|--),)?([+-])([0-9. ]{1,12}?)\s{0,3}([A-Za-z%]{1,3})?$/;
const ERROR_LINE = /^EC,(E\d\d)$/;

/**
 * The reply an A&D line carries, or null when it is not an A&D line (counted as malformed). Noise
 * before the header (a half line from before the port opened) is skipped up to the header.
 */
export function parseAndLine(text: string): ScaleReply | null {
  const start = text.search(/(?:ST|US|OL|QT|WT|EC),/);
  if (start < 0) return null;
  const line = text.slice(start);
  const error = ERROR_LINE.exec(line);
  if (error) {
    const code = error[1] as keyof typeof AND_ERROR;
    const reason = `EC,${code} ${AND_ERROR[code] ?? 'unknown error'}`;
    return AND_REFUSALS.has(code) ? { kind: 'refused', reason } : { kind: 'error', reason };
  }
  const data = DATA_LINE.exec(line);
  if (!data) return null;
  const [, header, sign, digits = '', unit = ''] = data;
  const value = `${sign}${digits.trim()}`;
  if (header === AND_HEADER.OUT_OF_RANGE) return { kind: 'reading', status: sign === '-' ? 'underload' : 'overload', value, unitSymbol: unit };
  if (!/^\d*\.?\d+$|^\d+\.$/.test(digits.trim())) return null;
  const stable = header === AND_HEADER.STABLE || header === AND_HEADER.COUNTING_STABLE;
  return { kind: 'reading', status: stable ? 'stable' : 'unstable', value, unitSymbol: unit };
}

/** `ST,+00123.45  g` + CR LF: a 9-character value and a 3-character unit. */
export function formatAndLine(header: string, value: string, unitSymbol: string): string {
  const negative = value.startsWith('-');
  const digits = value.replace(/^[+-]/, '');
  return `${header},${negative ? '-' : '+'}${digits.padStart(8, '0')}${unitSymbol.padStart(3, ' ')}\r\n`;
}
