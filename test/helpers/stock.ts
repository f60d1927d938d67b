/**
 * Stock for RFID tests and figures: tagged pieces spread over showcases and trays, received
 * through the catalog's own import (one ledger write), each with a Loupe piece tag.
 */
import { encodePieceTag } from '../../drivers/index.ts';
import { SYSTEM_ACTOR } from '../../runtime/src/domain/actor.ts';
import { CatalogService } from '../../runtime/src/modules/catalog/catalog-service.ts';
import type { Ledger } from '../../runtime/src/store/ledger.ts';

/** The default chain prefix (settings `stock.companyPrefix`). */
export const CHAIN_PREFIX = '0614141';

export interface StockedPiece {
  stockNo: string;
  epc: string;
  location: string;
}

/** `count` pieces in Case 1–5 / Tray A–D, stock numbers `<prefix>-<n>`, EPCs of style `style`. */
export function stockTheCases(ledger: Ledger, count: number, options: { prefix?: string; style?: number; now?: () => Date } = {}): StockedPiece[] {
  const prefix = options.prefix ?? 'T';
  const style = options.style ?? 777;
  let id = 0;
  const catalog = new CatalogService({ ledger, now: options.now ?? (() => new Date('2026-11-24T09:00:00Z')), newId: () => `${prefix}${String((id += 1)).padStart(8, '0')}X`, currency: 'USD' });
  const pieces: StockedPiece[] = [];
  for (let n = 0; n < count; n += 1) {
    pieces.push({ stockNo: `${prefix}-${n}`, epc: encodePieceTag({ companyPrefix: CHAIN_PREFIX, styleNumber: style, pieceNumber: BigInt(900_000 + n) }), location: `Case ${1 + (n % 5)} / Tray ${'ABCD'[Math.floor(n / 5) % 4]}` });
  }
  const rows = pieces.map((piece, index) => ({
    line: index + 2,
    piece: {
      stockNo: piece.stockNo,
      epc: piece.epc,
      description: 'Diamond line bracelet',
      category: 'bracelet' as const,
      metal: 'gold' as const,
      fineness: 750,
      stones: [],
      costMinor: 100_000,
      retailMinor: 250_000,
      location: piece.location,
      ownership: 'owned' as const,
    },
  }));
  catalog.importPieces({ name: 'stock.csv', sha256: `${prefix}${count}`.padEnd(16, '0') }, rows, [], { skipInvalid: false }, SYSTEM_ACTOR);
  return pieces;
}

/** Tags no Loupe store wrote: factory EPCs and another company's SGTINs. */
export const FOREIGN_TAGS = ['E2806894000040123456789A', 'E2003412013AFF0001234567', '3074257BF7194E4000001A85', '3034257BF7194E4000001A86', 'AD2014000000000000001234'];
