/** Event envelopes and batches as an appliance publishes them, for tests that play the appliance to HQ. */
import { randomBytes } from 'node:crypto';
import { createUlidFactory } from '../../runtime/src/domain/ulid.ts';
import type { EventBatch, EventEnvelope } from '../../runtime/src/wire/hq-envelope.ts';

const newId = createUlidFactory({ now: () => Date.now(), randomBytes: (size) => randomBytes(size) });

/** A `sale.completed` envelope of `deviceId` at `seq`. */
export function saleEnvelope(seq: number, deviceId: string): EventEnvelope {
  return {
    v: 1,
    type: 'sale.completed',
    schemaVersion: 1,
    eventId: newId(),
    deviceId,
    storeId: '0042',
    seq,
    session: 1,
    occurredAt: new Date().toISOString(),
    clockSynced: true,
    bootId: 'boot',
    businessKey: `sale:0042-01-${String(seq).padStart(6, '0')}`,
    payload: { totalMinor: 100 * seq },
  };
}

/** Seqs `from`..`to` of `deviceId` in one batch. */
export function saleBatch(from: number, to: number, deviceId: string): EventBatch {
  const events = Array.from({ length: to - from + 1 }, (_, i) => saleEnvelope(from + i, deviceId));
  return { v: 1, firstSeq: from, lastSeq: to, batch: events };
}
