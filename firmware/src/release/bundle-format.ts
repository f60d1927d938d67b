/**
 * The release bundle file, `loupe-<version>.bundle`. Its signed manifest comes first, so a till
 * checks who made it, for which board and for which versions before it reads (let alone writes)
 * one byte of the payload:
 *
 *   offset 0      8 bytes   magic "LOUPEREL"
 *   offset 8      4 bytes   M, the manifest's length, unsigned big-endian (at most 1 MiB)
 *   offset 12     M bytes   the manifest, UTF-8 JSON (manifest.ts)
 *   offset 12+M   64 bytes  Ed25519 signature of exactly those M bytes
 *   offset 76+M   payload   every file of the manifest's `files` that is not a link, in that order,
 *                           each exactly `size` bytes; then the end of the file
 *
 * The manifest carries each file's size and sha256, so the payload needs no record headers and
 * one sequential read checks it. Documented in docs/releases.md.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { LoupeError } from '../../../runtime/src/errors.ts';
import { isLink, parseManifest, type FileEntry, type Manifest } from './manifest.ts';

export const MAGIC = Buffer.from('LOUPEREL', 'latin1');
export const SIGNATURE_BYTES = 64;
const MAX_MANIFEST = 1 << 20;
const CHUNK = 1 << 20;

export interface BundleHeader {
  manifest: Manifest;
  manifestBytes: Buffer;
  signature: Buffer;
  payloadOffset: number;
  /** Where the file must end. */
  totalBytes: number;
}

export function headerBytes(manifestBytes: Buffer, signature: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(manifestBytes.length);
  return Buffer.concat([MAGIC, length, manifestBytes, signature]);
}

async function readExactly(handle: FileHandle, length: number, position: number): Promise<Buffer | null> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : null;
}

/** Reads the header alone. A file too short to hold it is truncated; a wrong magic is not a bundle. */
export async function readHeader(handle: FileHandle): Promise<BundleHeader> {
  const start = await readExactly(handle, 12, 0);
  if (!start) throw new LoupeError('LOUPE_E_UPDATE_TRUNCATED', { problem: 'shorter than a header' });
  if (!start.subarray(0, 8).equals(MAGIC)) throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem: 'not a Loupe release bundle' });
  const length = start.readUInt32BE(8);
  if (length === 0 || length > MAX_MANIFEST) throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { problem: `manifest length ${length}` });
  const rest = await readExactly(handle, length + SIGNATURE_BYTES, 12);
  if (!rest) throw new LoupeError('LOUPE_E_UPDATE_TRUNCATED', { problem: 'shorter than its manifest' });
  const manifestBytes = rest.subarray(0, length);
  const manifest = parseManifest(manifestBytes);
  const payloadOffset = 12 + length + SIGNATURE_BYTES;
  const payload = manifest.files.reduce((sum, entry) => sum + (isLink(entry) ? 0 : entry.size), 0);
  return { manifest, manifestBytes, signature: rest.subarray(length), payloadOffset, totalBytes: payloadOffset + payload };
}

/**
 * Reads the payload in order and hands each file's bytes to `sink`; a file whose bytes do not hash
 * to the manifest's sha256 stops it with LOUPE_E_UPDATE_TAMPERED, a short file with
 * LOUPE_E_UPDATE_TRUNCATED, trailing bytes with LOUPE_E_UPDATE_TAMPERED.
 */
export async function readPayload(
  handle: FileHandle,
  header: BundleHeader,
  sink?: { begin(entry: FileEntry): Promise<void>; chunk(bytes: Buffer): Promise<void>; end(entry: FileEntry): Promise<void> },
): Promise<void> {
  const { size } = await handle.stat();
  if (size < header.totalBytes) throw new LoupeError('LOUPE_E_UPDATE_TRUNCATED', { bytes: size, expected: header.totalBytes });
  if (size > header.totalBytes) throw new LoupeError('LOUPE_E_UPDATE_TAMPERED', { problem: `${size - header.totalBytes} bytes after the last file` });
  const buffer = Buffer.alloc(CHUNK);
  let position = header.payloadOffset;
  for (const entry of header.manifest.files) {
    if (isLink(entry)) continue;
    const hash = createHash('sha256');
    await sink?.begin(entry);
    let left = entry.size;
    while (left > 0) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, left), position);
      if (bytesRead === 0) throw new LoupeError('LOUPE_E_UPDATE_TRUNCATED', { path: entry.path });
      const bytes = buffer.subarray(0, bytesRead);
      hash.update(bytes);
      await sink?.chunk(bytes);
      position += bytesRead;
      left -= bytesRead;
    }
    if (hash.digest('hex') !== entry.sha256) throw new LoupeError('LOUPE_E_UPDATE_TAMPERED', { path: entry.path });
    await sink?.end(entry);
  }
}

export async function openBundle(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'r');
  } catch (error) {
    throw new LoupeError('LOUPE_E_UPDATE_BUNDLE_MALFORMED', { file, problem: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
  }
}
