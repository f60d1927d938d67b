/**
 * HQ → store state: versioned desired documents (price list, FX rates, staff, settings,
 * reservations, clients' online interest) on the retained `desired/{doc}` topics.
 *
 * A document is applied only when its version is newer than the applied one, in ONE ledger
 * transaction with the system actor: the state rows it changes, the applied version, an audit
 * entry and an `hq.document_applied` outbox event commit together or not at all. Older and equal
 * versions (late retained copies, replays) are ignored, so delivery order does not matter.
 */
import { createHash } from 'node:crypto';
import { LoupeError, isLoupeError } from '../errors.ts';
import { SYSTEM_ACTOR } from '../domain/actor.ts';
import type { Json } from '../domain/canonical-json.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import type { Ledger } from '../store/ledger.ts';
import type { EventStream } from '../wire/events/event-catalog.ts';
import { applyFxRates, applyPriceList, applyReservations, applyStaffRoster } from '../store/hq-documents.ts';
import { applyOnlineInterest } from '../store/clients.ts';
import { appliedBody, appliedDocuments, appliedVersion, recordAppliedDocument } from '../store/link-state.ts';
import { DESIRED_DOCS, type DesiredDoc } from '../wire/hq-topics.ts';
import {
  checkValue,
  decodePayload,
  DESIRED_BODIES,
  DesiredDocument,
  type FxBody,
  type InterestBody,
  type PriceListBody,
  type ReleaseBody,
  type ReservationsBody,
  type StaffBody,
} from '../wire/hq.ts';

export interface DesiredContext {
  ledger: Ledger;
  logger: Logger;
  now: () => Date;
  /** Problems of a settings document for this store; one with problems is refused, not stored. */
  checkSettings?: (body: Record<string, unknown>) => { field: string; problem: string }[];
}

export type DesiredOutcome =
  | { kind: 'applied'; doc: DesiredDoc; version: number; previous: number; summary: Json }
  | { kind: 'ignored'; doc: DesiredDoc; version: number; applied: number }
  | { kind: 'cleared' }
  | { kind: 'rejected'; error: LoupeError; version?: number };

interface Applier {
  stream: EventStream<'hq.document_applied'>;
  apply(db: Db, version: number, body: unknown, at: string): Json;
}

const APPLIERS: Record<DesiredDoc, Applier> = {
  pricelist: { stream: 'stock', apply: (db, version, body, at) => ({ ...applyPriceList(db, version, body as PriceListBody, at) }) },
  fx: { stream: 'audit', apply: (db, version, body) => applyFxRates(db, version, body as FxBody) },
  staff: { stream: 'audit', apply: (db, _version, body, at) => ({ ...applyStaffRoster(db, body as StaffBody, at) }) },
  settings: { stream: 'audit', apply: (_db, _version, body) => ({ keys: Object.keys(body as object).sort() }) },
  reservations: {
    stream: 'stock',
    apply: (db, version, body, at) => {
      const summary = applyReservations(db, version, body as ReservationsBody, at);
      return { ...summary, conflicts: summary.conflicts.map((conflict) => ({ ...conflict })) };
    },
  },
  interest: { stream: 'sales', apply: (db, _version, body) => ({ ...applyOnlineInterest(db, body as InterestBody) }) },
  // Only recorded here; the release manager (firmware/src/release/) reads the applied body and installs it.
  release: { stream: 'audit', apply: (_db, _version, body) => ({ version: (body as ReleaseBody).version, release: (body as ReleaseBody).release }) },
};

export class DesiredDocuments {
  readonly #ctx: DesiredContext;

  constructor(ctx: DesiredContext) {
    this.#ctx = ctx;
  }

  /** Applied version by doc, for `req/sync` and the state document. */
  versions(): Record<string, number> {
    return Object.fromEntries(appliedDocuments(this.#ctx.ledger.db).map((doc) => [doc.doc, doc.version]));
  }

  applied(): Record<string, { version: number; appliedAt: string }> {
    return Object.fromEntries(appliedDocuments(this.#ctx.ledger.db).map((doc) => [doc.doc, { version: doc.version, appliedAt: doc.appliedAt }]));
  }

  /** The body of an applied document (e.g. the HQ-managed settings), or undefined. */
  body(doc: DesiredDoc): unknown {
    const text = appliedBody(this.#ctx.ledger.db, doc);
    return text === undefined ? undefined : JSON.parse(text);
  }

  /** Handles one message from `desired/{doc}`. Never throws: refusals come back as `rejected`. */
  handle(topicDoc: string, payload: Buffer): DesiredOutcome {
    if (payload.length === 0) return { kind: 'cleared' }; // a retained message being deleted
    if (!(DESIRED_DOCS as readonly string[]).includes(topicDoc)) {
      return { kind: 'rejected', error: new LoupeError('LOUPE_E_LINK_TOPIC_UNKNOWN', { doc: topicDoc, known: [...DESIRED_DOCS] }) };
    }
    const decoded = decodePayload(DesiredDocument, payload, `desired/${topicDoc}`);
    if (!decoded.ok) return { kind: 'rejected', error: decoded.error };
    const document = decoded.value;
    if (document.doc !== topicDoc) {
      return {
        kind: 'rejected',
        version: document.version,
        error: new LoupeError('LOUPE_E_LINK_PAYLOAD_INVALID', { what: `desired/${topicDoc}`, problems: [{ field: '/doc', problem: `must be ${topicDoc}` }] }),
      };
    }
    const doc = topicDoc as DesiredDoc;
    const body = checkValue(DESIRED_BODIES[doc], document.body, `desired/${doc} body`);
    if (!body.ok) return { kind: 'rejected', error: body.error, version: document.version };
    const problems = doc === 'settings' ? (this.#ctx.checkSettings?.(body.value as Record<string, unknown>) ?? []) : [];
    if (problems.length > 0) return { kind: 'rejected', error: new LoupeError('LOUPE_E_LINK_PAYLOAD_INVALID', { what: 'desired/settings', problems }), version: document.version };
    const current = appliedVersion(this.#ctx.ledger.db, doc);
    if (document.version <= current) return { kind: 'ignored', doc, version: document.version, applied: current };
    try {
      return this.#apply(doc, document.version, document.issuedAt, body.value);
    } catch (error) {
      if (error instanceof StaleInsideTransaction) return { kind: 'ignored', doc, version: document.version, applied: error.applied };
      const refused = isLoupeError(error) ? error : new LoupeError('LOUPE_E_LINK_DOCUMENT_REJECTED', { reason: (error as Error).message });
      return { kind: 'rejected', error: refused, version: document.version };
    }
  }

  #apply(doc: DesiredDoc, version: number, issuedAt: string, body: unknown): DesiredOutcome {
    const applier = APPLIERS[doc];
    const text = JSON.stringify(body);
    const digest = createHash('sha256').update(text).digest('hex');
    const meta = { action: 'hq.documentApplied', actor: SYSTEM_ACTOR, target: `hq-document:${doc}`, reason: `HQ ${doc} version ${version}` };
    const committed = this.#ctx.ledger.write(meta, (db) => {
      const previous = appliedVersion(db, doc);
      if (version <= previous) throw new StaleInsideTransaction(previous);
      const at = this.#ctx.now().toISOString();
      const summary = applier.apply(db, version, body, at);
      recordAppliedDocument(db, { doc, version, issuedAt, appliedAt: at, digest, body: text });
      return {
        result: { previous, summary },
        before: { doc, version: previous },
        after: { doc, version, digest },
        events: [
          {
            stream: applier.stream,
            type: 'hq.document_applied',
            schemaVersion: 1,
            businessKey: `hq-document:${doc}:${version}`,
            payload: { doc, version, issuedAt, digest, summary },
          },
        ],
      };
    });
    return { kind: 'applied', doc, version, previous: committed.result.previous, summary: committed.result.summary };
  }
}

class StaleInsideTransaction extends Error {
  readonly applied: number;
  constructor(applied: number) {
    super('a newer version was applied meanwhile');
    this.applied = applied;
  }
}
