/**
 * SGTIN-96, exactly per the GS1 EPC Tag Data Standard (reference/device-protocols.md §1.5):
 * Header 8 (0x30) | Filter 3 | Partition 3 | Company Prefix M | Item Reference N | Serial 38,
 * M + N = 44, all big-endian. BigInt throughout: a 96-bit value does not fit a double.
 */
import { DeviceError } from '../errors.ts';

export const SGTIN96_HEADER = 0x30;
export const SGTIN96_MAX_SERIAL = (1n << 38n) - 1n; // 274 877 906 943

/** TDS partition table for SGTIN (table 14-2): bits and digits of company prefix and item reference. */
export const SGTIN_PARTITIONS = [
  { companyBits: 40, companyDigits: 12, itemBits: 4, itemDigits: 1 },
  { companyBits: 37, companyDigits: 11, itemBits: 7, itemDigits: 2 },
  { companyBits: 34, companyDigits: 10, itemBits: 10, itemDigits: 3 },
  { companyBits: 30, companyDigits: 9, itemBits: 14, itemDigits: 4 },
  { companyBits: 27, companyDigits: 8, itemBits: 17, itemDigits: 5 },
  { companyBits: 24, companyDigits: 7, itemBits: 20, itemDigits: 6 },
  { companyBits: 20, companyDigits: 6, itemBits: 24, itemDigits: 7 },
] as const;

export interface Sgtin96 {
  /** 0–7; 1 = point-of-sale trade item. */
  filter: number;
  partition: number;
  /** Digits, zero-padded to the partition's length. */
  companyPrefix: string;
  /** Indicator digit + item reference digits, zero-padded. */
  itemReference: string;
  serial: bigint;
}

function invalid(reason: string, details: Record<string, unknown> = {}): DeviceError {
  return new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason, ...details });
}

export function isSgtin96(hex: string): boolean {
  return /^30[0-9a-f]{22}$/i.test(hex);
}

/** Decodes 24 hex digits; rejects a wrong header, partition 7 and fields that overflow their digits. */
export function decodeSgtin96(hex: string): Sgtin96 {
  if (!/^[0-9a-f]{24}$/i.test(hex)) throw invalid('an SGTIN-96 is 24 hex digits', { epc: hex });
  const value = BigInt(`0x${hex}`);
  const header = Number(value >> 88n);
  if (header !== SGTIN96_HEADER) throw invalid(`header 0x${header.toString(16)} is not SGTIN-96`, { epc: hex });
  const filter = Number((value >> 85n) & 0x7n);
  const partition = Number((value >> 82n) & 0x7n);
  const layout = SGTIN_PARTITIONS[partition];
  if (!layout) throw invalid('partition 7 is not allowed', { epc: hex });
  const company = (value >> BigInt(38 + layout.itemBits)) & ((1n << BigInt(layout.companyBits)) - 1n);
  const item = (value >> 38n) & ((1n << BigInt(layout.itemBits)) - 1n);
  const serial = value & SGTIN96_MAX_SERIAL;
  if (company >= 10n ** BigInt(layout.companyDigits)) throw invalid('company prefix overflows its digits', { epc: hex });
  if (item >= 10n ** BigInt(layout.itemDigits)) throw invalid('item reference overflows its digits', { epc: hex });
  return {
    filter,
    partition,
    companyPrefix: company.toString().padStart(layout.companyDigits, '0'),
    itemReference: item.toString().padStart(layout.itemDigits, '0'),
    serial,
  };
}

/** Encodes to 24 upper-case hex digits; the partition follows from the company prefix's length. */
export function encodeSgtin96(epc: Omit<Sgtin96, 'partition'>): string {
  const partition = SGTIN_PARTITIONS.findIndex((p) => p.companyDigits === epc.companyPrefix.length);
  const layout = SGTIN_PARTITIONS[partition];
  if (!layout) throw invalid('a GS1 company prefix has 6 to 12 digits', { companyPrefix: epc.companyPrefix });
  if (!/^\d+$/.test(epc.companyPrefix) || !/^\d+$/.test(epc.itemReference)) throw invalid('prefix and item reference are digits');
  if (epc.itemReference.length !== layout.itemDigits) {
    throw invalid(`a ${layout.companyDigits}-digit prefix needs a ${layout.itemDigits}-digit item reference`, { itemReference: epc.itemReference });
  }
  if (!Number.isInteger(epc.filter) || epc.filter < 0 || epc.filter > 7) throw invalid('filter is 0 to 7', { filter: epc.filter });
  if (epc.serial < 0n || epc.serial > SGTIN96_MAX_SERIAL) throw invalid('serial is 0 to 274877906943', { serial: epc.serial.toString() });
  const value =
    (BigInt(SGTIN96_HEADER) << 88n) |
    (BigInt(epc.filter) << 85n) |
    (BigInt(partition) << 82n) |
    (BigInt(epc.companyPrefix) << BigInt(38 + layout.itemBits)) |
    (BigInt(epc.itemReference) << 38n) |
    epc.serial;
  return value.toString(16).toUpperCase().padStart(24, '0');
}

/** GS1 mod-10 check digit (weights 3,1,3… from the right). */
export function gs1CheckDigit(digits: string): number {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** GTIN-14: indicator digit, company prefix, rest of the item reference, check digit. */
export function sgtinGtin14(epc: Sgtin96): string {
  const body = epc.itemReference.slice(0, 1) + epc.companyPrefix + epc.itemReference.slice(1);
  return body + gs1CheckDigit(body);
}

export function sgtinTagUri(epc: Sgtin96): string {
  return `urn:epc:tag:sgtin-96:${epc.filter}.${epc.companyPrefix}.${epc.itemReference}.${epc.serial}`;
}

export function sgtinPureIdentityUri(epc: Sgtin96): string {
  return `urn:epc:id:sgtin:${epc.companyPrefix}.${epc.itemReference}.${epc.serial}`;
}
