/** A receipt as a jeweler's sale would produce it, for printer tests and benchmarks. */
import type { Receipt } from '../../../drivers/printer/receipt.ts';

export function saleReceipt(number = '0042-01-000017'): Receipt {
  return {
    header: ['MAISON AURELLE', '12 rue de la Paix, 75002 Paris', 'TVA FR 12 345678901'],
    meta: [`Receipt ${number}`, '15 Jan 2026 10:32', 'Served by Sam Okafor'],
    items: [
      { description: 'Solitaire ring 18K, 0.52 ct', amount: '€ 4,250.00', detail: ['Stock R-10233', 'GIA 2141438167'] },
      { description: 'Gold chain 18K 45 cm', amount: '€ 1,180.00', detail: ['Stock C-20871'] },
    ],
    totals: [
      { label: 'Subtotal', amount: '€ 5,430.00' },
      { label: 'VAT 20% incl.', amount: '€ 905.00' },
      { label: 'TOTAL', amount: '€ 5,430.00', emphasis: true },
    ],
    payments: [{ label: 'Card ****4421', amount: '€ 5,430.00' }],
    footer: ['Thank you', 'Returns within 30 days with this receipt'],
    receiptNumber: number,
  };
}
