/** The appliance itself: health (devices, HQ link), enrollment with HQ, the store's face, cash rates, settings, staff, backups. */
import type { Static } from 'typebox';
import type { BackupMade, Health as HealthSchema, ProvisioningStatus, StaffMember } from '../../../runtime/src/wire/api.ts';
import type { CashRate, StoreFace } from '../../../runtime/src/wire/counter.ts';
import { call } from './api.ts';

export type Health = Static<typeof HealthSchema>;
export type StaffRow = Static<typeof StaffMember>;
export type { CashRate, StoreFace };

export const health = () => call<Health>('GET', '/healthz');
export const storeFace = () => call<StoreFace>('GET', '/api/v1/counter/store');
export const provisioning = () => call<Static<typeof ProvisioningStatus>>('GET', '/api/v1/provisioning');
export const cashRates = () => call<CashRate[]>('GET', '/api/v1/counter/rates');
export const settings = () => call<Record<string, unknown>>('GET', '/api/v1/system/settings');
export const backUpNow = () => call<Static<typeof BackupMade>>('POST', '/api/v1/system/backups');
export const staffList = () => call<StaffRow[]>('GET', '/api/v1/staff');
