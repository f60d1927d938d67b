/**
 * Piece photos as files beside the ledger, each named by the SHA-256 of its bytes: the ledger
 * records which piece shows which photo, the folder holds the bytes once however many pieces share
 * them. A file is complete on the card (written, synced, renamed) before the ledger names it.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class PhotoLibrary {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
    mkdirSync(dir, { recursive: true });
  }

  /** Stores the bytes (once) and returns their SHA-256 in hex. */
  put(bytes: Uint8Array): string {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = this.#path(sha256);
    if (existsSync(path)) return sha256;
    const temp = `${path}.${process.pid}.tmp`;
    const fd = openSync(temp, 'w');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return sha256;
  }

  read(sha256: string): Buffer | null {
    const path = this.#path(sha256);
    return existsSync(path) ? readFileSync(path) : null;
  }

  #path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new RangeError('a photo is named by its SHA-256 in hex');
    return join(this.#dir, sha256);
  }
}
