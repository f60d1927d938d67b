/**
 * The reference HQ's PostgreSQL schema. `inbox` is the dedupe point (primary key device + seq);
 * `events` is what HQ applied, in seq order per device (`apply_no` records the order);
 * `device_streams.hwm` is the highest contiguous seq applied, the number HQ acks.
 */
import type { Pool } from 'pg';

export const HQ_SCHEMA = `
CREATE TABLE IF NOT EXISTS device_streams (
  device_id     text PRIMARY KEY,
  hwm           bigint NOT NULL DEFAULT 0,
  applied_count bigint NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS inbox (
  device_id    text NOT NULL,
  seq          bigint NOT NULL,
  event_id     text NOT NULL,
  stream       text NOT NULL,
  type         text NOT NULL,
  business_key text,
  body         jsonb NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now(),
  applied      boolean NOT NULL DEFAULT false,
  PRIMARY KEY (device_id, seq)
);
CREATE INDEX IF NOT EXISTS inbox_parked ON inbox (device_id, seq) WHERE NOT applied;

CREATE TABLE IF NOT EXISTS events (
  apply_no     bigserial PRIMARY KEY,
  device_id    text NOT NULL,
  seq          bigint NOT NULL,
  event_id     text NOT NULL,
  stream       text NOT NULL,
  type         text NOT NULL,
  business_key text,
  occurred_at  text NOT NULL,
  payload      jsonb NOT NULL,
  applied_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (device_id, seq)
);

CREATE TABLE IF NOT EXISTS seq_conflicts (
  device_id        text NOT NULL,
  seq              bigint NOT NULL,
  stored_event_id  text NOT NULL,
  offered_event_id text NOT NULL,
  seen_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS rejected_messages (
  id          bigserial PRIMARY KEY,
  topic       text NOT NULL,
  code        text NOT NULL,
  reason      text NOT NULL,
  excerpt     text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS desired_documents (
  device_id  text NOT NULL,
  doc        text NOT NULL,
  version    integer NOT NULL,
  issued_at  text NOT NULL,
  body       jsonb NOT NULL,
  PRIMARY KEY (device_id, doc)
);

CREATE TABLE IF NOT EXISTS commands (
  cmd_id     text PRIMARY KEY,
  device_id  text NOT NULL,
  name       text NOT NULL,
  args       jsonb NOT NULL,
  sent_at    timestamptz NOT NULL DEFAULT now(),
  reply      jsonb,
  replies    integer NOT NULL DEFAULT 0,
  replied_at timestamptz
);

CREATE TABLE IF NOT EXISTS device_reports (
  device_id   text NOT NULL,
  kind        text NOT NULL,
  body        jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (device_id, kind)
);

CREATE TABLE IF NOT EXISTS market_quotes (
  instrument   text PRIMARY KEY,
  body         jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
`;

/** Runs `ddl` (HQ's schema by default; a part's own tables, e.g. enrollment) under one advisory lock. */
export async function migrateHq(pool: Pool, ddl: string = HQ_SCHEMA): Promise<void> {
  // One advisory lock so several HQ workers starting together do not race on CREATE.
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(4711)');
    await client.query(ddl);
  } finally {
    await client.query('SELECT pg_advisory_unlock(4711)').catch(() => undefined);
    client.release();
  }
}
