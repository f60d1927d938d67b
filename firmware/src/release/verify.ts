/**
 * Verifying a bundle before anything of it is unpacked: header, signature, whether the reader may
 * use it (`allow`: a till checks checkInstallable, HQ's shelf only the expiry), then every file's
 * sha256 in one sequential read.
 */
import { checkExpiry, checkInstallable, checkSignature, type Installed, type Manifest } from './manifest.ts';
import { openBundle, readHeader, readPayload } from './bundle-format.ts';

/** Resolves with the manifest of an intact bundle signed by the key that `allow` accepts, else throws LOUPE_E_UPDATE_*. */
export async function verifyBundle(file: string, publicPem: string, allow: (manifest: Manifest) => void): Promise<Manifest> {
  const handle = await openBundle(file);
  try {
    const header = await readHeader(handle);
    checkSignature(header.manifestBytes, header.signature, publicPem);
    allow(header.manifest);
    await readPayload(handle, header);
    return header.manifest;
  } finally {
    await handle.close();
  }
}

/** What a till allows: checkInstallable against what it runs. */
export function installableOn(installed: Installed): (manifest: Manifest) => void {
  return (manifest) => checkInstallable(manifest, installed);
}

export function notExpired(now: Date): (manifest: Manifest) => void {
  return (manifest) => checkExpiry(manifest, now);
}
