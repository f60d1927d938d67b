/**
 * A semi-integrated card terminal: the appliance sends an amount and receives a result; card data
 * never enters the appliance (PCI DSS scope: jewelry-domain.md §5.5), only the brand, the masked
 * PAN and the approval code.
 *
 * Obligations of an implementation:
 * - `authorize` resolves with an outcome, never throws for a card-holder result (declined,
 *   cancelled); it resolves `unknown` when the terminal could not be asked or did not answer in
 *   time and a status request could not tell what happened — the clerk must then look at the
 *   terminal's own screen or receipt, exactly as Odoo's Worldline driver says for result -1.
 * - `cancel` asks the terminal to abort the payment in progress for `transactionId`; the pending
 *   `authorize` then resolves `cancelled` (or `approved`, if the card was faster).
 * - `status` asks what became of an earlier `authorize` (by its `serviceId`), e.g. after the
 *   appliance restarted while the terminal was working: `cancelled` when the terminal never took
 *   it, `unknown` when the terminal cannot be reached or is still working on it.
 * - `reverse` undoes an approved payment (the sale was voided before completion, the tender was
 *   taken off, or the appliance restarted before the sale completed).
 */
export interface PaymentRequest {
  /** Our id of this payment attempt (nexo SaleTransactionID). */
  transactionId: string;
  /** The nexo ServiceID of the payment message, at most 10 characters; status requests name it. */
  serviceId: string;
  amountMinor: number;
  currency: string;
}

export type PaymentOutcome =
  | { result: 'approved'; approvalCode: string; maskedPan: string; brand: string; terminalTransactionId: string; terminalTimeStamp: string }
  | { result: 'declined'; reason: string }
  | { result: 'cancelled' }
  | { result: 'unknown'; reason: string };

export interface PaymentTerminal {
  authorize(request: PaymentRequest): Promise<PaymentOutcome>;
  cancel(transactionId: string): Promise<void>;
  status(request: PaymentRequest): Promise<PaymentOutcome>;
  /** `original`: the terminal's POITransactionID of the approval, both its TransactionID and TimeStamp (nexo requires them). */
  reverse(original: { transactionId: string; timeStamp: string }, amountMinor: number, currency: string): Promise<{ reversed: boolean }>;
}
