/**
 * Verifying a bundle before anything of it is unpacked: header, signature (the key of the release
 * the till runs), whether this till may install it, then every file's sha256 in one read.
 */
import { checkInstallable, checkSignature, type Installed, type Manifest } from './manifest.ts';
import { openBundle, readHeader, readPayload, type BundleHeader } from './bundle-format.ts';

/** Checks the header and signature only: cheap, done before the download's payload is trusted with disk space. */
export async function verifyHeader(file: string, publicPem: string, installed: Installed): Promise<BundleHeader> {
  const handle = await openBundle(file);
  try {
    const header = await readHeader(handle);
    checkSignature(header.manifestBytes, header.signature, publicPem);
    checkInstallable(header.manifest, installed);
    return header;
  } finally {
    await handle.close();
  }
}

/** The whole check; resolves with the manifest of an intact bundle this till may install, else throws LOUPE_E_UPDATE_*. */
export async function verifyBundle(file: string, publicPem: string, installed: Installed): Promise<Manifest> {
  const handle = await openBundle(file);
  try {
    const header = await readHeader(handle);
    checkSignature(header.manifestBytes, header.signature, publicPem);
    checkInstallable(header.manifest, installed);
    await readPayload(handle, header);
    return header.manifest;
  } finally {
    await handle.close();
  }
}
