/**
 * The ledger's schema, as numbered migrations. A migration is never edited once released: change
 * the schema by adding the next number. Each runs in its own transaction and is recorded in
 * `schema_migrations`; a ledger with a number this release does not know is refused.
 */
export interface Migration {
  id: number;
  name: string;
  sql: string;
  /**
   * The migration rebuilds a table others refer to (SQLite's way to change a CHECK): it runs with
   * foreign keys off, and commits only if `PRAGMA foreign_key_check` finds nothing dangling.
   */
  rebuildsTables?: true;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'foundation: counters, audit chain, outbox, staff',
    sql: `
      CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO counters (name, value) VALUES ('audit.seq', 0), ('outbox.seq', 0), ('session', 0);

      CREATE TABLE audit_log (
        seq           INTEGER PRIMARY KEY,
        at            TEXT NOT NULL,
        device_id     TEXT NOT NULL,
        actor_id      TEXT,
        actor_name    TEXT,
        actor_role    TEXT,
        approver_id   TEXT,
        approver_name TEXT,
        action        TEXT NOT NULL,
        target        TEXT NOT NULL,
        reason        TEXT,
        before_digest TEXT,
        after_digest  TEXT,
        before_json   TEXT,
        after_json    TEXT,
        prev_hash     TEXT NOT NULL,
        hash          TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_log_target ON audit_log (target, seq);
      CREATE INDEX audit_log_hash ON audit_log (hash);

      CREATE TABLE outbox (
        seq          INTEGER PRIMARY KEY,
        event_id     TEXT NOT NULL UNIQUE,
        stream       TEXT NOT NULL CHECK (stream IN ('sales', 'stock', 'cash', 'audit')),
        type         TEXT NOT NULL,
        business_key TEXT,
        body         TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'inflight', 'published', 'acked')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        last_sent_at TEXT
      ) STRICT;
      CREATE INDEX outbox_state ON outbox (state, seq);

      CREATE TABLE staff (
        id              TEXT PRIMARY KEY,
        code            TEXT NOT NULL UNIQUE,
        name            TEXT NOT NULL,
        role            TEXT NOT NULL CHECK (role IN ('associate', 'senior', 'manager', 'jeweler', 'auditor', 'admin')),
        pin_hash        TEXT NOT NULL,
        active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        lockouts        INTEGER NOT NULL DEFAULT 0,
        locked_until    TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    id: 2,
    name: 'catalog: styles, serialized pieces, stones and certificates',
    sql: `
      CREATE TABLE styles (
        id              TEXT PRIMARY KEY,
        vendor          TEXT,
        vendor_style_no TEXT,
        name            TEXT NOT NULL,
        designer        TEXT,
        collection      TEXT,
        category        TEXT NOT NULL,
        UNIQUE (vendor, vendor_style_no)
      ) STRICT;

      CREATE TABLE pieces (
        id              TEXT PRIMARY KEY,
        stock_no        TEXT NOT NULL UNIQUE,
        style_id        TEXT REFERENCES styles (id),
        barcode         TEXT UNIQUE,
        epc             TEXT UNIQUE,
        description     TEXT NOT NULL,
        category        TEXT NOT NULL,
        metal           TEXT NOT NULL,
        fineness        INTEGER NOT NULL CHECK (fineness BETWEEN 1 AND 1000),
        metal_colour    TEXT,
        metal_weight_ug INTEGER CHECK (metal_weight_ug >= 0),
        total_weight_ug INTEGER CHECK (total_weight_ug >= 0),
        cost_minor      INTEGER NOT NULL CHECK (cost_minor >= 0),
        retail_minor    INTEGER NOT NULL CHECK (retail_minor >= 0),
        currency        TEXT NOT NULL,
        location        TEXT NOT NULL,
        ownership       TEXT NOT NULL CHECK (ownership IN ('owned', 'memo', 'consignment')),
        memo_vendor     TEXT,
        memo_due_back   TEXT,
        status          TEXT NOT NULL CHECK (status IN ('in_stock', 'reserved', 'on_layaway', 'sold', 'in_repair', 'memo_returned', 'missing')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX pieces_status ON pieces (status, location);

      CREATE TABLE piece_stones (
        piece_id       TEXT NOT NULL REFERENCES pieces (id),
        position       INTEGER NOT NULL,
        type           TEXT NOT NULL,
        count          INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1),
        weight_ug      INTEGER NOT NULL CHECK (weight_ug >= 0),
        colour         TEXT,
        clarity        TEXT,
        cut            TEXT,
        cert_lab       TEXT,
        cert_report_no TEXT,
        PRIMARY KEY (piece_id, position),
        UNIQUE (cert_lab, cert_report_no)
      ) STRICT;
    `,
  },
  {
    id: 3,
    name: 'sales: receipts, lines and tenders',
    sql: `
      INSERT INTO counters (name, value) VALUES ('receipt', 0);

      CREATE TABLE sales (
        id             TEXT PRIMARY KEY,
        receipt_no     TEXT NOT NULL UNIQUE,
        completed_at   TEXT NOT NULL,
        staff_id       TEXT NOT NULL REFERENCES staff (id),
        client_id      TEXT,
        currency       TEXT NOT NULL,
        subtotal_minor INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL DEFAULT 0,
        tax_minor      INTEGER NOT NULL,
        total_minor    INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE sale_lines (
        sale_id        TEXT NOT NULL REFERENCES sales (id),
        line_no        INTEGER NOT NULL,
        piece_id       TEXT REFERENCES pieces (id),
        description    TEXT NOT NULL,
        quantity       INTEGER NOT NULL DEFAULT 1,
        unit_minor     INTEGER NOT NULL,
        discount_minor INTEGER NOT NULL DEFAULT 0,
        tax_minor      INTEGER NOT NULL,
        PRIMARY KEY (sale_id, line_no)
      ) STRICT;

      CREATE TABLE sale_tenders (
        sale_id      TEXT NOT NULL REFERENCES sales (id),
        tender_no    INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        currency     TEXT NOT NULL,
        reference    TEXT,
        PRIMARY KEY (sale_id, tender_no)
      ) STRICT;
    `,
  },
  {
    id: 4,
    name: 'HQ link: applied desired documents, command inbox, price list, FX rates, reservations, outbox by stream',
    sql: `
      INSERT INTO counters (name, value) VALUES ('link.session', 0);

      CREATE TABLE link_documents (
        doc        TEXT PRIMARY KEY CHECK (doc IN ('pricelist', 'fx', 'staff', 'settings', 'reservations')),
        version    INTEGER NOT NULL CHECK (version >= 1),
        issued_at  TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        digest     TEXT NOT NULL,
        body       TEXT NOT NULL
      ) STRICT;

      CREATE TABLE link_commands (
        cmd_id      TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        received_at TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'rejected', 'failed')),
        reply       TEXT
      ) STRICT;

      CREATE TABLE price_list (
        stock_no     TEXT PRIMARY KEY,
        retail_minor INTEGER NOT NULL CHECK (retail_minor >= 0),
        currency     TEXT NOT NULL,
        version      INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE fx_rates (
        base    TEXT NOT NULL,
        quote   TEXT NOT NULL,
        rate_e8 INTEGER NOT NULL CHECK (rate_e8 > 0),
        as_of   TEXT NOT NULL,
        version INTEGER NOT NULL,
        PRIMARY KEY (base, quote)
      ) STRICT;

      CREATE TABLE reservations (
        id           TEXT PRIMARY KEY,
        stock_no     TEXT NOT NULL,
        piece_id     TEXT REFERENCES pieces (id),
        customer_ref TEXT NOT NULL,
        hold_until   TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('held', 'conflict')),
        conflict     TEXT,
        version      INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX reservations_piece ON reservations (piece_id);

      -- The relay fills each batch from one stream (the topic is evt/{stream}).
      CREATE INDEX outbox_stream_state ON outbox (stream, state, seq);
    `,
  },
  {
    id: 5,
    name: 'selling: sale documents, parked sales, refunds',
    sql: `
      ALTER TABLE sales ADD COLUMN document TEXT;
      ALTER TABLE sales ADD COLUMN approver_id TEXT REFERENCES staff (id);
      ALTER TABLE sale_tenders ADD COLUMN applied_minor INTEGER;
      ALTER TABLE sale_tenders ADD COLUMN rate TEXT;
      CREATE INDEX sale_lines_piece ON sale_lines (piece_id);

      CREATE TABLE parked_sales (
        id        TEXT PRIMARY KEY,
        parked_at TEXT NOT NULL,
        staff_id  TEXT NOT NULL REFERENCES staff (id),
        label     TEXT NOT NULL,
        cart      TEXT NOT NULL
      ) STRICT;

      INSERT INTO counters (name, value) VALUES ('refund', 0);
      CREATE TABLE refunds (
        id          TEXT PRIMARY KEY,
        refund_no   TEXT NOT NULL UNIQUE,
        sale_id     TEXT NOT NULL REFERENCES sales (id),
        refunded_at TEXT NOT NULL,
        staff_id    TEXT NOT NULL REFERENCES staff (id),
        amount_minor INTEGER NOT NULL,
        record      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX refunds_sale ON refunds (sale_id);
    `,
  },
  {
    id: 6,
    name: 'cash: till sessions and every tender that moved through them',
    sql: `
      CREATE TABLE till_sessions (
        id            TEXT PRIMARY KEY,
        opened_at     TEXT NOT NULL,
        opened_by     TEXT NOT NULL REFERENCES staff (id),
        currency      TEXT NOT NULL,
        float_minor   INTEGER NOT NULL CHECK (float_minor >= 0),
        closed_at     TEXT,
        closed_by     TEXT REFERENCES staff (id),
        z_report      TEXT
      ) STRICT;
      CREATE UNIQUE INDEX till_sessions_one_open ON till_sessions (closed_at IS NULL) WHERE closed_at IS NULL;

      CREATE TABLE till_movements (
        id           TEXT PRIMARY KEY,
        session_id   TEXT NOT NULL REFERENCES till_sessions (id),
        at           TEXT NOT NULL,
        staff_id     TEXT REFERENCES staff (id),
        kind         TEXT NOT NULL CHECK (kind IN ('sale', 'change', 'refund', 'cash_in', 'cash_out', 'no_sale')),
        tender       TEXT NOT NULL,
        currency     TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        reason       TEXT,
        reference    TEXT
      ) STRICT;
      CREATE INDEX till_movements_session ON till_movements (session_id, tender);
    `,
  },
  {
    id: 7,
    name: 'receipts: print jobs, queued with the sale and printed once',
    sql: `
      CREATE TABLE print_jobs (
        id         TEXT PRIMARY KEY,
        sale_id    TEXT NOT NULL REFERENCES sales (id),
        kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'gift')),
        state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printing', 'printed', 'uncertain')),
        receipt    TEXT,
        copies     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX print_jobs_queued ON print_jobs (state, created_at);
    `,
  },
  {
    id: 8,
    name: 'catalog: certificate numbers found by index (every scan looks them up)',
    sql: `
      CREATE INDEX piece_stones_report_no ON piece_stones (cert_report_no);
    `,
  },
  {
    id: 9,
    name: 'pieces: the full life of a piece (memo out, in transit, transferred)',
    rebuildsTables: true,
    sql: `
      CREATE TABLE pieces_next (
        id              TEXT PRIMARY KEY,
        stock_no        TEXT NOT NULL UNIQUE,
        style_id        TEXT REFERENCES styles (id),
        barcode         TEXT UNIQUE,
        epc             TEXT UNIQUE,
        description     TEXT NOT NULL,
        category        TEXT NOT NULL,
        metal           TEXT NOT NULL,
        fineness        INTEGER NOT NULL CHECK (fineness BETWEEN 1 AND 1000),
        metal_colour    TEXT,
        metal_weight_ug INTEGER CHECK (metal_weight_ug >= 0),
        total_weight_ug INTEGER CHECK (total_weight_ug >= 0),
        cost_minor      INTEGER NOT NULL CHECK (cost_minor >= 0),
        retail_minor    INTEGER NOT NULL CHECK (retail_minor >= 0),
        currency        TEXT NOT NULL,
        location        TEXT NOT NULL,
        ownership       TEXT NOT NULL CHECK (ownership IN ('owned', 'memo', 'consignment')),
        memo_vendor     TEXT,
        memo_due_back   TEXT,
        status          TEXT NOT NULL CHECK (status IN ('in_stock', 'reserved', 'on_layaway', 'sold', 'in_repair', 'memo_out', 'in_transit', 'transferred', 'memo_returned', 'missing')),
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      INSERT INTO pieces_next SELECT id, stock_no, style_id, barcode, epc, description, category, metal, fineness, metal_colour, metal_weight_ug,
        total_weight_ug, cost_minor, retail_minor, currency, location, ownership, memo_vendor, memo_due_back, status, created_at, updated_at FROM pieces;
      DROP TABLE pieces;
      ALTER TABLE pieces_next RENAME TO pieces;
      CREATE INDEX pieces_status ON pieces (status, location);
    `,
  },
  {
    id: 10,
    name: 'stock: tag numbers and retired EPCs, sweeps and their accuracy, daily counts, stock movements',
    sql: `
      INSERT INTO counters (name, value) VALUES ('rfid.piece_number', 0);
      CREATE INDEX pieces_updated ON pieces (updated_at);
      CREATE TABLE tag_style_numbers (
        style_key TEXT PRIMARY KEY,
        number    INTEGER NOT NULL UNIQUE CHECK (number >= 0)
      ) STRICT;
      CREATE TABLE retired_epcs (
        epc        TEXT PRIMARY KEY,
        piece_id   TEXT NOT NULL REFERENCES pieces (id),
        retired_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE sweeps (
        id           TEXT PRIMARY KEY,
        scope        TEXT,
        readers      TEXT NOT NULL,
        recount_of   TEXT REFERENCES sweeps (id),
        state        TEXT NOT NULL CHECK (state IN ('open', 'finished', 'cancelled', 'abandoned')),
        started_at   TEXT NOT NULL,
        started_by   TEXT,
        ended_at     TEXT,
        expected     INTEGER,
        found        INTEGER,
        missing      INTEGER,
        unexpected   INTEGER,
        accuracy_bp  INTEGER CHECK (accuracy_bp BETWEEN 0 AND 10000),
        result       TEXT
      ) STRICT;
      CREATE INDEX sweeps_ended ON sweeps (state, ended_at);
      CREATE TABLE sweep_locations (
        sweep_id    TEXT NOT NULL REFERENCES sweeps (id),
        location    TEXT NOT NULL,
        expected    INTEGER NOT NULL CHECK (expected >= 0),
        found       INTEGER NOT NULL CHECK (found >= 0),
        accuracy_bp INTEGER CHECK (accuracy_bp BETWEEN 0 AND 10000),
        ended_at    TEXT NOT NULL,
        PRIMARY KEY (sweep_id, location)
      ) STRICT;
      CREATE INDEX sweep_locations_history ON sweep_locations (location, ended_at);

      CREATE TABLE daily_counts (
        id            TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('opening', 'closing')),
        showcase      TEXT NOT NULL,
        business_date TEXT NOT NULL,
        sweep_id      TEXT REFERENCES sweeps (id),
        expected      INTEGER NOT NULL CHECK (expected >= 0),
        counted       INTEGER NOT NULL CHECK (counted >= 0),
        discrepancy   TEXT NOT NULL,
        counted_by    TEXT NOT NULL,
        manager_note  TEXT,
        approved_by   TEXT,
        signed_at     TEXT NOT NULL,
        UNIQUE (business_date, showcase, kind)
      ) STRICT;

      CREATE TABLE stock_movements (
        id           TEXT PRIMARY KEY,
        kind         TEXT NOT NULL,
        piece_id     TEXT NOT NULL REFERENCES pieces (id),
        from_status  TEXT NOT NULL,
        to_status    TEXT NOT NULL,
        from_location TEXT NOT NULL,
        to_location  TEXT NOT NULL,
        party        TEXT,
        due_back     TEXT,
        transfer_id  TEXT,
        reason       TEXT,
        at           TEXT NOT NULL,
        staff_id     TEXT,
        approver_id  TEXT
      ) STRICT;
      CREATE INDEX stock_movements_piece ON stock_movements (piece_id, at);
      CREATE INDEX stock_movements_transfer ON stock_movements (transfer_id);
    `,
  },
  {
    id: 11,
    name: 'clients: the client book, large-cash payments and Form 8300 records, loyalty points, appointments',
    sql: `
      CREATE TABLE clients (
        id          TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        -- every personal field, as one JSON document: erasing a client blanks it
        profile     TEXT NOT NULL,
        -- the identity checked for large cash (document, taxpayer id, date of birth…), or NULL
        identity    TEXT,
        tier        TEXT NOT NULL DEFAULT 'new' CHECK (tier IN ('new', 'loyal', 'vip')),
        state       TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'merged', 'erased')),
        merged_into TEXT REFERENCES clients (id)
      ) STRICT;
      CREATE INDEX sales_client ON sales (client_id, completed_at);

      CREATE TABLE client_appointments (
        id         TEXT PRIMARY KEY,
        client_id  TEXT NOT NULL REFERENCES clients (id),
        at         TEXT NOT NULL,
        staff_id   TEXT NOT NULL REFERENCES staff (id),
        purpose    TEXT NOT NULL,
        pieces     TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX client_appointments_at ON client_appointments (at);
      CREATE INDEX client_appointments_client ON client_appointments (client_id);

      -- Cash received from a client, in store currency, kept to add up related payments.
      CREATE TABLE client_cash_payments (
        id               TEXT PRIMARY KEY,
        client_id        TEXT NOT NULL REFERENCES clients (id),
        sale_id          TEXT NOT NULL REFERENCES sales (id),
        at               TEXT NOT NULL,
        amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
        currency         TEXT NOT NULL,
        instrument       TEXT NOT NULL,
        tendered_minor   INTEGER NOT NULL,
        tendered_currency TEXT NOT NULL,
        rate             TEXT,
        reported_in      TEXT
      ) STRICT;
      CREATE INDEX client_cash_payments_client ON client_cash_payments (client_id, at);

      CREATE TABLE form_8300_reports (
        id          TEXT PRIMARY KEY,
        client_id   TEXT NOT NULL REFERENCES clients (id),
        sale_id     TEXT NOT NULL REFERENCES sales (id),
        created_at  TEXT NOT NULL,
        file_by     TEXT NOT NULL,
        total_cash_minor INTEGER NOT NULL,
        currency    TEXT NOT NULL,
        record      TEXT NOT NULL,
        filed_at    TEXT,
        filed_by    TEXT REFERENCES staff (id),
        filing_reference TEXT
      ) STRICT;
      CREATE INDEX form_8300_reports_client ON form_8300_reports (client_id);

      CREATE TABLE client_points (
        id             TEXT PRIMARY KEY,
        client_id      TEXT NOT NULL REFERENCES clients (id),
        at             TEXT NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('earn', 'reverse', 'redeem', 'restore', 'expire', 'merge')),
        points         INTEGER NOT NULL,
        sale_id        TEXT REFERENCES sales (id),
        multiplier_pct INTEGER
      ) STRICT;
      CREATE INDEX client_points_client ON client_points (client_id, at);
      CREATE INDEX client_points_sale ON client_points (sale_id);
    `,
  },
  {
    id: 12,
    name: 'bulk stock sold by quantity; piece photos; gift cards and credit notes; print jobs for refund slips and till reports',
    rebuildsTables: true,
    sql: `
      CREATE TABLE bulk_items (
        id           TEXT PRIMARY KEY,
        sku          TEXT NOT NULL UNIQUE,
        barcode      TEXT UNIQUE,
        description  TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('chain', 'battery', 'care', 'packaging', 'findings', 'other')),
        variant      TEXT,
        metal        TEXT,
        fineness     INTEGER CHECK (fineness BETWEEN 1 AND 1000),
        cost_minor   INTEGER NOT NULL CHECK (cost_minor >= 0),
        retail_minor INTEGER NOT NULL CHECK (retail_minor >= 0),
        currency     TEXT NOT NULL,
        location     TEXT NOT NULL,
        quantity     INTEGER NOT NULL CHECK (quantity >= 0),
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
      ) STRICT;
      ALTER TABLE sale_lines ADD COLUMN bulk_item_id TEXT REFERENCES bulk_items (id);

      -- Gift cards sold and credit notes given: what the store owes, and every movement of it.
      CREATE TABLE stored_value (
        number        TEXT PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('gift_card', 'store_credit')),
        currency      TEXT NOT NULL,
        balance_minor INTEGER NOT NULL CHECK (balance_minor >= 0),
        issued_at     TEXT NOT NULL
      ) STRICT;
      CREATE TABLE stored_value_entries (
        number       TEXT NOT NULL REFERENCES stored_value (number),
        at           TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        reference    TEXT NOT NULL
      ) STRICT;
      CREATE INDEX stored_value_entries_number ON stored_value_entries (number, at);

      -- The bytes are files named by their SHA-256 (modules/catalog/photo-library.ts).
      CREATE TABLE piece_photos (
        piece_id     TEXT NOT NULL REFERENCES pieces (id),
        position     INTEGER NOT NULL CHECK (position >= 0),
        sha256       TEXT NOT NULL CHECK (length(sha256) = 64),
        content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
        bytes        INTEGER NOT NULL CHECK (bytes > 0),
        added_at     TEXT NOT NULL,
        PRIMARY KEY (piece_id, position)
      ) STRICT;

      CREATE TABLE print_jobs_next (
        id         TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'gift', 'refund', 'till_report')),
        sale_id    TEXT REFERENCES sales (id),
        refund_id  TEXT REFERENCES refunds (id),
        till_id    TEXT REFERENCES till_sessions (id),
        state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'printing', 'printed', 'uncertain')),
        receipt    TEXT,
        copies     INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((kind IN ('receipt', 'gift') AND sale_id IS NOT NULL) OR (kind = 'refund' AND refund_id IS NOT NULL) OR (kind = 'till_report' AND till_id IS NOT NULL))
      ) STRICT;
      INSERT INTO print_jobs_next (id, kind, sale_id, state, receipt, copies, created_at, updated_at)
        SELECT id, kind, sale_id, state, receipt, copies, created_at, updated_at FROM print_jobs;
      DROP TABLE print_jobs;
      ALTER TABLE print_jobs_next RENAME TO print_jobs;
      CREATE INDEX print_jobs_queued ON print_jobs (state, created_at);
    `,
  },
  {
    id: 13,
    name: 'clients: online interest from HQ (a desired document)',
    sql: `
      CREATE TABLE link_documents_next (
        doc        TEXT PRIMARY KEY CHECK (doc IN ('pricelist', 'fx', 'staff', 'settings', 'reservations', 'interest')),
        version    INTEGER NOT NULL CHECK (version >= 1),
        issued_at  TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        digest     TEXT NOT NULL,
        body       TEXT NOT NULL
      ) STRICT;
      INSERT INTO link_documents_next SELECT doc, version, issued_at, applied_at, digest, body FROM link_documents;
      DROP TABLE link_documents;
      ALTER TABLE link_documents_next RENAME TO link_documents;

      CREATE TABLE client_online_interest (
        client_id TEXT NOT NULL REFERENCES clients (id),
        stock_no  TEXT,
        style     TEXT,
        viewed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX client_online_interest_client ON client_online_interest (client_id, viewed_at);
    `,
  },
  {
    id: 14,
    name: 'payments: every card payment asked of the terminal, from the request to its capture or reversal',
    sql: `
      CREATE TABLE card_payments (
        id                TEXT PRIMARY KEY,
        service_id        TEXT NOT NULL UNIQUE,
        transaction_id    TEXT NOT NULL,
        purpose           TEXT NOT NULL CHECK (purpose IN ('sale')),
        purpose_ref       TEXT NOT NULL,
        amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
        currency          TEXT NOT NULL,
        state             TEXT NOT NULL CHECK (state IN ('requested', 'approved', 'unknown', 'declined', 'cancelled', 'captured', 'reversed')),
        requested_at      TEXT NOT NULL,
        staff_id          TEXT,
        terminal_ref      TEXT,
        terminal_at       TEXT,
        approval_code     TEXT,
        masked_pan        TEXT,
        brand             TEXT,
        approved_at       TEXT,
        settled_ref       TEXT,
        settled_at        TEXT,
        note              TEXT,
        recovered         INTEGER NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1))
      ) STRICT;
      CREATE INDEX card_payments_open ON card_payments (state) WHERE state IN ('requested', 'approved', 'unknown');
      CREATE INDEX card_payments_purpose ON card_payments (purpose, purpose_ref);
      INSERT INTO counters (name, value) VALUES ('card_payment', 0);
    `,
  },
  {
    id: 15,
    name: 'link: the release HQ offers (a desired document)',
    // Widens a CHECK only: a release without this migration still reads and writes the table (expand-only, for rollback).
    sql: `
      CREATE TABLE link_documents_next (
        doc        TEXT PRIMARY KEY CHECK (doc IN ('pricelist', 'fx', 'staff', 'settings', 'reservations', 'interest', 'release')),
        version    INTEGER NOT NULL CHECK (version >= 1),
        issued_at  TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        digest     TEXT NOT NULL,
        body       TEXT NOT NULL
      ) STRICT;
      INSERT INTO link_documents_next SELECT doc, version, issued_at, applied_at, digest, body FROM link_documents;
      DROP TABLE link_documents;
      ALTER TABLE link_documents_next RENAME TO link_documents;
    `,
  },
  {
    id: 16,
    name: 'devices: drawer kicks as side-effect jobs, queued with the sale, refund or till movement they are for',
    sql: `
      CREATE TABLE drawer_jobs (
        id         TEXT PRIMARY KEY,
        staff_id   TEXT NOT NULL,
        staff_name TEXT NOT NULL,
        why        TEXT NOT NULL,
        state      TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'kicking', 'opened', 'failed')),
        attempts   INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX drawer_jobs_queued ON drawer_jobs (created_at) WHERE state = 'queued';
    `,
  },
];
