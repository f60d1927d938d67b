/**
 * The slip the receipt printer gives a till waiting to be enrolled: the pairing code large, as
 * text and as a CODE128 barcode (HQ may scan it), when it expires, and what to do with it.
 */
import type { Receipt } from '../../drivers/printer/receipt.ts';

export function pairingSlip(input: { pairingCode: string; expiresAt: string; deviceId: string; hqUrl: string }): Receipt {
  return {
    header: ['Enroll this till with HQ'],
    meta: [`Device ${input.deviceId}`, `Valid until ${input.expiresAt.slice(0, 16).replace('T', ' ')} UTC`],
    items: [{ description: 'Pairing code', amount: input.pairingCode }],
    totals: [],
    payments: [],
    footer: [`Give this code to HQ (${new URL(input.hqUrl).host}).`, 'It works once. A new one prints when it expires.'],
    receiptNumber: input.pairingCode,
  };
}
