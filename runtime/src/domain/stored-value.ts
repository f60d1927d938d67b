/**
 * Stored value the store owes a client: gift cards it sold and credit notes it gave on returns.
 * Both are bearer value, so their numbers are random and long: 16 digits with a Luhn check, as
 * printed on cards and read by any scanner, starting 6 for a gift card and 7 for a credit note.
 * Value is taken only up to the balance; a balance never goes below zero.
 */
export const STORED_VALUE_KINDS = ['gift_card', 'store_credit'] as const;
export type StoredValueKind = (typeof STORED_VALUE_KINDS)[number];

/** The Luhn check digit for a string of digits. */
export function luhnDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

const ISSUER: Record<StoredValueKind, string> = { gift_card: '6', store_credit: '7' };

/** A gift card or credit note number: its kind's first digit, 14 random digits and the check digit. */
export function storedValueNumber(kind: StoredValueKind, randomDigits: string): string {
  if (!/^\d{14}$/.test(randomDigits)) throw new RangeError('a gift card or credit note number is built from 14 random digits');
  const body = `${ISSUER[kind]}${randomDigits}`;
  return `${body}${luhnDigit(body)}`;
}

/** Whether `text` is a well-formed number of that kind (a mistyped digit fails the check). */
export function isStoredValueNumber(kind: StoredValueKind, text: string): boolean {
  return text.length === 16 && text.startsWith(ISSUER[kind]) && /^\d{16}$/.test(text) && luhnDigit(text.slice(0, 15)) === Number(text[15]);
}
