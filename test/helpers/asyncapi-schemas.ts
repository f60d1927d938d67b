/**
 * docs/asyncapi.yaml's `components.schemas`, written from the code's schemas: every named MQTT
 * payload (wire/hq-schemas.ts WIRE_SCHEMAS), then each event type's payload from the event
 * catalog keyed by the type (`sale.completed`); a type sharing another's schema refers to it.
 * Only that section of the file is rewritten. test/link/asyncapi.test.ts fails when the YAML and
 * the code disagree; this puts them back in step:
 *
 *   node --import tsx test/helpers/asyncapi-schemas.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { EVENT_PAYLOAD_SCHEMAS, WIRE_SCHEMAS } from '../../runtime/src/wire/hq-schemas.ts';

export const ASYNCAPI_FILE = fileURLToPath(new URL('../../docs/asyncapi.yaml', import.meta.url));

/** A schema as JSON: what TypeBox builds, without its symbols. */
const plain = (schema: unknown): unknown => JSON.parse(JSON.stringify(schema));

/** Every schema in full, as the parsed document must show them ($refs resolved). */
export function documentedSchemas(): Record<string, unknown> {
  return plain({ ...WIRE_SCHEMAS, ...EVENT_PAYLOAD_SCHEMAS }) as Record<string, unknown>;
}

/** The section as written: the first event type of a schema carries it, the others refer to it. */
function writtenSchemas(): Record<string, unknown> {
  const first = new Map<unknown, string>();
  const events = Object.entries(EVENT_PAYLOAD_SCHEMAS).map(([type, schema]) => {
    const owner = first.get(schema);
    if (!owner) first.set(schema, type);
    return [type, owner ? { $ref: `#/components/schemas/${owner}` } : plain(schema)];
  });
  return { ...(plain(WIRE_SCHEMAS) as Record<string, unknown>), ...Object.fromEntries(events) };
}

/** `text` with its `components.schemas` section (from `  schemas:` to the next key at that depth) rewritten. */
export function withCodeSchemas(text: string): string {
  const lines = text.split('\n');
  const start = lines.indexOf('  schemas:');
  if (start < 0) throw new Error('docs/asyncapi.yaml has no components.schemas section');
  const end = lines.findIndex((line, index) => index > start && /^ {0,2}\S/.test(line));
  const section = stringify({ schemas: writtenSchemas() }, { lineWidth: 0, singleQuote: true })
    .trimEnd()
    .split('\n')
    .map((line) => `  ${line}`);
  return [...lines.slice(0, start), ...section, ...lines.slice(end < 0 ? lines.length : end)].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(ASYNCAPI_FILE, withCodeSchemas(readFileSync(ASYNCAPI_FILE, 'utf8')));
}
