/** Card payments as the appliance's ledger keeps them: the ones a restart settled, for the clerk to tell the client. */
import type { Static } from 'typebox';
import type { CardPayment as CardPaymentSchema } from '../../../runtime/src/wire/payments.ts';
import { call } from './api.ts';

export type CardPayment = Static<typeof CardPaymentSchema>;

/** Card payments this start of the appliance settled after it had stopped with them open (reversed, or found declined), newest first. */
export async function recoveredCardPayments(): Promise<CardPayment[]> {
  const payments = await call<CardPayment[]>('GET', '/api/v1/payments/card?show=recovered');
  return payments.filter((payment) => payment.state === 'reversed');
}
