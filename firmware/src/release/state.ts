/**
 * `release-state.json` in the data folder: which release proved good, which one is on probation,
 * and how the last update ended. Written whole to a temporary file, fsynced and renamed, so a
 * power cut leaves the old state or the new one, never half of one.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fsyncDir } from './layout.ts';

export const STATE_FILE = 'release-state.json';

/** What the old release looked like just before the switch; the candidate must do as well. */
export interface HealthBefore {
  /** Devices that were `ok`. */
  devicesOk: string[];
  /** Whether the HQ link was online. */
  hqOnline: boolean;
}

export interface Candidate {
  version: string;
  release: number;
  /** Starts so far (the supervisor counts one before each start, so a crash counts even when nothing else runs). */
  attempts: number;
  /** When it was switched in; the probation runs from here. */
  since: string;
  /** The ledger backup taken before the switch, restored on rollback if the candidate migrated the ledger. */
  backup: string | null;
  migrationsBefore: number[];
  before: HealthBefore;
}

export interface Outcome {
  outcome: 'committed' | 'rolled_back' | 'abandoned';
  version: string;
  release: number;
  at: string;
  reason: string | null;
  ledgerRestored: boolean;
  /** Set once the running release has recorded it in the ledger's outbox for HQ. */
  reported: boolean;
}

export interface ReleaseState {
  good: { version: string; release: number } | null;
  candidate: Candidate | null;
  last: Outcome | null;
}

export const EMPTY_STATE: ReleaseState = { good: null, candidate: null, last: null };

export function readState(dataDir: string): ReleaseState {
  const path = join(dataDir, STATE_FILE);
  if (!existsSync(path)) return { ...EMPTY_STATE };
  return { ...EMPTY_STATE, ...(JSON.parse(readFileSync(path, 'utf8')) as Partial<ReleaseState>) };
}

export function writeState(dataDir: string, state: ReleaseState): void {
  const path = join(dataDir, STATE_FILE);
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, `${JSON.stringify(state, null, 2)}\n`, { flush: true });
  renameSync(partial, path);
  fsyncDir(dataDir);
}
