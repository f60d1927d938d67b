/** Reads for an open profile: purchase and return history, wishes now in stock, recommendations. */
import { recommend, type BoughtPiece, type Recommendation, type StockPiece, type ViewedOnline } from '../../domain/recommendations.ts';
import type { Db } from '../../store/db.ts';
import { clientRefunds, inStockCandidates, inStockOfStyle, piecesByStockNo, type ClientSaleRow, type InterestRow, type PieceTraitsRow } from '../../store/clients.ts';
import { readSaleDocument } from '../../store/sales.ts';
import type { StoredProfile } from './client-profile.ts';

/** A sale of the client with the pieces on it, read from its document once. */
export interface Purchase extends ClientSaleRow {
  lines: { stockNo: string; description: string }[];
}

export function purchases(sales: readonly ClientSaleRow[]): Purchase[] {
  return sales.map((sale) => ({ ...sale, lines: readSaleDocument(sale.document).lines.map(({ stockNo, description }) => ({ stockNo, description })) }));
}

/** Purchases (newest first) and returns, amounts included (the API hides them from roles without `client.figures`). */
export function clientHistory(db: Db, clientId: string, sales: readonly Purchase[]) {
  return {
    purchases: sales.map((sale) => ({ receiptNo: sale.receiptNo, at: sale.at, lines: sale.lines, totalMinor: sale.totalMinor, refundedMinor: sale.refundedMinor })),
    returns: clientRefunds(db, clientId),
  };
}

/** Wish-list pieces and styles that are in stock now. */
export function wishesInStock(db: Db, profile: StoredProfile): { stockNo: string; description: string }[] {
  const found = new Map<string, string>();
  const byStockNo = profile.wishList.flatMap((wish) => (wish.stockNo ? [wish.stockNo] : []));
  for (const piece of piecesByStockNo(db, byStockNo)) if (piece.status === 'in_stock') found.set(piece.stockNo, piece.description);
  for (const wish of profile.wishList) if (wish.style) for (const piece of inStockOfStyle(db, wish.style)) found.set(piece.stockNo, piece.description);
  return [...found].map(([stockNo, description]) => ({ stockNo, description }));
}

const traits = (row: PieceTraitsRow) => ({
  stockNo: row.stockNo,
  description: row.description,
  style: row.styleName,
  category: row.category,
  metal: row.metal,
  metalColour: row.metalColour,
  collection: row.collection,
  designer: row.designer,
  stones: row.stones ? [...new Set(row.stones.split(','))] : [],
});

/** Up to ten pieces in stock that go with what the client bought, likes and looked at online. */
export function recommendationsFor(db: Db, profile: StoredProfile, sales: readonly Purchase[], viewed: readonly InterestRow[]): Recommendation[] {
  const boughtAt = new Map<string, string>();
  for (const sale of sales) for (const line of sale.lines) if (!boughtAt.has(line.stockNo)) boughtAt.set(line.stockNo, sale.at);
  const bought: BoughtPiece[] = piecesByStockNo(db, [...boughtAt.keys()].slice(0, 200)).map((row) => ({ ...traits(row), at: boughtAt.get(row.stockNo) ?? '' }));
  const { preferences } = profile;
  const hints = {
    collections: [...new Set([...bought.flatMap((piece) => (piece.collection ? [piece.collection] : [])), ...preferences.collections])],
    designers: [...new Set([...bought.flatMap((piece) => (piece.designer ? [piece.designer] : [])), ...preferences.designers])],
    metals: [...new Set([...bought.map((piece) => piece.metal), ...preferences.metals.map((metal) => metal.split(' ').pop() ?? metal)])],
    budget: preferences.budget ?? null,
    withStones: preferences.stones.length > 0,
  };
  const online = [
    ...piecesByStockNo(db, viewed.flatMap((view) => (view.stockNo ? [view.stockNo] : []))).filter((row) => row.status === 'in_stock'),
    ...viewed.flatMap((view) => (view.style ? inStockOfStyle(db, view.style) : [])),
  ];
  const candidates = new Map([...online, ...inStockCandidates(db, hints)].map((row) => [row.stockNo, row]));
  const stock: StockPiece[] = [...candidates.values()].sort((a, b) => a.stockNo.localeCompare(b.stockNo)).map((row) => ({ ...traits(row), retailMinor: row.retailMinor }));
  return recommend(bought, preferences, stock, 10, viewed satisfies readonly ViewedOnline[]);
}
