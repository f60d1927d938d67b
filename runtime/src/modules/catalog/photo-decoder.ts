/**
 * Reads a photo with libvips (sharp) to prove it is the image it claims to be: its header gives
 * format and size, then the whole picture is decoded (into a small thumbnail, streaming) so a
 * truncated or damaged file is caught. sharp is loaded on the first photo, never at start-up
 * (`startup.healthz_ms`); on the arm64 appliance its prebuilt binary is @img/sharp-linux-arm64
 * with @img/sharp-libvips-linux-arm64, installed by npm for that platform when the image is built.
 */
import type { PhotoHeader, PhotoLimits } from '../../domain/image-type.ts';

type Sharp = (typeof import('sharp'))['default'];
let loaded: Promise<Sharp> | undefined;

function sharp(): Promise<Sharp> {
  loaded ??= import('sharp').then((module) => module.default);
  return loaded;
}

const FORMATS: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** The photo's header, or null when libvips cannot read one. */
export async function readPhotoHeader(bytes: Uint8Array): Promise<PhotoHeader | null> {
  const decode = await sharp();
  try {
    // Only the header is read here: the size is judged against the settings, not libvips' own limit.
    const meta = await decode(bytes, { limitInputPixels: false }).metadata();
    return { type: FORMATS[meta.format ?? ''] ?? meta.format ?? null, width: meta.width ?? 0, height: meta.height ?? 0 };
  } catch {
    return null;
  }
}

/** Decodes every pixel row (never more than `maxPixels`); false when the picture is truncated or damaged. */
export async function decodesWhole(bytes: Uint8Array, limits: PhotoLimits): Promise<boolean> {
  const decode = await sharp();
  try {
    await decode(bytes, { failOn: 'truncated', sequentialRead: true, limitInputPixels: limits.maxPixels }).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}
