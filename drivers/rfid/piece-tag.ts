/**
 * The Loupe piece tag: how a jewelry piece is written on its RFID hang tag (docs/drivers.md).
 *
 * It is a plain SGTIN-96, so any GS1 reader in the supply chain understands it:
 * - filter 1 (point-of-sale trade item),
 * - the chain's GS1 company prefix,
 * - item reference = indicator digit 0 + the style number,
 * - serial = the piece number (each piece of a style is one serial).
 *
 * Nothing else goes on the tag: no price, no cost, no metal weight, no client. A tag read across
 * the room tells a stranger only "style 12345, piece 67"; everything else is looked up in the
 * catalog, which stays behind the counter. User memory is never written.
 */
import { DeviceError } from '../errors.ts';
import { decodeSgtin96, encodeSgtin96, isSgtin96, SGTIN_PARTITIONS, SGTIN96_MAX_SERIAL, type Sgtin96 } from './sgtin96.ts';

/** SGTIN filter value "point-of-sale trade item" (TDS §10.1). */
export const PIECE_TAG_FILTER = 1;

export interface PieceTag {
  companyPrefix: string;
  styleNumber: number;
  pieceNumber: bigint;
}

/** The largest style number a company prefix leaves room for (item digits minus the indicator). */
export function maxStyleNumber(companyPrefix: string): number {
  const layout = SGTIN_PARTITIONS.find((p) => p.companyDigits === companyPrefix.length);
  if (!layout) throw new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason: 'a GS1 company prefix has 6 to 12 digits', companyPrefix });
  return 10 ** (layout.itemDigits - 1) - 1;
}

export function encodePieceTag(tag: PieceTag): string {
  const max = maxStyleNumber(tag.companyPrefix);
  if (!Number.isInteger(tag.styleNumber) || tag.styleNumber < 0 || tag.styleNumber > max) {
    throw new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason: `style number is 0 to ${max} with this company prefix`, styleNumber: tag.styleNumber });
  }
  if (tag.pieceNumber < 0n || tag.pieceNumber > SGTIN96_MAX_SERIAL) {
    throw new DeviceError('LOUPE_E_RFID_EPC_INVALID', { reason: 'piece number is 0 to 274877906943', pieceNumber: tag.pieceNumber.toString() });
  }
  const itemDigits = String(max).length + 1;
  return encodeSgtin96({
    filter: PIECE_TAG_FILTER,
    companyPrefix: tag.companyPrefix,
    itemReference: `0${String(tag.styleNumber).padStart(itemDigits - 1, '0')}`,
    serial: tag.pieceNumber,
  });
}

/** The piece a tag names, or null when it is not a Loupe piece tag of one of `companyPrefixes`. */
export function decodePieceTag(epc: string, companyPrefixes: readonly string[]): PieceTag | null {
  if (!isSgtin96(epc)) return null;
  let sgtin: Sgtin96;
  try {
    sgtin = decodeSgtin96(epc);
  } catch {
    return null;
  }
  if (sgtin.filter !== PIECE_TAG_FILTER || sgtin.itemReference[0] !== '0') return null;
  if (!companyPrefixes.includes(sgtin.companyPrefix)) return null;
  return { companyPrefix: sgtin.companyPrefix, styleNumber: Number(sgtin.itemReference.slice(1)), pieceNumber: sgtin.serial };
}

export type TagIdentity =
  | { scheme: 'loupe-piece'; epc: string; piece: PieceTag }
  | { scheme: 'sgtin-96'; epc: string; sgtin: Sgtin96 }
  | { scheme: 'opaque'; epc: string };

/**
 * What a read tag is. Factory EPCs (E280…, copies of the TID) and other stores' private codes are
 * `opaque`, never an error: a sweep still counts them as "unknown tag in the case".
 */
export function identifyTag(epc: string, companyPrefixes: readonly string[]): TagIdentity {
  const normalized = epc.toUpperCase();
  const piece = decodePieceTag(normalized, companyPrefixes);
  if (piece) return { scheme: 'loupe-piece', epc: normalized, piece };
  if (isSgtin96(normalized)) {
    try {
      return { scheme: 'sgtin-96', epc: normalized, sgtin: decodeSgtin96(normalized) };
    } catch {
      return { scheme: 'opaque', epc: normalized };
    }
  }
  return { scheme: 'opaque', epc: normalized };
}
