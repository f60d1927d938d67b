/**
 * The HQ link's part of the settings document (`settings.hq`). An empty or absent `brokerUrl`
 * means "not configured": the appliance works standalone and the outbox simply grows until a
 * broker is set. Every field has a default, so `{}` is a valid section.
 */
import { Type, type Static } from 'typebox';

const Tls = Type.Object(
  {
    caFile: Type.String({ default: '', description: 'PEM file of the CA that signed the broker certificate (mqtts only; empty: system CAs)' }),
    certFile: Type.String({ default: '', description: 'PEM file of this device’s client certificate, CN = device id (mqtts only)' }),
    keyFile: Type.String({ default: '', description: 'PEM file of this device’s private key (mqtts only; keep it 0600)' }),
    serverName: Type.String({ default: '', description: 'Host name to check the broker certificate against (empty: the host in brokerUrl)' }),
  },
  { additionalProperties: false, default: {} },
);

const Backoff = Type.Object(
  {
    initialMs: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000, description: 'First reconnect delay ceiling; each failed attempt doubles it (full jitter)' }),
    maxMs: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 300_000, description: 'Longest reconnect delay ceiling' }),
  },
  { additionalProperties: false, default: {} },
);

const Relay = Type.Object(
  {
    batchMaxEvents: Type.Integer({ minimum: 1, maximum: 1000, default: 100, description: 'Most events in one MQTT message' }),
    batchMaxBytes: Type.Integer({ minimum: 1024, maximum: 1_000_000, default: 65_536, description: 'Largest batch payload in bytes (one bigger event is still sent alone)' }),
    window: Type.Integer({ minimum: 1, maximum: 64, default: 8, description: 'Batches published and not yet PUBACKed by the broker (keep at most the broker’s receive maximum)' }),
    maxUnackedEvents: Type.Integer({ minimum: 1, maximum: 100_000, default: 2000, description: 'Events sent and not yet acknowledged by HQ before the relay waits for HQ' }),
    ackTimeoutMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000, description: 'Events HQ has not acknowledged this long after the broker took them are sent again' }),
  },
  { additionalProperties: false, default: {} },
);

const Alarm = Type.Object(
  {
    outboxDepth: Type.Integer({ minimum: 1, default: 10_000, description: 'Raise the HQ-link alarm when more events than this wait for HQ' }),
    outboxAgeSeconds: Type.Integer({ minimum: 1, default: 86_400, description: 'Raise the HQ-link alarm when the oldest waiting event is older than this' }),
  },
  { additionalProperties: false, default: {} },
);

const Market = Type.Object(
  {
    spotMaxAgeSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 900, description: 'A metal spot price older than this is stale: nothing is priced from it' }),
  },
  { additionalProperties: false, default: {} },
);

const Telemetry = Type.Object(
  {
    periodSeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 60, description: 'How often device health and system figures are sent' }),
    changePollMs: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000, description: 'How often device health is checked for a change (sent at once when it changes)' }),
    expirySeconds: Type.Integer({ minimum: 1, maximum: 86_400, default: 300, description: 'Message expiry of telemetry: the broker drops it after this' }),
    sysRoot: Type.String({ minLength: 1, default: '/sys', description: 'Root of sysfs, read for the CPU temperature (class/thermal/thermal_zone0/temp)' }),
  },
  { additionalProperties: false, default: {} },
);

export const HqLinkSettings = Type.Object(
  {
    brokerUrl: Type.String({ default: '', pattern: '^$|^(mqtt|mqtts)://', description: 'HQ broker, mqtts://host:8883 in production; empty: not configured (the store works standalone)' }),
    tls: Tls,
    keepaliveSeconds: Type.Integer({ minimum: 5, maximum: 600, default: 30, description: 'MQTT keep-alive' }),
    connectTimeoutMs: Type.Integer({ minimum: 100, maximum: 120_000, default: 15_000, description: 'Give up a connection attempt after this long' }),
    sessionExpirySeconds: Type.Integer({ minimum: 0, maximum: 2_592_000, default: 604_800, description: 'How long the broker keeps this device’s session (queued commands) while it is offline' }),
    willDelaySeconds: Type.Integer({ minimum: 0, maximum: 3600, default: 5, description: 'The broker announces this till offline only after the connection has been gone this long (no flapping on a quick reconnect)' }),
    syncTimeoutMs: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000, description: 'Ask HQ again for the desired documents if it has not answered req/sync after this long' }),
    backoff: Backoff,
    relay: Relay,
    alarm: Alarm,
    market: Market,
    telemetry: Telemetry,
  },
  { additionalProperties: false, default: {} },
);

export type HqLinkSettings = Static<typeof HqLinkSettings>;
