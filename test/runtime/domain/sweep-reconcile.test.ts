import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { PIECE_STATUSES, type PieceStatus } from '../../../runtime/src/domain/piece-status.ts';
import { accuracyBp, expectedPieces, reconcile, withinScope, type CountedPiece, type ReconcileInput, type SeenTag } from '../../../runtime/src/domain/sweep-reconcile.ts';

const piece = (n: number, status: PieceStatus = 'in_stock', location = 'Case 1 / Tray A', epc: string | null = `EPC${n}`): CountedPiece => ({
  pieceId: `P${n}`,
  stockNo: `R-${n}`,
  description: 'Ring',
  epc,
  status,
  location,
});
const seen = (epc: string, readers = ['rfid-handheld']): SeenTag => ({ epc, reads: 3, firstSeen: 1, lastSeen: 2, bestRssi: -50, readers });
const CHAIN = (epc: string) => epc.startsWith('EPC') || epc.startsWith('CHAIN');

function run(pieces: CountedPiece[], tags: string[], options: Partial<ReconcileInput> = {}) {
  const scope = options.scope === undefined ? null : options.scope;
  return reconcile({
    scope,
    expectedAtStart: new Set(expectedPieces(pieces, scope).map((p) => p.pieceId)),
    pieces,
    retired: new Map(),
    seen: tags.map((epc) => seen(epc)),
    isChainTag: CHAIN,
    ...options,
  });
}
const stockNos = (lines: { stockNo: string }[]) => lines.map((line) => line.stockNo).sort();

const scopes = suite('withinScope');

scopes('should hold a tray inside its showcase and not a showcase with a longer number :: Case 1 vs Case 10', () => {
  assert.ok(withinScope('Case 1 / Tray A', 'Case 1'));
  assert.ok(withinScope('case 1/tray a', 'Case 1 / Tray A'));
  assert.not.ok(withinScope('Case 10 / Tray A', 'Case 1'));
  assert.not.ok(withinScope('Case 1', 'Case 1 / Tray A'));
  assert.ok(withinScope('Back office safe', null));
});

scopes('should count accuracy in basis points, rounded down :: 1,983 of 2,000 → 9,915', () => {
  assert.equal([accuracyBp(1_983, 2_000), accuracyBp(2, 3), accuracyBp(0, 0)], [9_915, 6_666, null]);
});

scopes.run();

const rec = suite('reconcile');

rec('should find, miss and list apart :: 3 in stock (1 unseen), 1 in repair, 1 reserved unseen, 1 untagged', () => {
  const pieces = [piece(1), piece(2), piece(3), piece(4, 'in_repair'), piece(5, 'reserved'), piece(6, 'in_stock', 'Case 1 / Tray A', null)];
  const result = run(pieces, ['EPC1', 'EPC2']);
  assert.equal(stockNos(result.found), ['R-1', 'R-2']);
  assert.equal(stockNos(result.missing), ['R-3']);
  assert.equal(stockNos(result.away), ['R-4', 'R-5']);
  assert.equal(stockNos(result.untagged), ['R-6']);
  assert.equal(result.overall, { location: '', expected: 3, found: 2, accuracyBp: 6_666 });
});

rec('should give every unexpected tag its reason :: 11 kinds', () => {
  const pieces = [
    piece(1, 'sold'),
    piece(2, 'in_repair'),
    piece(3, 'memo_out'),
    piece(4, 'in_transit'),
    piece(5, 'transferred'),
    piece(6, 'memo_returned'),
    piece(7, 'missing'),
    piece(8, 'in_stock', 'Case 2 / Tray A'),
    piece(9, 'in_stock', 'Case 1 / Tray A', 'EPC9-NEW'),
  ];
  const result = run(pieces, ['EPC1', 'EPC2', 'EPC3', 'EPC4', 'EPC5', 'EPC6', 'EPC7', 'EPC8', 'EPC9-OLD', 'CHAIN-UNKNOWN', 'E2801234'], { scope: 'Case 1', retired: new Map([['EPC9-OLD', 'P9']]) });
  assert.equal(
    result.unexpected.map((tag) => [tag.epc, tag.reason, tag.piece?.stockNo ?? null]),
    [
      ['EPC1', 'sold', 'R-1'],
      ['EPC2', 'in_repair', 'R-2'],
      ['EPC3', 'memo_out', 'R-3'],
      ['EPC4', 'in_transit', 'R-4'],
      ['EPC5', 'other_store', 'R-5'],
      ['EPC6', 'returned_to_vendor', 'R-6'],
      ['EPC7', 'marked_missing', 'R-7'],
      ['EPC8', 'other_location', 'R-8'],
      ['EPC9-OLD', 'retired_tag', 'R-9'],
      ['CHAIN-UNKNOWN', 'unknown_epc', null],
      ['E2801234', 'foreign_tag', null],
    ],
  );
  assert.equal(stockNos(result.missing), ['R-9'], 'its new tag was not seen');
});

rec('should list a piece that moved during the sweep as changed, neither missing nor unexpected :: sold seen, sold unseen, received', () => {
  const atStart = [piece(1), piece(2), piece(3)];
  const atEnd = [piece(1, 'sold'), piece(2, 'sold'), piece(3), piece(4)];
  const result = reconcile({ scope: null, expectedAtStart: new Set(expectedPieces(atStart, null).map((p) => p.pieceId)), pieces: atEnd, retired: new Map(), seen: [seen('EPC1'), seen('EPC3')], isChainTag: CHAIN });
  assert.equal(stockNos(result.changed), ['R-1', 'R-2', 'R-4']);
  assert.equal([result.missing, result.unexpected], [[], []]);
  assert.equal(stockNos(result.found), ['R-3']);
});

rec('should look only for the recounted pieces and ignore the rest :: 2 of 3 found, 2 other tags ignored', () => {
  const pieces = [piece(1), piece(2), piece(3), piece(4)];
  const only = new Set(['P1', 'P2', 'P3']);
  const result = run(pieces, ['EPC1', 'EPC2', 'EPC4', 'E280FF'], { only, expectedAtStart: only });
  assert.equal([stockNos(result.found), stockNos(result.missing), result.ignoredTags, result.unexpected.length], [['R-1', 'R-2'], ['R-3'], 2, 0]);
});

rec('should give accuracy per location :: Tray A 2/2, Tray B 1/2', () => {
  const pieces = [piece(1), piece(2), piece(3, 'in_stock', 'Case 1 / Tray B'), piece(4, 'in_stock', 'Case 1 / Tray B')];
  const result = run(pieces, ['EPC1', 'EPC2', 'EPC3'], { scope: 'Case 1' });
  assert.equal(result.byLocation, [
    { location: 'Case 1 / Tray A', expected: 2, found: 2, accuracyBp: 10_000 },
    { location: 'Case 1 / Tray B', expected: 2, found: 1, accuracyBp: 5_000 },
  ]);
});

rec('should put every expected tagged piece in exactly one list, and every seen tag in found, changed or unexpected :: 300 random stores', () => {
  const arbitraryPiece = fc.record({
    status: fc.constantFrom(...PIECE_STATUSES),
    location: fc.constantFrom('Case 1 / Tray A', 'Case 1 / Tray B', 'Case 2 / Tray A'),
    tagged: fc.boolean(),
    seen: fc.boolean(),
    movedDuring: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(arbitraryPiece, { maxLength: 40 }), fc.integer({ min: 0, max: 5 }), fc.constantFrom(null, 'Case 1', 'Case 1 / Tray B'), (specs, foreign, scope) => {
      const atEnd = specs.map((spec, n) => piece(n, spec.status, spec.location, spec.tagged ? `EPC${n}` : null));
      const atStart = specs.map((spec, n) => piece(n, spec.movedDuring ? 'in_stock' : spec.status, spec.location, spec.tagged ? `EPC${n}` : null));
      const tags = [...specs.flatMap((spec, n) => (spec.seen && spec.tagged ? [`EPC${n}`] : [])), ...Array.from({ length: foreign }, (_, i) => `E280${i}`)];
      const expectedAtStart = new Set(expectedPieces(atStart, scope).map((p) => p.pieceId));
      const result = reconcile({ scope, expectedAtStart, pieces: atEnd, retired: new Map(), seen: tags.map((epc) => seen(epc)), isChainTag: CHAIN });
      const lists = [result.found, result.missing, result.away, result.untagged, result.changed];
      const placed = lists.flat().map((line) => line.pieceId);
      assert.is(new Set(placed).size, placed.length, 'a piece in two lists');
      for (const id of expectedAtStart) assert.ok(placed.includes(id) || result.unexpected.some((tag) => tag.piece?.pieceId === id), `expected ${id} is in no list`);
      assert.is(result.found.length + result.changed.filter((line) => tags.includes(`EPC${line.pieceId.slice(1)}`)).length + result.unexpected.length, tags.length);
      assert.is(result.unexpected.filter((tag) => tag.reason === 'foreign_tag').length, foreign);
      for (const line of result.missing) assert.is(line.status, 'in_stock');
      assert.is(result.overall.expected, result.found.length + result.missing.length);
    }),
    { numRuns: 300, seed: 20261124 },
  );
});

rec.run();
