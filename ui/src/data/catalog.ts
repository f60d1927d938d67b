/** The catalog: look pieces up by code or by their attributes. */
import type { Static } from 'typebox';
import type { Piece as PieceSchema, PieceQuery } from '../../../runtime/src/wire/catalog.ts';
import { call } from './api.ts';

export type Piece = Static<typeof PieceSchema>;
export type PieceFilters = Partial<Omit<Static<typeof PieceQuery>, 'limit' | 'offset'>>;

/** Where the piece's first photo is served, or null when it has none. */
export function photoPath(piece: Pick<Piece, 'id' | 'photos'>): string | null {
  const first = piece.photos[0];
  return first ? `/api/v1/pieces/${encodeURIComponent(piece.id)}/photos/${first.sha256}` : null;
}

export function searchPieces(filters: PieceFilters, limit = 60): Promise<Piece[]> {
  const query = new URLSearchParams({ limit: String(limit) });
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== '') query.set(key, String(value));
  return call<Piece[]>('GET', `/api/v1/pieces?${query}`);
}
export const findPiece = (code: string) => call<Piece>('GET', `/api/v1/pieces/${encodeURIComponent(code)}`);
export const printCertificate = (id: string) => call<void>('POST', `/api/v1/pieces/${encodeURIComponent(id)}/certificate/print`);
