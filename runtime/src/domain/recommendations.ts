/**
 * What to show a client whose profile is open: pieces in stock that go with what they bought and
 * what they like, each with a reason a clerk can say out loud ("matches the white-gold Aurora
 * bracelet bought 2026-04"). Pieces outside the client's budget are left out.
 */
import { fold } from './client-search.ts';

export interface PieceTraits {
  stockNo: string;
  description: string;
  /** The style's name: one recommendation per style, however many copies are in stock. */
  style: string | null;
  category: string;
  metal: string;
  metalColour: string | null;
  collection: string | null;
  designer: string | null;
  stones: readonly string[];
}

export interface BoughtPiece extends PieceTraits {
  at: string;
}

export interface StockPiece extends PieceTraits {
  retailMinor: number;
}

export interface Preferences {
  metals: readonly string[];
  colours: readonly string[];
  stones: readonly string[];
  designers: readonly string[];
  collections: readonly string[];
  budget?: { minMinor: number; maxMinor: number } | undefined;
}

/** A piece or style the client looked at online (HQ's web shop). */
export interface ViewedOnline {
  stockNo: string | null;
  style: string | null;
  viewedAt: string;
}

export interface Recommendation {
  stockNo: string;
  description: string;
  retailMinor: number;
  reasons: string[];
}

/** What completes a piece: earrings for a bracelet, a necklace for earrings. */
const COMPLEMENTS: Readonly<Record<string, readonly string[]>> = {
  bracelet: ['earrings', 'necklace', 'ring'],
  ring: ['earrings', 'bracelet'],
  earrings: ['necklace', 'pendant', 'bracelet'],
  necklace: ['earrings', 'bracelet'],
  pendant: ['earrings', 'bracelet'],
};

export function metalName(piece: Pick<PieceTraits, 'metal' | 'metalColour'>): string {
  return piece.metal === 'gold' && piece.metalColour ? `${piece.metalColour}-gold` : piece.metal;
}

function described(piece: BoughtPiece): string {
  return [metalName(piece), piece.collection, piece.category].filter(Boolean).join(' ');
}

/** The categories a piece of `category` completes: earrings complete a bracelet, a ring, a necklace, a pendant. */
const COMPLETED_BY: Readonly<Record<string, readonly string[]>> = Object.entries(COMPLEMENTS).reduce<Record<string, string[]>>((map, [bought, completing]) => {
  for (const category of completing) (map[category] ??= []).push(bought);
  return map;
}, {});

/** `stock` in the order to prefer among copies of a style (lowest stock number first). */
export function recommend(bought: readonly BoughtPiece[], preferences: Preferences, stock: readonly StockPiece[], limit: number, viewed: readonly ViewedOnline[] = []): Recommendation[] {
  const owned = new Set(bought.map((piece) => piece.stockNo));
  const styles = new Set<string>();
  // the latest purchase per collection, and per category and metal
  const byCollection = new Map<string, BoughtPiece>();
  const byCategoryMetal = new Map<string, BoughtPiece>();
  for (const earlier of [...bought].sort((a, b) => b.at.localeCompare(a.at))) {
    if (earlier.collection !== null && !byCollection.has(earlier.collection)) byCollection.set(earlier.collection, earlier);
    const key = `${earlier.category}|${metalName(earlier)}`;
    if (!byCategoryMetal.has(key)) byCategoryMetal.set(key, earlier);
  }
  const liked = (list: readonly string[]) => new Set(list.map(fold));
  const metals = liked(preferences.metals);
  const colours = liked(preferences.colours);
  const designers = liked(preferences.designers);
  const collections = liked(preferences.collections);
  const stones = liked(preferences.stones);
  const likes = (set: Set<string>, value: string | null) => value !== null && set.has(fold(value));
  const scored: (Recommendation & { score: number })[] = [];
  for (const piece of stock) {
    if (owned.has(piece.stockNo) || (piece.style !== null && styles.has(piece.style))) continue;
    if (preferences.budget && (piece.retailMinor < preferences.budget.minMinor || piece.retailMinor > preferences.budget.maxMinor)) continue;
    const reasons: string[] = [];
    let score = 0;
    const seenOnline = viewed.find((view) => view.stockNo === piece.stockNo || (view.style !== null && (fold(view.style) === fold(piece.style ?? '') || fold(view.style) === fold(piece.collection ?? ''))));
    if (seenOnline) {
      reasons.push(seenOnline.stockNo === piece.stockNo ? `viewed online ${seenOnline.viewedAt.slice(0, 10)}` : `the ${seenOnline.style} style viewed online ${seenOnline.viewedAt.slice(0, 10)}`);
      score += 3;
    }
    const sameCollection = piece.collection === null ? undefined : byCollection.get(piece.collection);
    const completes = (COMPLETED_BY[piece.category] ?? [])
      .flatMap((category) => byCategoryMetal.get(`${category}|${metalName(piece)}`) ?? [])
      .sort((a, b) => b.at.localeCompare(a.at))[0];
    if (completes) {
      reasons.push(`matching ${piece.category} for the ${described(completes)} bought ${completes.at.slice(0, 7)}`);
      score += completes.collection !== null && completes.collection === piece.collection ? 4 : 2;
    } else if (sameCollection) {
      reasons.push(`matches the ${described(sameCollection)} bought ${sameCollection.at.slice(0, 7)}`);
      score += 3;
    }
    const metal = metalName(piece).replace('-', ' ');
    if (likes(metals, metal) || likes(metals, piece.metal)) {
      reasons.push(`in ${metal}, a preferred metal`);
      score += 1;
    } else if (likes(colours, piece.metalColour)) {
      reasons.push(`in ${piece.metalColour} metal, a preferred colour`);
      score += 1;
    }
    if (likes(designers, piece.designer)) {
      reasons.push(`by ${piece.designer}, a favourite designer`);
      score += 1;
    }
    if (likes(collections, piece.collection) && !sameCollection) {
      reasons.push(`from the ${piece.collection} collection, a favourite`);
      score += 1;
    }
    const stone = piece.stones.find((type) => likes(stones, type));
    if (stone) {
      reasons.push(`set with ${stone}, a preferred stone`);
      score += 1;
    }
    if (piece.style !== null) styles.add(piece.style);
    if (reasons.length > 0) scored.push({ stockNo: piece.stockNo, description: piece.description, retailMinor: piece.retailMinor, reasons, score });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.stockNo.localeCompare(b.stockNo))
    .slice(0, limit)
    .map(({ score: _score, ...recommendation }) => recommendation);
}
