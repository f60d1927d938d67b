/**
 * Large cash at the counter (issue 4): the store's rule (report, US Form 8300; or cap, EU AMLR)
 * applied to a client's related cash — their cash of the last 24 hours plus this sale's, foreign
 * cash counted at the rate recorded on its tender. Checked when cash is tendered and again inside
 * the completing transaction; on completion each cash payment is recorded for the next checks,
 * and crossing the reporting threshold writes a Form 8300 record with an HQ event.
 * Without a client attached the sale's own cash is judged alone and no identity can be shown,
 * so cash above the threshold from an anonymous client is always refused.
 */
import { LoupeError } from '../../errors.ts';
import { decideCashPayment, EU_IDENTITY_FIELDS, FORM_8300_FIELDS, type CashDecision, type CashPayment, type CashRule, type IdentityField } from '../../domain/cash-compliance.ts';
import { decimalText } from '../../domain/money.ts';
import { formatMoney } from '../receipts/receipt-content.ts';
import type { AppliedTender } from '../../domain/tenders.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Db } from '../../store/db.ts';
import type { EventDraft } from '../../store/outbox.ts';
import { cashPaymentsSince, clientAndMerged, findClient, insertCashPayment, insertForm8300, markCashReported } from '../../store/clients.ts';
import type { ClientIdentity, StoredProfile } from './client-profile.ts';

/** The rule the store's settings choose, in the store currency. */
export function cashRule(settings: Settings): CashRule {
  const { mode, thresholdMinor, identifyFromMinor } = settings.compliance.largeCash;
  const currency = settings.store.currency;
  return mode === 'report'
    ? { mode, currency, reportAbove: thresholdMinor, relatedHours: 24, seriesDays: 365 }
    : { mode, currency, capAbove: thresholdMinor, identifyFrom: identifyFromMinor, relatedHours: 24, seriesDays: 365 };
}

/** Which of the identity fields the rule needs the client's record still lacks. */
export function missingIdentity(fields: readonly IdentityField[], profile: StoredProfile | null, identity: ClientIdentity | null): IdentityField[] {
  const has: Record<string, boolean> = {
    'client.name': Boolean(profile?.givenName && profile.familyName),
    'client.taxpayerId': Boolean(identity?.taxpayerId),
    'client.address': Boolean(identity?.address ?? profile?.address),
    'client.dateOfBirth': Boolean(identity?.dateOfBirth),
    'client.occupation': Boolean(identity?.occupation),
    'client.identityDocument': Boolean(identity?.document),
    'client.placeOfBirth': Boolean(identity?.placeOfBirth),
    'client.nationality': Boolean(identity?.nationality),
  };
  return fields.filter((field) => field.startsWith('client.') && !has[field]);
}

export interface SaleFacts {
  saleId: string;
  receiptNo: string;
  at: string;
  totalMinor: number;
  lines: { stockNo: string; description: string }[];
}

export class LargeCash {
  readonly #settings: Settings;
  readonly #newId: () => string;

  constructor(settings: Settings, newId: () => string) {
    this.#settings = settings;
    this.#newId = newId;
  }

  /** Refuses (coded error) cash the rule does not allow; returns the decision on the sale's last cash tender. */
  check(db: Db, clientId: string | null, tenders: readonly AppliedTender[], now: Date): CashDecision | null {
    const cash = tenders.filter((tender) => tender.kind === 'cash' && tender.applied > 0);
    if (cash.length === 0) return null;
    const rule = cashRule(this.#settings);
    const client = clientId ? findClient(db, clientId) : undefined;
    const profile = client ? (JSON.parse(client.profile) as StoredProfile) : null;
    const identity = client?.identity ? (JSON.parse(client.identity) as ClientIdentity) : null;
    const fields = rule.mode === 'report' ? FORM_8300_FIELDS : EU_IDENTITY_FIELDS;
    const missing = missingIdentity(fields, profile, identity);
    const since = new Date(now.getTime() - rule.relatedHours * 3_600_000).toISOString();
    const prior: CashPayment[] = clientId
      ? cashPaymentsSince(db, clientAndMerged(db, clientId), since).map((row) => ({ paymentId: row.id, at: row.at, amount: { minor: row.amountMinor, currency: row.currency }, instrument: row.instrument as CashPayment['instrument'], reportedIn: row.reportedIn }))
      : [];
    let decision: CashDecision | null = null;
    for (const tender of cash) {
      const payment = { amount: { minor: tender.applied, currency: rule.currency }, instrument: instrumentOf(tender) };
      decision = decideCashPayment(prior, payment, rule, identity !== null && missing.length === 0, now);
      if (!decision.ok) throw this.#refusal(decision, rule, clientId, missing);
      prior.push({ paymentId: tender.tenderId, at: now.toISOString(), ...payment });
    }
    return decision;
  }

  /**
   * Inside the completing transaction: checks again (another till may have taken this client's
   * cash meanwhile), records each cash payment, and writes the Form 8300 record when one is due.
   */
  record(db: Db, clientId: string | null, tenders: readonly AppliedTender[], sale: SaleFacts, now: Date): EventDraft[] {
    const decision = this.check(db, clientId, tenders, now);
    if (!clientId || !decision?.ok) return [];
    const currency = this.#settings.store.currency;
    const cash = tenders.filter((tender) => tender.kind === 'cash' && tender.applied > 0);
    for (const tender of cash) {
      insertCashPayment(db, {
        id: tender.tenderId,
        clientId,
        saleId: sale.saleId,
        at: sale.at,
        amountMinor: tender.applied,
        currency,
        instrument: instrumentOf(tender),
        tenderedMinor: tender.tendered.minor,
        tenderedCurrency: tender.tendered.currency,
        rate: tender.rate?.rate ?? null,
      });
    }
    if (!decision.filing) return [];
    const reportId = this.#newId();
    const client = findClient(db, clientId);
    const profile = JSON.parse(client?.profile ?? '{}') as StoredProfile;
    const identity = JSON.parse(client?.identity ?? 'null') as ClientIdentity;
    const prior = cashPaymentsSince(db, clientAndMerged(db, clientId), '0000').filter((row) => decision.filing?.priorPaymentIds.includes(row.id) ?? false);
    const record = {
      reportId,
      form: 'FinCEN/IRS Form 8300',
      fileBy: decision.filing.fileBy,
      currency,
      client: {
        clientId,
        name: { given: profile.givenName, family: profile.familyName },
        taxpayerId: identity.taxpayerId ?? null,
        address: identity.address ?? profile.address ?? null,
        dateOfBirth: identity.dateOfBirth,
        occupation: identity.occupation ?? null,
        identityDocument: identity.document,
        verifiedBy: identity.verifiedBy,
        verifiedAt: identity.verifiedAt,
      },
      sale: {
        receiptNo: sale.receiptNo,
        dateCashReceived: sale.at.slice(0, 10),
        totalCashMinor: decision.filing.totalCash,
        totalCash: decimalText(decision.filing.totalCash, currency),
        totalPriceMinor: sale.totalMinor,
        cashByInstrument: { ...decision.filing.cashByInstrument },
        kind: 'jewelry',
        description: sale.lines.map((line) => `${line.stockNo} ${line.description}`).join('; '),
      },
      multiplePayments: decision.filing.multiplePayments,
      priorPayments: prior.map((row) => ({ paymentId: row.id, saleId: row.saleId, at: row.at, amountMinor: row.amountMinor })),
      fields: [...decision.filing.fields],
    };
    insertForm8300(db, { id: reportId, clientId, saleId: sale.saleId, createdAt: sale.at, fileBy: decision.filing.fileBy, totalCashMinor: decision.filing.totalCash, currency, record: JSON.stringify(record) });
    markCashReported(db, [...decision.filing.priorPaymentIds, ...cash.map((tender) => tender.tenderId)], reportId);
    return [{ stream: 'cash', type: 'compliance.form8300_due', schemaVersion: 1, businessKey: `form8300:${reportId}`, payload: record }];
  }

  #refusal(decision: Extract<CashDecision, { ok: false }>, rule: CashRule, clientId: string | null, missing: IdentityField[]): LoupeError {
    const currency = rule.currency;
    const money = (minor: number) => formatMoney(minor, currency, this.#settings.store.locale);
    if (decision.reason === 'cash.cap_exceeded') {
      return new LoupeError(
        'LOUPE_E_CASH_CAP_EXCEEDED',
        { relatedMinor: decision.related, capMinor: decision.cap, acceptableMinor: decision.acceptable, currency },
        `Cash from one client is capped at ${money(decision.cap)} in 24 hours: at most ${money(decision.acceptable)} more can be taken in cash.`,
      );
    }
    const needed = clientId ? missing : ['client', ...missing];
    return new LoupeError(
      'LOUPE_E_CASH_IDENTITY_REQUIRED',
      { clientId, relatedMinor: decision.related, thresholdMinor: rule.mode === 'report' ? rule.reportAbove : rule.identifyFrom, currency, missing: needed },
      clientId
        ? `${money(decision.related)} in cash from this client needs their verified identity: ${missing.map((field) => IDENTITY_WORDS[field] ?? field).join(', ')}.`
        : `${money(decision.related)} in cash needs the client’s verified identity: attach the client to the sale and record it.`,
    );
  }
}

/** The identity fields as the clerk asks the client for them. */
const IDENTITY_WORDS: Partial<Record<IdentityField, string>> = {
  'client.name': 'full name',
  'client.taxpayerId': 'taxpayer ID (SSN or ITIN)',
  'client.address': 'address',
  'client.dateOfBirth': 'date of birth',
  'client.occupation': 'occupation',
  'client.identityDocument': 'identity document (kind, issuer, number)',
  'client.placeOfBirth': 'place of birth',
  'client.nationality': 'nationality',
};

function instrumentOf(tender: AppliedTender): CashPayment['instrument'] {
  return tender.rate ? 'foreign_currency' : 'currency';
}
