/**
 * PIN hashes: scrypt with a random 16-byte salt, stored as `scrypt$<log2 N>$<r>$<p>$<salt>$<hash>`
 * so the cost can be raised later without invalidating existing PINs. Hashing runs on libuv's
 * thread pool, never on the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;

function derive(pin: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPin(pin: string, logN: number): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(pin, salt, logN, BLOCK_SIZE, PARALLELISM);
  return ['scrypt', logN, BLOCK_SIZE, PARALLELISM, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function pinMatches(pin: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, expected] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !expected) return false;
  const key = await derive(pin, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  const want = Buffer.from(expected, 'base64');
  return key.length === want.length && timingSafeEqual(key, want);
}
