/**
 * Ingest of one event batch, in one PostgreSQL transaction:
 *
 * 1. every envelope goes into `inbox`, deduplicated on (device, seq) — duplicates from QoS 1
 *    redelivery, relay resends and "rewinds" are normal and cost nothing;
 * 2. under the device's `device_streams` row lock, the contiguous run from `hwm + 1` is applied in
 *    seq order into `events`; anything after a gap stays parked in `inbox` until the gap fills
 *    (shared subscriptions spread one device's batches over workers in no particular order);
 * 3. `hwm` advances, and the caller acks `{upTo: hwm}` only after COMMIT.
 *
 * Whichever worker commits last sees every row committed before it, so no parked row is
 * stranded: its own apply step picks them up.
 */
import type { Pool } from 'pg';
import type { Stream } from '../../runtime/src/wire/hq-topics.ts';
import type { EventBatch } from '../../runtime/src/wire/hq-envelope.ts';

export interface IngestResult {
  hwm: number;
  inserted: number;
  applied: number;
  conflicts: number;
}

export async function ingestBatch(pool: Pool, deviceId: string, stream: Stream, batch: EventBatch): Promise<IngestResult> {
  const rows = JSON.stringify(
    batch.batch.map((event) => ({ seq: event.seq, event_id: event.eventId, type: event.type, business_key: event.businessKey, body: event })),
  );
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const inserted = await client.query(
      `INSERT INTO inbox (device_id, seq, event_id, stream, type, business_key, body)
       SELECT $1, x.seq, x.event_id, $2, x.type, x.business_key, x.body
         FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, event_id text, type text, business_key text, body jsonb)
       ON CONFLICT (device_id, seq) DO NOTHING`,
      [deviceId, stream, rows],
    );
    const conflicts = await client.query(
      `INSERT INTO seq_conflicts (device_id, seq, stored_event_id, offered_event_id)
       SELECT $1, x.seq, i.event_id, x.event_id
         FROM jsonb_to_recordset($2::jsonb) AS x(seq bigint, event_id text)
         JOIN inbox i ON i.device_id = $1 AND i.seq = x.seq
        WHERE i.event_id <> x.event_id`,
      [deviceId, rows],
    );
    await client.query('INSERT INTO device_streams (device_id) VALUES ($1) ON CONFLICT (device_id) DO NOTHING', [deviceId]);
    const locked = await client.query<{ hwm: string }>('SELECT hwm FROM device_streams WHERE device_id = $1 FOR UPDATE', [deviceId]);
    const hwm = Number(locked.rows[0]?.hwm ?? 0);
    const run = await client.query<{ upto: string }>(
      `SELECT COALESCE(MAX(seq), $2) AS upto
         FROM (SELECT seq, seq - ROW_NUMBER() OVER (ORDER BY seq) AS gap FROM inbox WHERE device_id = $1 AND seq > $2 AND NOT applied) AS parked
        WHERE gap = $2`,
      [deviceId, hwm],
    );
    const upTo = Number(run.rows[0]?.upto ?? hwm);
    if (upTo > hwm) {
      await client.query(
        `INSERT INTO events (device_id, seq, event_id, stream, type, business_key, occurred_at, payload)
         SELECT device_id, seq, event_id, stream, type, business_key, body->>'occurredAt', body->'payload'
           FROM inbox WHERE device_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
        [deviceId, hwm, upTo],
      );
      await client.query('UPDATE inbox SET applied = true WHERE device_id = $1 AND seq > $2 AND seq <= $3', [deviceId, hwm, upTo]);
      await client.query('UPDATE device_streams SET hwm = $2, applied_count = applied_count + $3, updated_at = now() WHERE device_id = $1', [
        deviceId,
        upTo,
        upTo - hwm,
      ]);
    }
    await client.query('COMMIT');
    return { hwm: upTo, inserted: inserted.rowCount ?? 0, applied: upTo - hwm, conflicts: conflicts.rowCount ?? 0 };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function hwmOf(pool: Pool, deviceId: string): Promise<number> {
  const result = await pool.query<{ hwm: string }>('SELECT hwm FROM device_streams WHERE device_id = $1', [deviceId]);
  return Number(result.rows[0]?.hwm ?? 0);
}

/** Devices whose oldest parked event has waited longer than `olderThanMs` for its gap to fill. */
export async function stalledDevices(pool: Pool, olderThanMs: number): Promise<{ deviceId: string; hwm: number }[]> {
  const result = await pool.query<{ device_id: string; hwm: string }>(
    `SELECT d.device_id, d.hwm FROM device_streams d
      WHERE EXISTS (SELECT 1 FROM inbox i WHERE i.device_id = d.device_id AND NOT i.applied AND i.seq > d.hwm
                      AND i.received_at < now() - make_interval(secs => $1::double precision / 1000))`,
    [olderThanMs],
  );
  return result.rows.map((row) => ({ deviceId: row.device_id, hwm: Number(row.hwm) }));
}
