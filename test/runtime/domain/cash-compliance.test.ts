import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  decideCashPayment,
  EU_AMLR_2027,
  EU_IDENTITY_FIELDS,
  FORM_8300_FIELDS,
  US_FORM_8300,
  type CashPayment,
} from '../../../runtime/src/domain/cash-compliance.ts';

const NOW = new Date('2026-11-24T15:00:00.000Z');
const usd = (minor: number) => ({ minor, currency: 'USD' });
const eur = (minor: number) => ({ minor, currency: 'EUR' });
const paid = (paymentId: string, at: string, minor: number, extra: Partial<CashPayment> = {}): CashPayment => ({
  paymentId,
  at,
  amount: usd(minor),
  instrument: 'currency',
  ...extra,
});

const report = suite('decideCashPayment :: US Form 8300');

report('should not report $10,000.00 exactly :: the IRS says more than', () => {
  assert.equal(decideCashPayment([], { amount: usd(1_000_000), instrument: 'currency' }, US_FORM_8300, false, NOW), {
    ok: true,
    related: 1_000_000,
    identityRequired: false,
    filing: null,
  });
});

report('should add cash from the same day :: $6,000 at 09:00 + $4,500.01 at 15:00 needs an identity', () => {
  const prior = [paid('P1', '2026-11-24T09:00:00.000Z', 600_000)];
  assert.equal(decideCashPayment(prior, { amount: usd(450_001), instrument: 'currency' }, US_FORM_8300, false, NOW), {
    ok: false,
    reason: 'cash.identity_required',
    related: 1_050_001,
    fields: FORM_8300_FIELDS,
  });
});

report('should prepare the filing once identified :: due 15 days later, cash by instrument', () => {
  const prior = [paid('P1', '2026-11-24T09:00:00.000Z', 600_000, { instrument: 'cashiers_check' })];
  const decision = decideCashPayment(prior, { amount: usd(450_000), instrument: 'currency' }, US_FORM_8300, true, NOW);
  assert.ok(decision.ok && decision.filing);
  assert.is(decision.filing.fileBy, '2026-12-09T15:00:00.000Z');
  assert.equal([decision.filing.totalCash, decision.filing.multiplePayments, decision.filing.priorPaymentIds], [1_050_000, true, ['P1']]);
  assert.equal(decision.filing.cashByInstrument, { currency: 450_000, foreign_currency: 0, cashiers_check: 600_000, bank_draft: 0, travelers_check: 0, money_order: 0 });
});

report('should not add cash older than 24 h :: $6,000 25 h ago + $4,500', () => {
  const prior = [paid('P1', '2026-11-23T14:00:00.000Z', 600_000)];
  const decision = decideCashPayment(prior, { amount: usd(450_000), instrument: 'currency' }, US_FORM_8300, false, NOW);
  assert.equal(decision, { ok: true, related: 450_000, identityRequired: false, filing: null });
});

report('should add installments of one layaway over 12 months :: $4,000 in March, $4,000 in June, $3,000 now', () => {
  const prior = [
    paid('P1', '2026-03-10T12:00:00.000Z', 400_000, { seriesId: 'layaway-17' }),
    paid('P2', '2026-06-02T12:00:00.000Z', 400_000, { seriesId: 'layaway-17' }),
    paid('P3', '2026-06-02T13:00:00.000Z', 900_000, { seriesId: 'layaway-99' }),
  ];
  const decision = decideCashPayment(prior, { amount: usd(300_000), instrument: 'currency', seriesId: 'layaway-17' }, US_FORM_8300, false, NOW);
  assert.equal(decision, { ok: false, reason: 'cash.identity_required', related: 1_100_000, fields: FORM_8300_FIELDS });
  const unrelated = decideCashPayment(prior, { amount: usd(300_000), instrument: 'currency' }, US_FORM_8300, false, NOW);
  assert.equal(unrelated, { ok: true, related: 300_000, identityRequired: false, filing: null });
});

report('should drop installments older than 12 months :: $8,000 on 2025-11-20 + $3,000 now', () => {
  const prior = [paid('P1', '2025-11-20T12:00:00.000Z', 800_000, { seriesId: 'order-5' })];
  const decision = decideCashPayment(prior, { amount: usd(300_000), instrument: 'currency', seriesId: 'order-5' }, US_FORM_8300, false, NOW);
  assert.ok(decision.ok && decision.related === 300_000);
});

report('should start counting again after a filing :: $10,500 reported this morning + $2,000', () => {
  const prior = [paid('P1', '2026-11-24T10:00:00.000Z', 1_050_000, { reportedIn: '8300-2026-0007' })];
  const decision = decideCashPayment(prior, { amount: usd(200_000), instrument: 'currency' }, US_FORM_8300, false, NOW);
  assert.equal(decision, { ok: true, related: 200_000, identityRequired: false, filing: null });
});

report('should count a payment stamped after now :: a clock set back by an hour', () => {
  const prior = [paid('P1', '2026-11-24T16:00:00.000Z', 900_000)];
  const decision = decideCashPayment(prior, { amount: usd(200_000), instrument: 'currency' }, US_FORM_8300, false, NOW);
  assert.ok(!decision.ok && decision.reason === 'cash.identity_required' && decision.related === 1_100_000);
});

report('should throw on a payment without a valid time :: at "last Tuesday"', () => {
  assert.throws(() => decideCashPayment([paid('P1', 'last Tuesday', 600_000)], { amount: usd(100), instrument: 'currency' }, US_FORM_8300, false, NOW), RangeError);
});

report('should throw on cash in another currency :: EUR against the USD rule', () => {
  assert.throws(() => decideCashPayment([], { amount: eur(100), instrument: 'foreign_currency' }, US_FORM_8300, false, NOW), RangeError);
  assert.throws(() => decideCashPayment([], { amount: usd(100.5), instrument: 'currency' }, US_FORM_8300, false, NOW), TypeError);
});

const cap = suite('decideCashPayment :: EU cash cap');

const euPaid = (paymentId: string, at: string, minor: number): CashPayment => ({ paymentId, at, amount: eur(minor), instrument: 'currency' });

cap('should refuse cash over €10,000 with related cash :: €9,000 this morning + €1,500 → €1,000 acceptable', () => {
  const decision = decideCashPayment([euPaid('P1', '2026-11-24T10:00:00.000Z', 900_000)], { amount: eur(150_000), instrument: 'currency' }, EU_AMLR_2027, true, NOW);
  assert.equal(decision, { ok: false, reason: 'cash.cap_exceeded', related: 1_050_000, cap: 1_000_000, acceptable: 100_000 });
});

cap('should accept €10,000 exactly with an identity :: the cap is "above"', () => {
  const decision = decideCashPayment([], { amount: eur(1_000_000), instrument: 'currency' }, EU_AMLR_2027, true, NOW);
  assert.equal(decision, { ok: true, related: 1_000_000, identityRequired: true, filing: null });
});

cap('should ask for an identity from €3,000 :: €3,000.00 yes, €2,999.99 no', () => {
  assert.equal(decideCashPayment([], { amount: eur(300_000), instrument: 'currency' }, EU_AMLR_2027, false, NOW), {
    ok: false,
    reason: 'cash.identity_required',
    related: 300_000,
    fields: EU_IDENTITY_FIELDS,
  });
  assert.equal(decideCashPayment([], { amount: eur(299_999), instrument: 'currency' }, EU_AMLR_2027, false, NOW), {
    ok: true,
    related: 299_999,
    identityRequired: false,
    filing: null,
  });
});

cap('should take a lower national cap :: Italy-style €5,000', () => {
  const italy = { ...EU_AMLR_2027, capAbove: 500_000 };
  const decision = decideCashPayment([], { amount: eur(500_001), instrument: 'currency' }, italy, true, NOW);
  assert.equal(decision, { ok: false, reason: 'cash.cap_exceeded', related: 500_001, cap: 500_000, acceptable: 500_000 });
});

report.run();
cap.run();
