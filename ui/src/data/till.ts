/** The till: float, cash in and out, no-sale, X report and Z close. */
import type { Static } from 'typebox';
import type { TillReportView, TillSessionView, ZReportView } from '../../../runtime/src/wire/till.ts';
import { call } from './api.ts';

export type TillSession = Static<typeof TillSessionView>;
export type XReport = Static<typeof TillReportView>;
export type ZReport = Static<typeof ZReportView>;

export const openTill = (floatMinor: number) => call<TillSession>('POST', '/api/v1/till/open', { floatMinor });
export const moveCash = (direction: 'cash-in' | 'cash-out', amountMinor: number, reason: string) => call<void>('POST', `/api/v1/till/${direction}`, { amountMinor, reason });
export const noSale = (reason: string) => call<void>('POST', '/api/v1/till/no-sale', { reason });
export const xReport = (approval?: string) => call<XReport>('GET', '/api/v1/till/report', undefined, approval);
export const closeTill = (counted: Record<string, { denomination: number; count: number }[]>, settled: Record<string, number>) =>
  call<ZReport>('POST', '/api/v1/till/close', { counted, settled });
