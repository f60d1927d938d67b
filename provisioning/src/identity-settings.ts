/**
 * An enrolled box's identity over its settings file: the device id, store and broker HQ assigned
 * and the mutual-TLS files win over whatever `settings.json` says.
 */
import type { Settings } from '../../runtime/src/config/settings-schema.ts';
import type { EnrolledLink } from './enrollment.ts';

export function withIdentity(settings: Settings, link: EnrolledLink): Settings {
  const next = structuredClone(settings);
  next.device.id = link.deviceId;
  next.store.id = link.storeId;
  next.hq.brokerUrl = link.brokerUrl;
  next.hq.tls = { ...next.hq.tls, ...link.tls };
  return next;
}
