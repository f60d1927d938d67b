/**
 * The MQTT topic tree (hq-link-mqtt.md §4.2, under `loupe/v1`). Everything for one appliance sits
 * under `loupe/v1/d/{deviceId}/…`, so one Mosquitto `pattern … loupe/v1/d/%u/…` ACL line per
 * direction covers the fleet; fleet-wide read-only data sits under `loupe/v1/all/…`.
 *
 * Every topic the appliance and the reference HQ publish or subscribe to is built here, and
 * `CHANNELS` lists them as AsyncAPI addresses: a test checks docs/asyncapi.yaml against it and
 * against what really crosses the broker.
 */
/** The outbox's streams: each has its own gapless `seq` per device and its own topic. */
export const STREAMS = ['sales', 'stock', 'cash', 'audit'] as const;
export type Stream = (typeof STREAMS)[number];

export const ROOT = 'loupe/v1';

export const DESIRED_DOCS = ['pricelist', 'fx', 'staff', 'settings', 'reservations', 'interest', 'release'] as const;
export type DesiredDoc = (typeof DESIRED_DOCS)[number];

export const COMMAND_NAMES = ['resync', 'upload-logs', 'drain'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

export const TELEMETRY_KINDS = ['sys', 'devices'] as const;
export type TelemetryKind = (typeof TELEMETRY_KINDS)[number];

/** Metal spot instruments: `{metal}-{currency}`, ISO 4217 metal codes (XAU gold, XAG silver, XPT platinum, XPD palladium). */
export const INSTRUMENT_PATTERN = '^(xau|xag|xpt|xpd)-[a-z]{3}$';

/** AsyncAPI channel id → address. `{…}` are parameters; each matches one topic level. */
export const CHANNELS = {
  events: `${ROOT}/d/{deviceId}/evt/{stream}`,
  state: `${ROOT}/d/{deviceId}/state`,
  status: `${ROOT}/d/{deviceId}/status`,
  telemetry: `${ROOT}/d/{deviceId}/tele/{kind}`,
  syncRequest: `${ROOT}/d/{deviceId}/req/sync`,
  syncResponse: `${ROOT}/d/{deviceId}/res/{correlationId}`,
  ack: `${ROOT}/d/{deviceId}/ack`,
  desired: `${ROOT}/d/{deviceId}/desired/{doc}`,
  command: `${ROOT}/d/{deviceId}/cmd/{name}`,
  commandReply: `${ROOT}/d/{deviceId}/reply/{cmdId}`,
  marketSpot: `${ROOT}/all/mkt/{instrument}`,
  hqStatus: `${ROOT}/all/hq/status`,
} as const;
export type ChannelId = keyof typeof CHANNELS;

/** Topic builders for one device. */
export function deviceTopics(deviceId: string) {
  const base = `${ROOT}/d/${deviceId}`;
  return {
    events: (stream: Stream) => `${base}/evt/${stream}`,
    state: `${base}/state`,
    status: `${base}/status`,
    telemetry: (kind: TelemetryKind) => `${base}/tele/${kind}`,
    syncRequest: `${base}/req/sync`,
    syncResponse: (correlationId: string) => `${base}/res/${correlationId}`,
    ack: `${base}/ack`,
    desired: (doc: DesiredDoc) => `${base}/desired/${doc}`,
    command: (name: CommandName | (string & {})) => `${base}/cmd/${name}`,
    commandReply: (cmdId: string) => `${base}/reply/${cmdId}`,
    /** What the appliance subscribes to (QoS 1). */
    subscriptions: [`${base}/ack`, `${base}/desired/+`, `${base}/cmd/+`, `${base}/res/+`, `${ROOT}/all/#`],
  };
}

export const fleetTopics = {
  marketSpot: (instrument: string) => `${ROOT}/all/mkt/${instrument}`,
  hqStatus: `${ROOT}/all/hq/status`,
};

/** What the reference HQ subscribes to; `$share/{group}/…` spreads the load over HQ workers. */
export function hqSubscriptions(group: string): string[] {
  const share = (filter: string) => `$share/${group}/${filter}`;
  return [
    share(`${ROOT}/d/+/evt/+`),
    share(`${ROOT}/d/+/req/sync`),
    share(`${ROOT}/d/+/reply/+`),
    share(`${ROOT}/d/+/state`),
    share(`${ROOT}/d/+/status`),
    share(`${ROOT}/d/+/tele/+`),
  ];
}

/** A topic taken apart; `unknown` for anything outside the tree. */
export type ParsedTopic =
  | { channel: 'events'; deviceId: string; stream: Stream }
  | { channel: 'state' | 'status' | 'syncRequest' | 'ack'; deviceId: string }
  | { channel: 'telemetry'; deviceId: string; kind: string }
  | { channel: 'syncResponse'; deviceId: string; correlationId: string }
  | { channel: 'desired'; deviceId: string; doc: string }
  | { channel: 'command'; deviceId: string; name: string }
  | { channel: 'commandReply'; deviceId: string; cmdId: string }
  | { channel: 'marketSpot'; instrument: string }
  | { channel: 'hqStatus' }
  | { channel: 'unknown'; topic: string };

export function parseTopic(topic: string): ParsedTopic {
  const parts = topic.split('/');
  if (parts[0] !== 'loupe' || parts[1] !== 'v1') return { channel: 'unknown', topic };
  if (parts[2] === 'all') {
    if (parts.length === 5 && parts[3] === 'mkt' && parts[4]) return { channel: 'marketSpot', instrument: parts[4] };
    if (parts.length === 5 && parts[3] === 'hq' && parts[4] === 'status') return { channel: 'hqStatus' };
    return { channel: 'unknown', topic };
  }
  const deviceId = parts[3];
  if (parts[2] !== 'd' || !deviceId) return { channel: 'unknown', topic };
  const [kind, arg, ...rest] = parts.slice(4);
  if (rest.length > 0) return { channel: 'unknown', topic };
  if (arg === undefined) {
    if (kind === 'state' || kind === 'status' || kind === 'ack') return { channel: kind, deviceId };
    return { channel: 'unknown', topic };
  }
  if (!arg) return { channel: 'unknown', topic };
  switch (kind) {
    case 'evt':
      return (STREAMS as readonly string[]).includes(arg) ? { channel: 'events', deviceId, stream: arg as Stream } : { channel: 'unknown', topic };
    case 'tele':
      return { channel: 'telemetry', deviceId, kind: arg };
    case 'req':
      return arg === 'sync' ? { channel: 'syncRequest', deviceId } : { channel: 'unknown', topic };
    case 'res':
      return { channel: 'syncResponse', deviceId, correlationId: arg };
    case 'desired':
      return { channel: 'desired', deviceId, doc: arg };
    case 'cmd':
      return { channel: 'command', deviceId, name: arg };
    case 'reply':
      return { channel: 'commandReply', deviceId, cmdId: arg };
    default:
      return { channel: 'unknown', topic };
  }
}

/** True when a concrete topic fits an AsyncAPI address (each `{param}` is exactly one non-empty level). */
export function topicMatchesAddress(topic: string, address: string): boolean {
  const levels = topic.split('/');
  const pattern = address.split('/');
  if (levels.length !== pattern.length) return false;
  return pattern.every((part, i) => (/^\{[A-Za-z]+\}$/.test(part) ? (levels[i] ?? '') !== '' : part === levels[i]));
}
