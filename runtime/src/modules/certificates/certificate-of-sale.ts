/**
 * The certificate of sale (for a sold piece) or appraisal (for one in stock): what the piece is —
 * metal, weights, stones, laboratory reports — and what it was sold or is offered for. One content,
 * two forms: a page on the receipt printer, or a PDF to print or send.
 */
import type { Receipt } from '../../../../drivers/index.ts';
import type { Settings } from '../../config/settings-schema.ts';
import type { Piece } from '../../wire/catalog.ts';
import { formatMoney, pieceDetail } from '../receipts/receipt-content.ts';
import type { PdfLine } from './pdf.ts';

export interface CertificateContent {
  title: string;
  header: string[];
  rows: [label: string, value: string][];
  details: string[];
  footer: string[];
  reference: string;
}

export interface SoldAs {
  receiptNo: string;
  completedAt: string;
  /** What the client paid for this line, tax included. */
  paidMinor: number;
}

export function certificateContent(piece: Piece, sold: SoldAs | null, settings: Settings, issuedAt: Date): CertificateContent {
  const { store } = settings;
  const date = (iso: string | Date) => new Intl.DateTimeFormat(store.locale, { dateStyle: 'long', timeZone: store.timeZone }).format(new Date(iso));
  const facts = {
    metal: piece.metal,
    fineness: piece.fineness,
    karat: piece.karat,
    metalWeightUg: piece.metalWeightUg,
    stones: piece.stones.map(({ certificate: _c, ...stone }) => stone),
    certificates: piece.stones.flatMap((stone) => (stone.certificate ? [stone.certificate] : [])),
  };
  const rows: [string, string][] = [
    ['Piece', piece.description],
    ['Stock number', piece.stockNo],
    ...(piece.style ? [['Design', [piece.style.name, piece.style.collection, piece.style.vendor].filter(Boolean).join(', ')] as [string, string]] : []),
    ...(piece.totalWeightUg ? [['Total weight', `${(piece.totalWeightUg / 1_000_000).toFixed(2)} g`] as [string, string]] : []),
    ...(sold
      ? ([
          ['Sold on', date(sold.completedAt)],
          ['Receipt', sold.receiptNo],
          ['Price paid', formatMoney(sold.paidMinor, piece.currency, store.locale)],
        ] as [string, string][])
      : ([['Retail value', formatMoney(piece.retailMinor, piece.currency, store.locale)]] as [string, string][])),
  ];
  return {
    title: sold ? 'CERTIFICATE OF SALE' : 'APPRAISAL',
    header: [store.name, ...store.address],
    rows,
    details: pieceDetail(facts),
    footer: [`Issued ${date(issuedAt)}.`, 'Signed: ______________________'],
    reference: sold ? sold.receiptNo : piece.stockNo,
  };
}

export function certificateReceipt(content: CertificateContent): Receipt {
  return {
    header: content.header,
    meta: [content.title],
    items: [{ description: content.rows[0]?.[1] ?? '', amount: '', detail: [...content.rows.slice(1).map(([label, value]) => `${label}: ${value}`), ...content.details] }],
    totals: [],
    payments: [],
    footer: content.footer,
    receiptNumber: content.reference,
  };
}

export function certificatePdfLines(content: CertificateContent): PdfLine[] {
  return [
    { text: content.header[0] ?? '', size: 20, bold: true },
    ...content.header.slice(1).map((text) => ({ text, size: 10 })),
    { text: content.title, size: 14, bold: true, gapBefore: 24 },
    ...content.rows.map(([label, value], index) => ({ text: `${label}: ${value}`, size: 11, gapBefore: index === 0 ? 12 : 2 })),
    { text: 'Metal and stones', size: 11, bold: true, gapBefore: 16 },
    ...content.details.map((text) => ({ text, size: 11, gapBefore: 2 })),
    ...content.footer.map((text, index) => ({ text, size: 10, gapBefore: index === 0 ? 36 : 24 })),
  ];
}
