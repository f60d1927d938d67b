/** What a photo upload is, from its first bytes (never from the name or the header the client sent). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
  const starts = (offset: number, ...values: number[]) => values.every((value, index) => bytes[offset + index] === value);
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/** The settings' `photos` limits. */
export interface PhotoLimits {
  maxBytes: number;
  maxSidePx: number;
  maxPixels: number;
}

/** What a decoder read from a photo's header: its format's media type and its size in pixels. */
export interface PhotoHeader {
  type: string | null;
  width: number;
  height: number;
}

/** Why a photo's bytes are refused before they are decoded, or null: an image of the type they were sent as (`declared`), within the byte limit. */
export function uploadRefusal(bytes: number, declared: string | null, sniffed: PhotoType | null, limits: PhotoLimits): string | null {
  if (bytes > limits.maxBytes) return `a photo is at most ${limits.maxBytes} bytes`;
  if (!sniffed) return 'not a JPEG, PNG or WebP image';
  if (declared !== null && declared !== sniffed) return `sent as ${declared} but the bytes are ${sniffed}`;
  return null;
}

/** Why a photo is refused from what its header says (null: no header could be read), or null. */
export function headerRefusal(sniffed: PhotoType, header: PhotoHeader | null, limits: PhotoLimits): string | null {
  if (!header || header.type !== sniffed || !(header.width > 0 && header.height > 0)) return `not a readable ${sniffed} image`;
  if (Math.max(header.width, header.height) > limits.maxSidePx) return `${header.width}×${header.height} px: a photo is at most ${limits.maxSidePx} px a side`;
  if (header.width * header.height > limits.maxPixels) return `${header.width}×${header.height} px: a photo has at most ${limits.maxPixels} pixels`;
  return null;
}
