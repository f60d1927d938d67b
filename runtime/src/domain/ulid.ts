/**
 * ULIDs (https://github.com/ulid/spec): 48-bit millisecond time + 80 random bits, Crockford base32,
 * sortable by time. Monotonic within one millisecond (the random part is incremented), so ids
 * minted in one transaction sort in the order they were made. Time and randomness are passed in.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export interface UlidSource {
  now(): number;
  randomBytes(size: number): Uint8Array;
}

export function createUlidFactory(source: UlidSource): () => string {
  let lastTime = -1;
  let lastRandom: Uint8Array = new Uint8Array(10);
  return () => {
    const time = source.now();
    if (time <= lastTime) {
      lastRandom = increment(lastRandom);
    } else {
      lastTime = time;
      lastRandom = Uint8Array.from(source.randomBytes(10));
    }
    return encodeTime(lastTime) + encodeRandom(lastRandom);
  };
}

function encodeTime(time: number): string {
  let out = '';
  let rest = time;
  for (let i = 0; i < 10; i += 1) {
    out = ALPHABET[rest % 32] + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = Uint8Array.from(bytes);
  for (let i = next.length - 1; i >= 0; i -= 1) {
    if ((next[i] as number) < 255) {
      next[i] = (next[i] as number) + 1;
      return next;
    }
    next[i] = 0;
  }
  throw new RangeError('ULID random part overflowed within one millisecond');
}
