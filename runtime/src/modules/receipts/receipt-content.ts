/**
 * What a receipt says, from the sale as it was completed: the store, each piece with its stock
 * number, metal and karat, stones and certificate, the totals and how it was paid. Amounts are
 * formatted for the store's locale and currency (Intl, from exact decimal text), times in the
 * store's zone. A gift receipt leaves every price out.
 */
import type { Receipt } from '../../../../drivers/index.ts';
import type { Settings } from '../../config/settings-schema.ts';
import { decimalText } from '../../domain/money.ts';
import type { SaleCompleted, SaleLine } from '../../wire/events/sales-events.ts';
import type { PieceFacts } from '../sales/cart-book.ts';

const CARAT_UG = 200_000;

export function receiptContent(sale: SaleCompleted, settings: Settings, servedBy: string, options: { gift: boolean }): Receipt {
  const { store, selling } = settings;
  const money = (minor: number, currency = sale.currency) => formatMoney(minor, currency, store.locale);
  const when = new Intl.DateTimeFormat(store.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: store.timeZone }).format(new Date(sale.completedAt));
  // Sales tax is added at the foot of the receipt, so items show their price before it; VAT is in every price.
  const shown = (line: SaleLine) => (selling.taxMode === 'exclusive' ? line.totalMinor - line.taxMinor : line.totalMinor);
  const items = sale.lines.map((line) => ({
    description: line.description,
    amount: options.gift ? '' : money(shown(line)),
    detail: [
      line.giftCardNumber ? `Card no. ${line.giftCardNumber.replace(/(\d{4})(?=\d)/g, '$1 ')}` : line.bulkItemId ? `Item no. ${line.stockNo}` : `Stock no. ${line.stockNo}`,
      ...((line.quantity ?? 1) > 1 ? [options.gift ? `Quantity ${line.quantity}` : `${line.quantity} × ${money(line.unitMinor ?? 0)}`] : []),
      ...(line.facts ? pieceDetail(line.facts) : []),
      ...(!options.gift && line.discountMinor > 0 ? [`Discount ${money(-line.discountMinor)}`] : [])],
  }));
  const taxLabel = selling.taxMode === 'inclusive' ? 'Included tax' : 'Tax';
  const totals = options.gift
    ? []
    : [
        { label: 'Subtotal', amount: money(sale.subtotalMinor) },
        ...(sale.discountMinor > 0 ? [{ label: 'Discount', amount: money(-sale.discountMinor) }] : []),
        { label: taxLabel, amount: money(sale.taxMinor) },
        { label: 'Total', amount: money(sale.totalMinor), emphasis: true },
      ];
  const payments = options.gift
    ? []
    : [
        ...sale.tenders.map((tender) => ({
          label: [tenderName(tender.kind), tender.reference, tender.rate ? `${tender.tenderedCurrency} at ${tender.rate}` : null].filter(Boolean).join(' '),
          amount: money(tender.tenderedMinor, tender.tenderedCurrency),
        })),
        ...(sale.changeMinor > 0 ? [{ label: 'Change', amount: money(sale.changeMinor) }] : []),
        ...(sale.roundingMinor !== 0 ? [{ label: 'Cash rounding', amount: money(sale.roundingMinor) }] : []),
      ];
  return {
    header: [store.name, ...store.address],
    meta: [options.gift ? 'GIFT RECEIPT' : 'RECEIPT', `No. ${sale.receiptNo}`, when, `Served by ${servedBy}`],
    items,
    totals,
    payments,
    footer: [selling.returnWindowDays > 0 ? `Returns within ${selling.returnWindowDays} days with this receipt.` : 'All sales are final.', 'Thank you.'],
    receiptNumber: sale.receiptNo,
  };
}

/** An amount as the store's locale writes it: (1578688, 'USD', 'en-US') → "$15,786.88". Exact: Intl formats the decimal text. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimalText(minor, currency) as `${number}`);
}

/** "18k gold (750), 4.15 g", "1 diamond 1.02 ct F VS1 Excellent", "GIA 2215008811". */
export function pieceDetail(facts: PieceFacts): string[] {
  const metal = facts.karat ? `${facts.karat}k ${facts.metal} (${facts.fineness})` : `${capitalise(facts.metal)} ${facts.fineness}`;
  const weight = facts.metalWeightUg ? `, ${grams(facts.metalWeightUg)} g` : '';
  const stones = facts.stones.map((stone) =>
    [`${stone.count} ${stone.count > 1 && !stone.type.endsWith('s') ? `${stone.type}s` : stone.type}`, `${carats(stone.weightUg)} ct`, stone.colour, stone.clarity, stone.cut].filter(Boolean).join(' '),
  );
  return [`${metal}${weight}`, ...stones, ...facts.certificates.map((certificate) => `${certificate.lab} ${certificate.reportNo}`)];
}

function grams(micrograms: number): string {
  return trim(`${Math.floor(micrograms / 1_000_000)}.${String(micrograms % 1_000_000).padStart(6, '0')}`, 2);
}

function carats(micrograms: number): string {
  const thousandths = Math.round(micrograms / (CARAT_UG / 1000));
  return trim(`${Math.floor(thousandths / 1000)}.${String(thousandths % 1000).padStart(3, '0')}`, 2);
}

/** Drops trailing zeros past `keep` decimals: "4.150000" → "4.15", "1.020" → "1.02". */
function trim(text: string, keep: number): string {
  const [whole, fraction = ''] = text.split('.');
  const significant = fraction.replace(/0+$/, '');
  return `${whole}.${significant.padEnd(keep, '0')}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function tenderName(kind: string): string {
  return { cash: 'Cash', card: 'Card', store_credit: 'Store credit', gift_card: 'Gift card', trade_in: 'Trade-in', loyalty: 'Loyalty points' }[kind] ?? kind;
}
