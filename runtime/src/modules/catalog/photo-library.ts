/**
 * Piece photos as files beside the ledger, each named by the SHA-256 of its bytes: the ledger
 * records which piece shows which photo, the folder holds the bytes once however many pieces share
 * them. A file is complete on the card (written, synced, renamed) before the ledger names it; when
 * any step fails the temporary file is removed, and a full card (ENOSPC, EDQUOT) answers
 * LOUPE_E_LEDGER_FULL like a full ledger does.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { LoupeError } from '../../errors.ts';

/** The file operations the library uses: node:fs, or a test's filesystem that fails where it is told. */
export type PhotoFiles = Pick<typeof fs, 'closeSync' | 'existsSync' | 'fsyncSync' | 'mkdirSync' | 'openSync' | 'readFileSync' | 'renameSync' | 'rmSync' | 'writeSync'>;

const FULL = new Set(['ENOSPC', 'EDQUOT']);

export class PhotoLibrary {
  readonly #dir: string;
  readonly #fs: PhotoFiles;

  constructor(dir: string, files: PhotoFiles = fs) {
    this.#dir = dir;
    this.#fs = files;
    files.mkdirSync(dir, { recursive: true });
  }

  /** Stores the bytes (once) and returns their SHA-256 in hex, and whether this call created the file. */
  put(bytes: Uint8Array): { sha256: string; created: boolean } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.#path(sha256);
    if (this.#fs.existsSync(path)) return { sha256, created: false };
    const temp = `${path}.${process.pid}.tmp`;
    try {
      const fd = this.#fs.openSync(temp, 'w');
      try {
        for (let written = 0; written < bytes.length; ) written += this.#fs.writeSync(fd, bytes, written);
        this.#fs.fsyncSync(fd);
      } finally {
        this.#fs.closeSync(fd);
      }
      this.#fs.renameSync(temp, path);
    } catch (error) {
      this.#fs.rmSync(temp, { force: true });
      if (FULL.has((error as NodeJS.ErrnoException).code ?? '')) throw new LoupeError('LOUPE_E_LEDGER_FULL', { photo: sha256 });
      throw error;
    }
    return { sha256, created: true };
  }

  read(sha256: string): Buffer | null {
    const path = this.#path(sha256);
    return this.#fs.existsSync(path) ? this.#fs.readFileSync(path) : null;
  }

  /** Removes a photo the ledger never came to name (its command failed after the file was written). */
  remove(sha256: string): void {
    this.#fs.rmSync(this.#path(sha256), { force: true });
  }

  #path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError('a photo is named by its SHA-256 in hex');
    return join(this.#dir, sha256);
  }
}
