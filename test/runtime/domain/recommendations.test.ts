import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { recommend, type BoughtPiece, type StockPiece } from '../../../runtime/src/domain/recommendations.ts';

const bracelet: BoughtPiece = { stockNo: 'B-1', description: 'Line bracelet', style: 'Aurora Line', category: 'bracelet', metal: 'gold', metalColour: 'white', collection: 'Aurora', designer: null, stones: ['diamond'], at: '2026-04-12T15:00:00Z' };
const piece = (stockNo: string, traits: Partial<StockPiece>): StockPiece => ({ stockNo, description: stockNo, style: stockNo, category: 'ring', metal: 'gold', metalColour: 'yellow', collection: null, designer: null, stones: [], retailMinor: 100_000, ...traits });
const none = { metals: [], colours: [], stones: [], designers: [], collections: [] };

const suiteOf = suite('recommendations');
suiteOf('should say which purchase a piece goes with :: matching earrings, same collection', () => {
  const stock = [piece('E-1', { category: 'earrings', metalColour: 'white', collection: 'Aurora' }), piece('R-1', { collection: 'Aurora', metal: 'platinum', metalColour: 'white' }), piece('N-1', { category: 'necklace' })];
  assert.equal(recommend([bracelet], none, stock, 10), [
    { stockNo: 'E-1', description: 'E-1', retailMinor: 100_000, reasons: ['matching earrings for the white-gold Aurora bracelet bought 2026-04'] },
    { stockNo: 'R-1', description: 'R-1', retailMinor: 100_000, reasons: ['matches the white-gold Aurora bracelet bought 2026-04'] },
  ]);
});
suiteOf('should leave out pieces outside the budget, the piece bought, and second copies of a style', () => {
  const stock = [piece('B-1', { collection: 'Aurora' }), piece('R-2', { collection: 'Aurora', retailMinor: 900_000 }), piece('R-3', { collection: 'Aurora', style: 'S' }), piece('R-4', { collection: 'Aurora', style: 'S' })];
  const list = recommend([bracelet], { ...none, budget: { minMinor: 50_000, maxMinor: 500_000 } }, stock, 10);
  assert.equal(list.map((entry) => entry.stockNo), ['R-3']);
});
suiteOf('should recommend from preferences alone :: preferred metal, designer, stone', () => {
  const stock = [piece('R-5', { metalColour: 'white', designer: 'Lumen', stones: ['sapphire'] }), piece('R-6', {})];
  assert.equal(recommend([], { ...none, metals: ['White Gold'], designers: ['lumen'], stones: ['Sapphire'] }, stock, 10), [
    { stockNo: 'R-5', description: 'R-5', retailMinor: 100_000, reasons: ['in white gold, a preferred metal', 'by Lumen, a favourite designer', 'set with sapphire, a preferred stone'] },
  ]);
});
suiteOf.run();
