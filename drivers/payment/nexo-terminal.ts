/**
 * A card terminal on the shop's LAN spoken to in nexo JSON over HTTP POST (one exchange per
 * request, as in Adyen's "/sync" endpoint). A payment waits up to `answerTimeoutMs` for the card
 * holder; when the answer is lost, a TransactionStatusRequest asks the terminal what happened.
 */
import { decimalText, minorOf, PROTOCOL_VERSION, requestJson, type MessageHeader, type PaymentResponse } from './nexo.ts';
import type { PaymentOutcome, PaymentRequest, PaymentTerminal } from './interface.ts';

export interface NexoTerminalOptions {
  /** e.g. http://192.168.1.40:8443/sync */
  url: string;
  saleId: string;
  poiId: string;
  currencyExponent: (currency: string) => number;
  answerTimeoutMs?: number;
  requestTimeoutMs?: number;
}

const AMOUNT = '__AMOUNT__';

export class NexoTerminal implements PaymentTerminal {
  readonly #options: Required<NexoTerminalOptions>;
  readonly #serviceIds = new Map<string, string>();
  #counter = 0;

  constructor(options: NexoTerminalOptions) {
    this.#options = { answerTimeoutMs: 180_000, requestTimeoutMs: 10_000, ...options };
  }

  async authorize(request: PaymentRequest): Promise<PaymentOutcome> {
    const { serviceId } = request;
    this.#serviceIds.set(request.transactionId, serviceId);
    const exponent = this.#options.currencyExponent(request.currency);
    const body = {
      SaleToPOIRequest: {
        MessageHeader: this.#header('Payment', serviceId),
        PaymentRequest: {
          SaleData: { SaleTransactionID: { TransactionID: request.transactionId, TimeStamp: new Date().toISOString() } },
          PaymentTransaction: { AmountsReq: { Currency: request.currency, RequestedAmount: AMOUNT } },
        },
      },
    };
    try {
      const answer = await this.#post(requestJson(body, { placeholder: AMOUNT, text: decimalText(request.amountMinor, exponent) }), this.#options.answerTimeoutMs);
      return outcomeOf(answer?.SaleToPOIResponse?.PaymentResponse, request, exponent);
    } catch (error) {
      return this.#status(request, exponent, (error as Error).message);
    } finally {
      this.#serviceIds.delete(request.transactionId);
    }
  }

  async status(request: PaymentRequest): Promise<PaymentOutcome> {
    return this.#status(request, this.#options.currencyExponent(request.currency), 'asked after a restart');
  }

  async cancel(transactionId: string): Promise<void> {
    const serviceId = this.#serviceIds.get(transactionId);
    if (!serviceId) return;
    const body = {
      SaleToPOIRequest: {
        MessageHeader: this.#header('Abort', this.#nextServiceId()),
        AbortRequest: { AbortReason: 'MerchantAbort', MessageReference: { MessageCategory: 'Payment', ServiceID: serviceId, SaleID: this.#options.saleId, POIID: this.#options.poiId } },
      },
    };
    await this.#post(JSON.stringify(body), this.#options.requestTimeoutMs).catch(() => undefined);
  }

  async reverse(original: { transactionId: string; timeStamp: string }, amountMinor: number, currency: string): Promise<{ reversed: boolean }> {
    const body = {
      SaleToPOIRequest: {
        MessageHeader: this.#header('Reversal', this.#nextServiceId()),
        ReversalRequest: { OriginalPOITransaction: { POITransactionID: { TransactionID: original.transactionId, TimeStamp: original.timeStamp } }, ReversalReason: 'MerchantCancel', ReversedAmount: AMOUNT },
      },
    };
    const answer = await this.#post(requestJson(body, { placeholder: AMOUNT, text: decimalText(amountMinor, this.#options.currencyExponent(currency)) }), this.#options.requestTimeoutMs);
    return { reversed: answer?.SaleToPOIResponse?.ReversalResponse?.Response?.Result === 'Success' };
  }

  async #status(request: PaymentRequest, exponent: number, why: string): Promise<PaymentOutcome> {
    const body = {
      SaleToPOIRequest: {
        MessageHeader: this.#header('TransactionStatus', this.#nextServiceId()),
        TransactionStatusRequest: { MessageReference: { MessageCategory: 'Payment', ServiceID: request.serviceId, SaleID: this.#options.saleId, POIID: this.#options.poiId } },
      },
    };
    try {
      const status = (await this.#post(JSON.stringify(body), this.#options.requestTimeoutMs))?.SaleToPOIResponse?.TransactionStatusResponse;
      if (status?.Response?.Result === 'Success') return outcomeOf(status.RepeatedMessageResponse?.RepeatedResponseMessageBody?.PaymentResponse, request, exponent);
      if (status?.Response?.ErrorCondition === 'NotFound') return { result: 'cancelled' };
      return { result: 'unknown', reason: `the terminal did not answer (${why}) and reports the payment ${status?.Response?.ErrorCondition ?? 'unclear'}` };
    } catch (error) {
      return { result: 'unknown', reason: `the terminal did not answer (${why}), nor the status request (${(error as Error).message})` };
    }
  }

  async #post(json: string, timeoutMs: number): Promise<NexoAnswer | undefined> {
    const response = await fetch(this.#options.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: json, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new Error(`terminal answered HTTP ${response.status}`);
    return (await response.json()) as NexoAnswer;
  }

  #header(category: MessageHeader['MessageCategory'], serviceId: string): MessageHeader {
    return { ProtocolVersion: PROTOCOL_VERSION, MessageClass: 'Service', MessageCategory: category, MessageType: 'Request', SaleID: this.#options.saleId, ServiceID: serviceId, POIID: this.#options.poiId };
  }

  /**
   * ServiceIDs of abort, status and reversal messages: at most 10 characters, unique per sale
   * system for a while, lower case (a payment's own ServiceID comes from the ledger, upper case).
   */
  #nextServiceId(): string {
    this.#counter = (this.#counter + 1) % 1296;
    return `${Date.now().toString(36).slice(-8)}${this.#counter.toString(36).padStart(2, '0')}`;
  }
}

interface NexoAnswer {
  SaleToPOIResponse?: {
    PaymentResponse?: PaymentResponse;
    TransactionStatusResponse?: { Response?: { Result?: string; ErrorCondition?: string }; RepeatedMessageResponse?: { RepeatedResponseMessageBody?: { PaymentResponse?: PaymentResponse } } };
    ReversalResponse?: { Response?: { Result?: string } };
  };
}

function outcomeOf(response: PaymentResponse | undefined, request: PaymentRequest, exponent: number): PaymentOutcome {
  if (!response) return { result: 'unknown', reason: 'the terminal answered without a payment response' };
  if (response.Response.Result === 'Failure') {
    if (response.Response.ErrorCondition === 'Aborted' || response.Response.ErrorCondition === 'Cancel') return { result: 'cancelled' };
    return { result: 'declined', reason: response.Response.AdditionalResponse ?? response.Response.ErrorCondition ?? 'declined' };
  }
  const result = response.PaymentResult;
  const authorized = result ? minorOf(result.AmountsResp.AuthorizedAmount, exponent) : null;
  if (!result || authorized !== request.amountMinor || result.AmountsResp.Currency !== request.currency) {
    return { result: 'unknown', reason: 'the terminal approved an amount other than the one asked; check the terminal receipt' };
  }
  return {
    result: 'approved',
    approvalCode: result.PaymentAcquirerData.ApprovalCode,
    maskedPan: result.PaymentInstrumentData.CardData.MaskedPAN,
    brand: result.PaymentInstrumentData.CardData.PaymentBrand,
    terminalTransactionId: response.POIData.POITransactionID.TransactionID,
    terminalTimeStamp: response.POIData.POITransactionID.TimeStamp,
  };
}
