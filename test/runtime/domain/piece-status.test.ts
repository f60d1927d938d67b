import * as fc from 'fast-check';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AWAY, CORRECTION_MOVES, nextStatus, ON_HAND, PIECE_MOVES, PIECE_STATUSES, type PieceMove, type PieceStatus } from '../../../runtime/src/domain/piece-status.ts';

const MOVES = Object.keys(PIECE_MOVES) as PieceMove[];

test('piece status: a sold piece comes back only by a return', () => {
  const allowed = MOVES.filter((move) => nextStatus('sold', move) !== null);
  assert.equal(allowed, ['return']);
  assert.is(nextStatus('sold', 'return'), 'in_stock');
});

test('piece status: a piece away or missing cannot be sold or reserved from there', () => {
  for (const status of ['in_repair', 'in_transit', 'transferred', 'memo_returned', 'missing'] as PieceStatus[]) {
    assert.is(nextStatus(status, 'sell'), null, status);
    assert.is(nextStatus(status, 'reserve'), null, status);
  }
});

test('piece status: every status can be reached from stock, and every status has a way back to it', () => {
  const reached = new Set<PieceStatus>(['in_stock']);
  for (let round = 0; round < PIECE_STATUSES.length; round += 1) {
    for (const from of [...reached]) for (const move of MOVES) {
      const to = nextStatus(from, move);
      if (to) reached.add(to);
    }
  }
  assert.equal([...reached].sort(), [...PIECE_STATUSES].sort());
  for (const status of PIECE_STATUSES.filter((s) => s !== 'in_stock')) {
    const back = MOVES.some((move) => nextStatus(status, move) === 'in_stock');
    assert.ok(back, `${status} has a way back to stock`);
  }
});

test('piece status: a random walk only ever takes allowed moves, and a refused move changes nothing', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...MOVES), { maxLength: 60 }), (moves) => {
      let status: PieceStatus = 'in_stock';
      for (const move of moves) {
        const to = nextStatus(status, move);
        if (to === null) {
          assert.not.ok((PIECE_MOVES[move].from as readonly PieceStatus[]).includes(status));
          continue;
        }
        assert.ok((PIECE_MOVES[move].from as readonly PieceStatus[]).includes(status));
        status = to;
      }
      assert.ok(PIECE_STATUSES.includes(status));
    }),
  );
});

test('piece status: a stock correction never sells, returns, reserves or transfers a piece :: 6 correction moves', () => {
  for (const move of CORRECTION_MOVES) {
    const rule = PIECE_MOVES[move];
    assert.not.ok((['sold', 'reserved', 'on_layaway', 'in_transit', 'transferred'] as PieceStatus[]).includes(rule.to), move);
    assert.not.ok((rule.from as readonly PieceStatus[]).includes('sold'), move);
  }
});

test('piece status: on-hand and away statuses do not overlap', () => {
  for (const status of ON_HAND) assert.not.ok(AWAY.has(status), status);
});

test.run();
