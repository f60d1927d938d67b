/**
 * The subset of nexo Sale-to-POI messages (the JSON form used by Adyen's Terminal API) that a
 * counter needs: PaymentRequest, AbortRequest, TransactionStatusRequest, ReversalRequest, and
 * their responses. Amounts are nexo decimals; they are written from and read into integer minor
 * units through their text, never through float arithmetic.
 */
export const PROTOCOL_VERSION = '3.0';

export interface MessageHeader {
  ProtocolVersion: string;
  MessageClass: 'Service';
  MessageCategory: 'Payment' | 'Abort' | 'TransactionStatus' | 'Reversal';
  MessageType: 'Request' | 'Response';
  SaleID: string;
  ServiceID: string;
  POIID: string;
}

export interface NexoResponseBody {
  Result: 'Success' | 'Failure';
  ErrorCondition?: 'Refusal' | 'Aborted' | 'Cancel' | 'Busy' | 'NotFound' | 'InProgress' | 'UnreachableHost' | 'MessageFormat' | 'NotAllowed';
  AdditionalResponse?: string;
}

export interface PaymentResponse {
  Response: NexoResponseBody;
  SaleData: { SaleTransactionID: { TransactionID: string; TimeStamp: string } };
  POIData: { POITransactionID: { TransactionID: string; TimeStamp: string } };
  PaymentResult?: {
    PaymentInstrumentData: { CardData: { MaskedPAN: string; PaymentBrand: string } };
    AmountsResp: { Currency: string; AuthorizedAmount: number };
    PaymentAcquirerData: { ApprovalCode: string };
  };
}

/** Minor units → a nexo decimal as JSON text: (157869, 2) → "1578.69". */
export function decimalText(minor: number, exponent: number): string {
  const digits = String(minor).padStart(exponent + 1, '0');
  return exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** A nexo decimal (as JSON.parse gave it) → minor units, exactly, or null if it has too many decimals. */
export function minorOf(amount: number, exponent: number): number | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(amount));
  if (!match || (match[2] ?? '').length > exponent) return null;
  return Number(`${match[1]}${(match[2] ?? '').padEnd(exponent, '0')}`);
}

/** Serializes a request with its amount written as decimal text (JSON.stringify would go through a float). */
export function requestJson(body: unknown, amount?: { placeholder: string; text: string }): string {
  const json = JSON.stringify(body);
  return amount ? json.replace(`"${amount.placeholder}"`, amount.text) : json;
}
