/** Selling: the open sale (cart), tenders, completion, parking, receipts and returns. */
import type { Static } from 'typebox';
import type { CartView, Completed, Parked, ReceiptLookup, RefundDone } from '../../../runtime/src/wire/sales.ts';
import { call } from './api.ts';

export type Cart = Static<typeof CartView>;
export type CompletedSale = Static<typeof Completed>;
export type ParkedSale = Static<typeof Parked>;
export type ReceiptView = Static<typeof ReceiptLookup>;
export type Refund = Static<typeof RefundDone>;
export type Discount = { kind: 'percent'; bps: number } | { kind: 'amount'; minor: number } | null;

const carts = '/api/v1/sales/carts';
export const RECEIPT_NO = /^[0-9]{4}-[0-9]{2}-[0-9]{6}$/;

export const openCart = () => call<Cart>('POST', carts);
export const addPiece = (cartId: string, code: string) => call<Cart>('POST', `${carts}/${cartId}/lines`, { code });
export const removeLine = (cartId: string, lineId: string) => call<Cart>('DELETE', `${carts}/${cartId}/lines/${lineId}`);
export const discountLine = (cartId: string, lineId: string | null, discount: Discount, approval?: string) =>
  call<Cart>('PUT', lineId ? `${carts}/${cartId}/lines/${lineId}/discount` : `${carts}/${cartId}/discount`, { discount }, approval);
export const takeTender = (cartId: string, kind: string, amountMinor: number, currency: string) =>
  call<Cart>('POST', `${carts}/${cartId}/tenders`, { kind, amountMinor, currency });
export const payByCard = (cartId: string, amountMinor: number) => call<Cart>('POST', `${carts}/${cartId}/card`, { amountMinor });
export const cancelCard = (cartId: string) => call<void>('POST', `${carts}/${cartId}/card/cancel`);
export const completeSale = (cartId: string) => call<CompletedSale>('POST', `${carts}/${cartId}/complete`);
export const voidSale = (cartId: string, reason: string, approval?: string) => call<void>('POST', `${carts}/${cartId}/void`, { reason }, approval);
export const parkSale = (cartId: string, label: string) => call<{ parkedId: string }>('POST', `${carts}/${cartId}/park`, { label });
export const parkedSales = () => call<ParkedSale[]>('GET', '/api/v1/sales/parked');
export const resumeSale = (parkedId: string) => call<Cart>('POST', `/api/v1/sales/parked/${parkedId}/resume`);
export const exchangeInto = (cartId: string, receiptNo: string, lines: { lineId: string; quantity: number }[], approval?: string) =>
  call<Cart>('POST', `${carts}/${cartId}/exchange`, { receiptNo, lines }, approval);

export const findReceipt = (receiptNo: string) => call<ReceiptView>('GET', `/api/v1/sales/receipts/${receiptNo}`);
export const reprintReceipt = (receiptNo: string) => call<void>('POST', `/api/v1/sales/receipts/${receiptNo}/reprint`);
export const printGiftReceipt = (receiptNo: string) => call<void>('POST', `/api/v1/sales/receipts/${receiptNo}/gift`);
export const refundLines = (receiptNo: string, lines: { lineId: string; quantity: number }[], approval?: string) =>
  call<Refund>('POST', `/api/v1/sales/receipts/${receiptNo}/refunds`, { lines }, approval);
