/** SQL for gift cards and credit notes: their balances and every movement of them. */
import { randomInt } from 'node:crypto';
import { storedValueNumber, type StoredValueKind } from '../domain/stored-value.ts';
import type { Db } from './db.ts';

export interface StoredValue {
  number: string;
  kind: StoredValueKind;
  currency: string;
  balanceMinor: number;
  issuedAt: string;
}

export function findStoredValue(db: Db, number: string): StoredValue | undefined {
  return db
    .prepare<[string], StoredValue>('SELECT number, kind, currency, balance_minor AS balanceMinor, issued_at AS issuedAt FROM stored_value WHERE number = ?')
    .get(number);
}

/** Issues a gift card or credit note under a fresh random number (drawn again in the unlikely case it is taken); returns the number. */
export function issueStoredValue(db: Db, account: { kind: StoredValueKind; currency: string; amount: number; at: string; reference: string }): string {
  let number: string;
  do number = storedValueNumber(account.kind, Array.from({ length: 14 }, () => randomInt(10)).join(''));
  while (findStoredValue(db, number));
  db.prepare('INSERT INTO stored_value (number, kind, currency, balance_minor, issued_at) VALUES (?, ?, ?, ?, ?)').run(number, account.kind, account.currency, account.amount, account.at);
  db.prepare('INSERT INTO stored_value_entries (number, at, amount_minor, reference) VALUES (?, ?, ?, ?)').run(number, account.at, account.amount, account.reference);
  return number;
}

/** Takes `amount` off the balance; false, and nothing changed, when the balance is smaller. */
export function redeemStoredValue(db: Db, number: string, amount: number, at: string, reference: string): boolean {
  const taken = db.prepare('UPDATE stored_value SET balance_minor = balance_minor - ? WHERE number = ? AND balance_minor >= ?').run(amount, number, amount).changes === 1;
  if (taken) db.prepare('INSERT INTO stored_value_entries (number, at, amount_minor, reference) VALUES (?, ?, ?, ?)').run(number, at, -amount, reference);
  return taken;
}
