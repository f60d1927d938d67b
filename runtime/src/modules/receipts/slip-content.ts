/**
 * Slips that are not sale receipts: the refund slip the client signs and keeps, and the till's X
 * and Z reports. Rendered when the refund or the close is committed and kept with the print job,
 * so the slip says what the ledger said at that moment, whatever happens after.
 */
import type { Receipt } from '../../../../drivers/index.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Refund } from '../../domain/returns.ts';
import type { SaleCompleted } from '../../wire/events/sales-events.ts';
import type { TillReport } from '../cash/till-service.ts';
import { formatMoney } from './receipt-content.ts';

const REFUND_TO: Record<string, string> = { card: 'To card', cash: 'Cash paid out', loyalty: 'Points given back' };
const TENDER: Record<string, string> = { cash: 'Cash', card: 'Card', store_credit: 'Store credit', gift_card: 'Gift card', trade_in: 'Trade-in', loyalty: 'Loyalty points' };

function stamp(settings: Settings, at: string): string {
  return new Intl.DateTimeFormat(settings.store.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: settings.store.timeZone }).format(new Date(at));
}

export function refundSlip(refund: Refund, sale: SaleCompleted, refundNo: string, at: string, settings: Settings, staffName: string, creditNote: string | null): Receipt {
  const money = (minor: number) => formatMoney(minor, refund.currency, settings.store.locale);
  return {
    header: [settings.store.name, ...settings.store.address],
    meta: ['REFUND', `No. ${refundNo}`, `Against receipt ${sale.receiptNo}`, stamp(settings, at), `Refunded by ${staffName}`],
    items: refund.lines.map((line) => {
      const sold = sale.lines.find((candidate) => candidate.lineId === line.lineId);
      return {
        description: sold?.description ?? line.lineId,
        amount: money(-line.amount),
        detail: [`${sold?.bulkItemId ? 'Item no.' : 'Stock no.'} ${sold?.stockNo ?? ''}`, ...(line.quantity > 1 ? [`Quantity ${line.quantity}`] : [])],
      };
    }),
    totals: [
      { label: 'Tax refunded', amount: money(-refund.tax) },
      { label: 'Refund', amount: money(-refund.amount), emphasis: true },
    ],
    // Where the refund went: each card and cash refund, one credit note for all store credit, and in an exchange the part kept towards the new sale.
    payments: [
      ...refund.tenders.filter((tender) => tender.refundAs !== 'store_credit').map((tender) => ({ label: REFUND_TO[tender.refundAs] ?? tender.refundAs, amount: money(tender.amount) })),
      ...(creditNote ? [{ label: `Credit note ${creditNote.replace(/(\d{4})(?=\d)/g, '$1 ')}`, amount: money(refund.tenders.filter((tender) => tender.refundAs === 'store_credit').reduce((sum, tender) => sum + tender.amount, 0)) }] : []),
      ...(refund.exchangeCredit > 0 ? [{ label: 'Towards the exchange', amount: money(refund.exchangeCredit) }] : []),
      ...(refund.rounding !== 0 ? [{ label: 'Cash rounding', amount: money(refund.rounding) }] : []),
    ],
    footer: ['Client signature:', '', '________________________________', 'Keep this slip with your receipt.'],
    receiptNumber: refundNo,
  };
}

/** The X report (mid-day, nothing closed) or the Z report (the close, with the counted drawer). */
export function tillSlip(kind: 'X' | 'Z', report: TillReport, z: ZFigures | null, at: string, settings: Settings, staffName: string): Receipt {
  const money = (minor: number, currency: string) => formatMoney(minor, currency, settings.store.locale);
  const signed = (minor: number, currency: string) => (minor > 0 ? `+${money(minor, currency)}` : money(minor, currency));
  return {
    header: [settings.store.name, ...settings.store.address],
    meta: [kind === 'X' ? 'X REPORT (till still open)' : 'Z REPORT (till closed)', `Till opened ${stamp(settings, report.session.openedAt)}`, `${kind === 'X' ? 'Read' : 'Closed'} ${stamp(settings, at)} by ${staffName}`],
    items: report.tenders.map((tender) => ({
      description: `${TENDER[tender.tender] ?? tender.tender} ${tender.currency}`,
      amount: money(tender.net, tender.currency),
      detail: [`Sales ${money(tender.sales, tender.currency)}`, `Refunds ${money(-tender.refunds, tender.currency)}`],
    })),
    totals: [
      { label: 'Opening float', amount: money(report.session.floatMinor, report.session.currency) },
      ...report.expectedCash.map((cash) => ({ label: `Cash expected ${cash.currency}`, amount: money(cash.amount, cash.currency), emphasis: !z })),
      ...(z?.cash ?? []).flatMap((cash) => [
        { label: `Cash counted ${cash.currency}`, amount: money(cash.counted, cash.currency) },
        { label: cash.overShort >= 0 ? 'Over' : 'Short', amount: signed(cash.overShort, cash.currency), emphasis: true },
      ]),
    ],
    // Card batches as the processor settled them; other tenders only when they do not agree.
    payments: (z?.settled ?? [])
      .filter((tender) => tender.tender === 'card' || tender.overShort !== 0)
      .map((tender) => ({
        label: `${TENDER[tender.tender] ?? tender.tender} settled ${money(tender.counted, report.session.currency)}`,
        amount: signed(tender.overShort, report.session.currency),
      })),
    footer: [`No-sale drawer openings: ${report.noSales}`, ...(kind === 'Z' ? ['Manager signature:', '', '________________________________'] : [])],
    receiptNumber: kind === 'Z' ? `Z-${report.session.id}` : `X-${report.session.id}`,
  };
}

export interface ZFigures {
  cash: readonly { currency: string; expected: number; counted: number; overShort: number }[];
  settled: readonly { tender: string; expected: number; counted: number; overShort: number }[];
}
