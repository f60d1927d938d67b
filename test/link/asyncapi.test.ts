/**
 * docs/asyncapi.yaml is the HQ integrator's contract. It must parse without errors, name exactly
 * the channels the code builds, describe payloads exactly as the code validates them (each event
 * type's payload as the event catalog declares it), and cover every topic that really crosses the
 * broker in a full device ↔ HQ exchange.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Parser } from '@asyncapi/parser';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CHANNELS, topicMatchesAddress } from '../../runtime/src/wire/hq-topics.ts';
import { EVENT_PAYLOAD_SCHEMAS, WIRE_SCHEMAS } from '../../runtime/src/wire/hq-schemas.ts';
import { EVENT_CONTRACTS } from '../../runtime/src/wire/events/event-catalog.ts';
import { documentedSchemas, withCodeSchemas } from '../helpers/asyncapi-schemas.ts';
import { DeviceRig, HqRig, observer, quickSettings, within } from '../helpers/link-rig.ts';
import { MosquittoBroker } from '../helpers/mosquitto.ts';
import { PostgresCluster } from '../helpers/postgres.ts';

const text = readFileSync(new URL('../../docs/asyncapi.yaml', import.meta.url), 'utf8');
const contract = suite('asyncapi contract');

async function parsed() {
  const { document, diagnostics } = await new Parser().parse(text);
  return { document, diagnostics };
}

contract('should parse with no error or warning diagnostics :: docs/asyncapi.yaml', async () => {
  const { document, diagnostics } = await parsed();
  const serious = diagnostics.filter((diagnostic) => diagnostic.severity <= 1).map((diagnostic) => `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.path.join('.')}`);
  assert.equal(serious, []);
  assert.ok(document, 'the parser must return a document');
});

contract('should name exactly the channels topics.ts builds :: 12 addresses', async () => {
  const { document } = await parsed();
  const documented = (document?.channels().all() ?? []).map((channel) => channel.address()).sort();
  assert.equal(documented, Object.values(CHANNELS).sort());
  assert.is(documented.length, 12);
});

contract('should describe every payload exactly as wire/ validates it :: 13 message schemas and 70 event types', async () => {
  const { document } = await parsed();
  const json = withoutParserMarks(document?.json()) as { components: { schemas: Record<string, unknown> } };
  const schemas = json.components.schemas;
  assert.equal(Object.keys(schemas).sort(), [...Object.keys(WIRE_SCHEMAS), ...Object.keys(EVENT_PAYLOAD_SCHEMAS)].sort());
  assert.is(Object.keys(WIRE_SCHEMAS).length, 13);
  for (const [name, schema] of Object.entries(documentedSchemas())) {
    assert.equal(schemas[name], schema, `components.schemas.${name} differs from wire/; run node --import tsx test/helpers/asyncapi-schemas.ts`);
  }
});

contract('should give each event type of the catalog its payload schema under its own name :: sale.completed, piece.relocated…', async () => {
  const { document } = await parsed();
  const json = withoutParserMarks(document?.json()) as { components: { schemas: Record<string, { required?: string[] }> } };
  assert.equal(Object.keys(EVENT_CONTRACTS).filter((type) => !json.components.schemas[type]), []);
  assert.ok(json.components.schemas['sale.completed']?.required?.includes('taxMode'));
  assert.ok(json.components.schemas['piece.relocated']?.required?.includes('fromLocation'));
});

contract('should be exactly what the schema writer writes :: test/helpers/asyncapi-schemas.ts', () => {
  assert.ok(withCodeSchemas(text) === text, 'docs/asyncapi.yaml is out of step with wire/; run node --import tsx test/helpers/asyncapi-schemas.ts');
});

/** The parsed document as plain JSON without the `x-parser-*` marks the parser adds to schemas. */
function withoutParserMarks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutParserMarks);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>)
      .filter(([key]) => !key.startsWith('x-parser-'))
      .map(([key, item]) => [key, withoutParserMarks(item)]),
  );
}

contract('should cover every topic that crosses the broker in a full exchange :: device, 2 HQ workers, observer on #', async () => {
  const cluster = await PostgresCluster.start();
  const broker = await MosquittoBroker.start();
  const hq = await HqRig.start(cluster, { brokerUrl: broker.url, workers: 2 });
  const watcher = await observer(broker.url);
  const seen = new Set<string>();
  const stateSeen = new Promise<void>((resolve) => watcher.on('message', (topic) => topic.endsWith('/state') && resolve()));
  watcher.on('message', (topic) => seen.add(topic));
  await watcher.subscribeAsync('#', { qos: 1 });
  const uploads = createServer((request, response) => {
    request.resume();
    request.on('end', () => response.end('ok'));
  });
  await new Promise<void>((resolve) => uploads.listen(0, '127.0.0.1', () => resolve()));
  const port = (uploads.address() as { port: number }).port;
  const device = new DeviceRig({
    settings: quickSettings(broker.url, { telemetry: { changePollMs: 50 } }),
    context: {
      deviceHealth: () => [{ device: 'receipt-printer', state: 'connected', since: Date.now(), lastError: null, conditions: [] }],
      collectLogs: async () => 'log line\n',
    },
  });
  try {
    device.writeEvents(40, { mixed: true });
    await device.link.start();
    await hq.waitForHwm(device.deviceId, 40, 20_000);
    const applied = device.waitFor((event) => event.type === 'documentApplied', 10_000, 'a desired document');
    await hq.primary.publishDesired(device.deviceId, 'fx', { base: 'USD', rates: [{ quote: 'EUR', rateE8: 92_000_000, asOf: new Date().toISOString() }] });
    await applied;
    await hq.primary.publishSpot({ v: 1, instrument: 'xau-usd', metal: 'gold', currency: 'USD', unit: 'ozt', bidMinor: 265_000, askMinor: 266_000, asOf: new Date().toISOString(), source: 'test' });
    const replied = hq.waitFor((event) => event.type === 'reply', 10_000, 'a command reply');
    await hq.primary.sendCommand(device.deviceId, 'upload-logs', { url: `http://127.0.0.1:${port}/logs` });
    await replied;
    // The state document is published 50 ms after what changed it (coalesced): wait for it before closing.
    await within(stateSeen, 10_000, 'the device’s state document');
    await device.close();
    await hq.stop();
    // A marker after everything else: when it comes back, every earlier publish has reached the watcher.
    const marker = new Promise<void>((resolve) => {
      watcher.on('message', (topic, payload) => topic === 'loupe/v1/all/hq/status' && payload.length === 0 && resolve());
    });
    await watcher.publishAsync('loupe/v1/all/hq/status', '', { qos: 1, retain: true });
    await within(marker, 10_000, 'the marker message');
  } finally {
    await watcher.endAsync();
    uploads.close();
    await broker.stop();
    await cluster.stop();
  }
  const addresses = Object.values(CHANNELS);
  const undocumented = [...seen].filter((topic) => !addresses.some((address) => topicMatchesAddress(topic, address)));
  assert.equal(undocumented, [], 'every topic on the wire must be a documented channel');
  const unused = addresses.filter((address) => ![...seen].some((topic) => topicMatchesAddress(topic, address)));
  assert.equal(unused, [], 'every documented channel must carry traffic in a full exchange');
});

contract.run();
