/**
 * Downloading a bundle from HQ over HTTPS, resuming: the bytes so far stay in `<file>.part`, and
 * the next try asks for the rest with `Range: bytes=<have>-`. A server that answers 200 instead of
 * 206 sends the whole file again, so the part is started over. Only a complete download (as long
 * as the offer said) is renamed to `<file>`; it is verified before anything trusts it.
 */
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:https';
import { LoupeError } from '../../../runtime/src/errors.ts';

export interface DownloadOptions {
  url: string;
  file: string;
  size: number;
  /** HQ's CA (PEM); the till trusts nothing else. */
  ca?: string | undefined;
  /** Client certificate and key for mutual TLS, when the till has been enrolled. */
  cert?: string | undefined;
  key?: string | undefined;
  timeoutMs?: number;
}

function failed(url: string, reason: string): LoupeError {
  return new LoupeError('LOUPE_E_UPDATE_DOWNLOAD_FAILED', { url, reason });
}

export async function downloadBundle(options: DownloadOptions): Promise<{ file: string; resumedFrom: number }> {
  const part = `${options.file}.part`;
  let have = existsSync(part) ? statSync(part).size : 0;
  if (have > options.size) {
    rmSync(part);
    have = 0;
  }
  const resumedFrom = have;
  if (have < options.size) {
    await new Promise<void>((resolve, reject) => {
      const req = request(
        options.url,
        { ca: options.ca, cert: options.cert, key: options.key, headers: have > 0 ? { range: `bytes=${have}-` } : {}, timeout: options.timeoutMs ?? 30_000 },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status !== 200 && status !== 206) {
            res.resume();
            reject(failed(options.url, `HTTP ${status}`));
            return;
          }
          const out = createWriteStream(part, { flags: status === 206 ? 'a' : 'w' });
          res.pipe(out);
          res.once('error', (error) => out.destroy(error));
          res.once('aborted', () => out.destroy(new Error('the connection closed mid-file')));
          out.once('error', (error) => reject(isNoSpace(error) ? new LoupeError('LOUPE_E_UPDATE_NO_SPACE', { file: part }) : failed(options.url, error.message)));
          out.once('finish', () => resolve());
        },
      );
      req.once('timeout', () => req.destroy(new Error('timed out')));
      req.once('error', (error) => reject(failed(options.url, error.message)));
      req.end();
    });
  }
  const size = statSync(part).size;
  if (size !== options.size) throw new LoupeError('LOUPE_E_UPDATE_TRUNCATED', { bytes: size, expected: options.size });
  renameSync(part, options.file);
  return { file: options.file, resumedFrom };
}

export function isNoSpace(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === 'ENOSPC';
}
