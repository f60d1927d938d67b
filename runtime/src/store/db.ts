/**
 * The two types every ledger room shares, in a file that imports nothing of the store: the SQLite
 * handle (`Db`) and what a command says about itself before it runs (`CommandMeta`). The ledger,
 * the audit log, the outbox and every table's functions take them from here.
 */
import type Database from 'better-sqlite3';
import type { Actor } from '../domain/actor.ts';

export type Db = Database.Database;

/** What a command says about itself before it runs. */
export interface CommandMeta {
  action: string;
  actor: Actor;
  target: string;
  reason?: string | null;
}
