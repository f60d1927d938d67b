/**
 * Stored value the store owes a client: gift cards it sold and credit notes it gave on returns.
 * A gift card is bearer value, so its number is random and long (16 digits with a Luhn check, as
 * printed on cards and read by any scanner); a credit note is numbered in sequence like receipts.
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

/** A gift card number from 15 random digits: "6" (the retail issuer range), 14 of them, and the check digit. */
export function giftCardNumber(randomDigits: string): string {
  if (!/^\d{14}$/.test(randomDigits)) throw new RangeError('a gift card number is built from 14 random digits');
  const body = `6${randomDigits}`;
  return `${body}${luhnDigit(body)}`;
}

/** Whether `text` is a well-formed gift card number (a mistyped digit fails the check). */
export function isGiftCardNumber(text: string): boolean {
  return /^6\d{15}$/.test(text) && luhnDigit(text.slice(0, 15)) === Number(text[15]);
}
