/**
 * `loupe hq --database-url URL --broker URL [--workers N] [--primary]`: the reference HQ's ingest
 * workers in this process until SIGTERM/SIGINT (hq/src/run-hq.ts; flags over HQ_DATABASE_URL,
 * HQ_BROKER_URL, HQ_WORKERS, HQ_PRIMARY=1).
 */
import { hqOptionsFromEnv, type HqFlags } from '../../hq/src/hq-options.ts';
import { runHqUntilSignal } from '../../hq/src/run-hq.ts';

export function hq(flags: HqFlags): Promise<number> {
  return runHqUntilSignal(hqOptionsFromEnv(process.env, flags));
}
