/**
 * `loupe supervise`: the process systemd runs. It runs from the `good` release (the last one that
 * proved healthy) and starts `current` as its child, so a release that cannot even start cannot
 * break the code that decides what to run.
 *
 * With no candidate it runs `current`; when the child exits with RESTART_EXIT_CODE (an update was
 * switched in) it reads the state again and starts the new `current`. Any other exit ends the
 * supervisor with that code, and systemd restarts it (Restart=always).
 *
 * With a candidate on probation it counts a start before each start (so crash loops count even
 * under SIGKILL), probes the child (probation.ts) until it is healthy — then commits it: `good`
 * follows, old releases are pruned — or until `probationMs` after the switch or `maxAttempts`
 * starts have passed, when it rolls back: the ledger backup is restored if the candidate changed
 * the ledger's migrations, `current` goes back to `good`, the outcome is recorded for HQ.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_FILE } from '../../../runtime/src/app.ts';
import { restoreBackup } from '../../../runtime/src/store/backup.ts';
import type { Logger } from '../../../runtime/src/logger.ts';
import { RESTART_EXIT_CODE } from './install.ts';
import { linked, pruneReleases, switchLink } from './layout.ts';
import { ledgerMigrations, probeCandidate } from './probation.ts';
import { readState, writeState, type Candidate, type Outcome, type ReleaseState } from './state.ts';
import { releaseNumber } from './unpack.ts';

export interface SuperviseOptions {
  root: string;
  dataDir: string;
  /** Passed to `loupe start` after `--data`. */
  startArgs: string[];
  probationMs: number;
  maxAttempts: number;
  pollMs?: number;
  logger: Logger;
  now?: () => Date;
}

interface Run {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<number>;
}

const READY = /"address":"(http:\/\/[^"]+)".*"msg":"Loupe is ready"/;

function startChild(options: SuperviseOptions): Run {
  const entry = join(options.root, 'current', 'firmware', 'bin', 'loupe.js');
  const child = spawn(process.execPath, [entry, 'start', '--data', options.dataDir, ...options.startArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  let seen = '';
  const url = new Promise<string>((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen += chunk.toString();
      const ready = READY.exec(seen);
      if (ready) resolve(ready[1] as string);
      if (seen.length > 1 << 20) seen = seen.slice(-4096);
    });
  });
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  return { child, url, exited };
}

export class Supervisor {
  readonly #o: SuperviseOptions;
  readonly #now: () => Date;
  #child: ChildProcess | null = null;
  #stopping = false;

  constructor(options: SuperviseOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Runs until the child exits other than for an update, or SIGTERM/SIGINT (passed on to the child); resolves with the exit code to leave with. */
  async run(): Promise<number> {
    const stop = () => {
      this.#stopping = true;
      this.#child?.kill('SIGTERM');
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    for (;;) {
      const state = this.#settle(readState(this.#o.dataDir));
      const code = state.candidate ? await this.#probation(state, state.candidate) : await this.#start().exited;
      if (this.#stopping) return code ?? 0;
      if (code !== RESTART_EXIT_CODE && code !== null) return code;
    }
  }

  #start(): Run {
    const run = startChild(this.#o);
    this.#child = run.child;
    return run;
  }

  /** Finishes whatever a kill interrupted, and decides whether the candidate may start again. */
  #settle(state: ReleaseState): ReleaseState {
    const { root } = this.#o;
    if (state.good && linked(root, 'good') !== state.good.version) switchLink(root, 'good', state.good.version);
    const candidate = state.candidate;
    if (!candidate) {
      if (!linked(root, 'current') && state.good) switchLink(root, 'current', state.good.version);
      return state;
    }
    if (linked(root, 'current') !== candidate.version) {
      // Killed between recording the candidate and switching to it: it never ran.
      return this.#finish(state, { ...this.#outcome('abandoned', candidate), reason: 'the switch to it did not happen' });
    }
    const elapsed = this.#now().getTime() - Date.parse(candidate.since);
    if (candidate.attempts >= this.#o.maxAttempts) return this.#rollback(state, candidate, `it did not prove healthy in ${candidate.attempts} starts`);
    if (elapsed > this.#o.probationMs) return this.#rollback(state, candidate, `it did not prove healthy within ${Math.round(this.#o.probationMs / 1000)} s`);
    return state;
  }

  async #probation(state: ReleaseState, candidate: Candidate): Promise<number | null> {
    const counted = { ...candidate, attempts: candidate.attempts + 1 };
    writeState(this.#o.dataDir, { ...state, candidate: counted });
    this.#o.logger.info({ version: candidate.version, attempt: counted.attempts }, 'starting the release on probation');
    const run = this.#start();
    const deadline = Date.parse(candidate.since) + this.#o.probationMs;
    const exited = run.exited.then((code) => ({ exited: code }));
    const url = await Promise.race([run.url, exited, delay(Math.max(0, deadline - this.#now().getTime()))]);
    let reason = 'it never answered';
    if (typeof url === 'string') {
      for (;;) {
        const verdict = await Promise.race([probeCandidate(url, counted, join(this.#o.dataDir, LEDGER_FILE)), exited]);
        if (verdict === null) {
          this.#commit(counted);
          return run.exited;
        }
        if (typeof verdict === 'object') return null; // it died: count the start and decide again
        reason = verdict;
        if (this.#now().getTime() > deadline) break;
        const next = await Promise.race([delay(this.#o.pollMs ?? 500), exited]);
        if (next) return null;
      }
    } else if (url) {
      return null;
    }
    run.child.kill('SIGKILL');
    await run.exited;
    this.#rollback(readState(this.#o.dataDir), counted, reason);
    return null;
  }

  #commit(candidate: Candidate): void {
    const { root, dataDir } = this.#o;
    const state = readState(dataDir);
    writeState(dataDir, { good: { version: candidate.version, release: candidate.release }, candidate: null, last: this.#outcome('committed', candidate) });
    switchLink(root, 'good', candidate.version);
    const removed = pruneReleases(root, (version) => releaseNumber(root, version));
    this.#o.logger.info({ version: candidate.version, previous: state.good?.version, removed }, 'release committed');
  }

  /** Restores the ledger if the candidate migrated it, switches back, records the outcome. Each step may be repeated after a kill. */
  #rollback(state: ReleaseState, candidate: Candidate, reason: string): ReleaseState {
    const { root, dataDir } = this.#o;
    const good = state.good;
    if (!good) throw new Error('a candidate without a good release to go back to');
    const ledgerPath = join(dataDir, LEDGER_FILE);
    let ledgerRestored = false;
    if (candidate.backup && existsSync(candidate.backup) && existsSync(ledgerPath)) {
      const now = ledgerMigrations(ledgerPath);
      if (now.join(',') !== candidate.migrationsBefore.join(',')) {
        restoreBackup(candidate.backup, ledgerPath, this.#now());
        ledgerRestored = true;
      }
    }
    switchLink(root, 'current', good.version);
    this.#o.logger.error({ version: candidate.version, back: good.version, reason, ledgerRestored }, 'release rolled back');
    return this.#finish(state, { ...this.#outcome('rolled_back', candidate), reason, ledgerRestored });
  }

  #finish(state: ReleaseState, outcome: Outcome): ReleaseState {
    const next = { ...state, candidate: null, last: outcome };
    writeState(this.#o.dataDir, next);
    return next;
  }

  #outcome(outcome: Outcome['outcome'], candidate: Candidate): Outcome {
    return { outcome, version: candidate.version, release: candidate.release, at: this.#now().toISOString(), reason: null, ledgerRestored: false, reported: false };
  }
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
