/**
 * A card terminal on loopback that speaks the same nexo JSON as a real one. It checks what it is
 * sent (header, category, amount with the currency's decimals) and answers as the card holder
 * chooses: approve, decline, hold (the customer is still at the PIN pad until an abort comes),
 * drop (approve but lose the answer, so the appliance must ask for the status) or slow (approve at
 * once, answer `slowAnswerMs` later: the money is taken while the answer is still on its way).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { minorOf, PROTOCOL_VERSION } from './nexo.ts';

export type CardHolderChoice = 'approve' | 'decline' | 'hold' | 'drop' | 'slow';

interface Recorded {
  serviceId: string;
  transactionId: string;
  amountMinor: number;
  currency: string;
  response: unknown;
}

export class PaymentTerminalSimulator {
  readonly #exponent: (currency: string) => number;
  readonly #transactions = new Map<string, Recorded>();
  readonly #held = new Map<string, { reply: (body: { Response: unknown } & Record<string, unknown>) => void; record: Omit<Recorded, 'response'> }>();
  readonly #reversed = new Set<string>();
  #choices: CardHolderChoice[] = [];
  /** What a payment gets when no choice is queued. */
  defaultChoice: CardHolderChoice = 'approve';
  slowAnswerMs = 300;
  #server: Server | undefined;
  #sequence = 0;

  constructor(currencyExponent: (currency: string) => number) {
    this.#exponent = currencyExponent;
  }

  /** The next payments' outcomes, in order; once used up, payments are approved. */
  nextPayments(...choices: CardHolderChoice[]): void {
    this.#choices.push(...choices);
  }

  /** Every payment the terminal approved: its POI transaction id, amount, and whether it was reversed since. */
  get approvals(): { terminalRef: string; transactionId: string; amountMinor: number; reversed: boolean }[] {
    return [...this.#transactions.values()].flatMap((record) => {
      const payment = (record.response as { PaymentResponse?: { Response: { Result: string }; POIData: { POITransactionID: { TransactionID: string } } } }).PaymentResponse;
      if (payment?.Response.Result !== 'Success') return [];
      const terminalRef = payment.POIData.POITransactionID.TransactionID;
      return [{ terminalRef, transactionId: record.transactionId, amountMinor: record.amountMinor, reversed: this.#reversed.has(terminalRef) }];
    });
  }

  /** Payments the terminal approved and still counts (not reversed). */
  get approvedMinor(): number {
    return this.approvals.reduce((total, approval) => total + (approval.reversed ? 0 : approval.amountMinor), 0);
  }

  async start(): Promise<string> {
    this.#server = createServer((request, response) => void this.#handle(request, response));
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/sync`;
  }

  async stop(): Promise<void> {
    for (const { reply } of this.#held.values()) reply({ Response: { Result: 'Failure', ErrorCondition: 'Aborted' } });
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let text = '';
    for await (const chunk of request) text += chunk;
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    let message: Record<string, Record<string, unknown>>;
    try {
      message = (JSON.parse(text) as { SaleToPOIRequest: Record<string, Record<string, unknown>> }).SaleToPOIRequest;
    } catch {
      return send(400, { error: 'not JSON' });
    }
    const header = message?.MessageHeader as { ProtocolVersion?: string; MessageCategory?: string; ServiceID?: string; SaleID?: string; POIID?: string } | undefined;
    if (!header || header.ProtocolVersion !== PROTOCOL_VERSION || !header.ServiceID || header.ServiceID.length > 10) return send(400, { error: 'bad MessageHeader' });
    const answer = (category: string, body: Record<string, unknown>) =>
      send(200, { SaleToPOIResponse: { MessageHeader: { ...header, MessageType: 'Response', MessageCategory: category }, ...body } });

    if (header.MessageCategory === 'Payment' && message.PaymentRequest) return this.#payment(header.ServiceID, message.PaymentRequest, answer, send, response);
    if (header.MessageCategory === 'Abort' && message.AbortRequest) {
      const reference = (message.AbortRequest as { MessageReference?: { ServiceID?: string } }).MessageReference?.ServiceID ?? '';
      this.#held.get(reference)?.reply({ Response: { Result: 'Failure', ErrorCondition: 'Aborted' } });
      return answer('Abort', {});
    }
    if (header.MessageCategory === 'TransactionStatus' && message.TransactionStatusRequest) {
      const reference = (message.TransactionStatusRequest as { MessageReference?: { ServiceID?: string } }).MessageReference?.ServiceID ?? '';
      const record = this.#transactions.get(reference);
      if (this.#held.has(reference)) return answer('TransactionStatus', { TransactionStatusResponse: { Response: { Result: 'Failure', ErrorCondition: 'InProgress' } } });
      if (!record) return answer('TransactionStatus', { TransactionStatusResponse: { Response: { Result: 'Failure', ErrorCondition: 'NotFound' } } });
      return answer('TransactionStatus', { TransactionStatusResponse: { Response: { Result: 'Success' }, RepeatedMessageResponse: { RepeatedResponseMessageBody: record.response } } });
    }
    if (header.MessageCategory === 'Reversal' && message.ReversalRequest) {
      const failure = this.#reversal(message.ReversalRequest);
      return answer('Reversal', { ReversalResponse: { Response: failure ? { Result: 'Failure', ErrorCondition: failure } : { Result: 'Success' } } });
    }
    return send(400, { error: `unsupported ${header.MessageCategory}` });
  }

  /** Reverses the whole of an approval named by its POITransactionID (TransactionID and TimeStamp); the nexo ErrorCondition when it cannot. */
  #reversal(request: Record<string, unknown>): string | null {
    const reversal = request as { OriginalPOITransaction?: { POITransactionID?: { TransactionID?: string; TimeStamp?: string } }; ReversedAmount?: number };
    const original = reversal.OriginalPOITransaction?.POITransactionID;
    if (!original?.TransactionID || !original.TimeStamp || typeof reversal.ReversedAmount !== 'number') return 'MessageFormat';
    const approval = this.approvals.find((candidate) => candidate.terminalRef === original.TransactionID);
    const record = [...this.#transactions.values()].find((candidate) => JSON.stringify(candidate.response).includes(`"${original.TransactionID}"`));
    const timeStamp = (record?.response as { PaymentResponse?: { POIData: { POITransactionID: { TimeStamp: string } } } } | undefined)?.PaymentResponse?.POIData.POITransactionID.TimeStamp;
    if (!approval || !record || timeStamp !== original.TimeStamp) return 'NotFound';
    if (minorOf(reversal.ReversedAmount, this.#exponent(record.currency)) !== approval.amountMinor) return 'NotAllowed';
    this.#reversed.add(approval.terminalRef);
    return null;
  }

  #payment(
    serviceId: string,
    request: Record<string, unknown>,
    answer: (category: string, body: Record<string, unknown>) => void,
    send: (status: number, body: unknown) => void,
    response: ServerResponse,
  ): void {
    const payment = request as { SaleData?: { SaleTransactionID?: { TransactionID?: string } }; PaymentTransaction?: { AmountsReq?: { Currency?: string; RequestedAmount?: number } } };
    const currency = payment.PaymentTransaction?.AmountsReq?.Currency ?? '';
    const requested = payment.PaymentTransaction?.AmountsReq?.RequestedAmount;
    const transactionId = payment.SaleData?.SaleTransactionID?.TransactionID;
    const amountMinor = typeof requested === 'number' && /^[A-Z]{3}$/.test(currency) ? minorOf(requested, this.#exponent(currency)) : null;
    if (!transactionId || amountMinor === null || amountMinor <= 0) return send(400, { error: 'bad PaymentRequest' });
    const record = { serviceId, transactionId, amountMinor, currency };
    const reply = (body: { Response: unknown } & Record<string, unknown>, answerAfterMs = 0) => {
      this.#held.delete(serviceId);
      const full = { PaymentResponse: { SaleData: { SaleTransactionID: { TransactionID: transactionId, TimeStamp: new Date().toISOString() } }, POIData: { POITransactionID: { TransactionID: `SIM${++this.#sequence}`, TimeStamp: new Date().toISOString() } }, ...body } };
      this.#transactions.set(serviceId, { ...record, response: full });
      const deliver = () => !response.destroyed && answer('Payment', full);
      if (answerAfterMs > 0) setTimeout(deliver, answerAfterMs);
      else deliver();
    };
    const choice = this.#choices.shift() ?? this.defaultChoice;
    if (choice === 'decline') return reply({ Response: { Result: 'Failure', ErrorCondition: 'Refusal', AdditionalResponse: 'Not enough funds' } });
    if (choice === 'hold') {
      this.#held.set(serviceId, { reply, record });
      return;
    }
    const approved = {
      Response: { Result: 'Success' },
      PaymentResult: {
        PaymentInstrumentData: { CardData: { MaskedPAN: '411111******1111', PaymentBrand: 'visa' } },
        AmountsResp: { Currency: currency, AuthorizedAmount: requested },
        PaymentAcquirerData: { ApprovalCode: String(100000 + this.#sequence + 1) },
      },
    };
    if (choice === 'drop') {
      response.destroy(); // the answer is lost on the way back
      return reply(approved);
    }
    return reply(approved, choice === 'slow' ? this.slowAnswerMs : 0);
  }
}
