/**
 * Telling HQ how an update ended. The supervisor records the outcome in `release-state.json`; the
 * release that runs afterwards (the committed candidate, or the old one after a rollback) writes it
 * into the ledger as a `release.committed`, `release.rolled_back` or `release.abandoned` event on
 * the audit stream, which the outbox relays to HQ. What it has reported it remembers in its own
 * file, `release-reported.json`, so it never writes the supervisor's state file. A kill between the
 * ledger commit and that file repeats the event once; its businessKey lets HQ drop the repeat.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../../../runtime/src/domain/actor.ts';
import type { Logger } from '../../../runtime/src/logger.ts';
import type { Ledger } from '../../../runtime/src/store/ledger.ts';
import { readState, type Outcome } from './state.ts';

export const REPORTED_FILE = 'release-reported.json';
const CHECK_EVERY_MS = 15_000;

function key(outcome: Outcome): string {
  return `release:${outcome.version}:${outcome.outcome}:${outcome.at}`;
}

function reported(dataDir: string): string | null {
  const path = join(dataDir, REPORTED_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { key: string }).key : null;
}

/** Writes the last outcome into the ledger unless it was written already; returns it when written. */
export function reportOutcome(ledger: Ledger, dataDir: string): Outcome | null {
  const last = readState(dataDir).last;
  if (!last || reported(dataDir) === key(last)) return null;
  const meta = { action: `release.${last.outcome}`, actor: SYSTEM_ACTOR, target: `release:${last.version}`, reason: last.reason };
  ledger.write(meta, () => ({
    result: null,
    after: { ...last },
    events: [{ stream: 'audit', type: `release.${last.outcome}`, schemaVersion: 1, businessKey: key(last), payload: { version: last.version, release: last.release, at: last.at, reason: last.reason, ledgerRestored: last.ledgerRestored } }],
  }));
  const path = join(dataDir, REPORTED_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify({ key: key(last) }), { flush: true });
  renameSync(`${path}.tmp`, path);
  return last;
}

/**
 * Reports now and then every 15 s (a commit happens while this release runs); returns the stopper.
 * The ledger is asked for each time: an enrollment restarts the appliance with a new one.
 */
export function watchOutcomes(ledgerOf: () => Ledger, dataDir: string, logger: Logger): () => void {
  const check = () => {
    try {
      const outcome = reportOutcome(ledgerOf(), dataDir);
      if (outcome) logger.info({ outcome: outcome.outcome, version: outcome.version }, 'release outcome recorded for HQ');
    } catch (error) {
      logger.error({ err: error }, 'the release outcome could not be recorded');
    }
  };
  check();
  const timer = setInterval(check, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
