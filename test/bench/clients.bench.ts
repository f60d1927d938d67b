/**
 * Clienteling figures through the API: a search with one typo over 50,000 clients, and opening
 * a profile with 200 purchases (figures, history and recommendations included).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bearer, startTestAppliance, type TestAppliance } from '../helpers/appliance.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { quantile, round, type Benchmark, type Figure } from './harness.ts';

const SYLLABLES = ['ma', 'ri', 'lau', 'rent', 'ka', 'to', 'sen', 'vel', 'dor', 'an', 'bel', 'chi', 'no', 'fer', 'gu', 'ste', 'wa', 'lin', 'ro', 'mi', 'za', 'qui', 'per', 'hol'];

function name(random: () => number, parts: number): string {
  let text = '';
  for (let n = 0; n < parts; n += 1) text += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One typing slip: two neighbouring letters swapped, or one letter wrong. */
function typo(random: () => number, word: string): string {
  const at = 1 + Math.floor(random() * (word.length - 2));
  if (random() < 0.5) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return word.slice(0, at) + (word[at] === 'e' ? 'a' : 'e') + word.slice(at + 1);
}

/** Writes clients straight into the ledger of a stopped appliance (the search index is built at start). */
function addClients(t: TestAppliance, count: number, random: () => number): { given: string; family: string }[] {
  const db = t.appliance.ledger.db;
  const insert = db.prepare("INSERT INTO clients (id, created_at, updated_at, profile, tier) VALUES (?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?, 'new')");
  const people: { given: string; family: string }[] = [];
  db.transaction(() => {
    for (let n = 0; n < count; n += 1) {
      const person = { given: name(random, 2), family: name(random, 3) };
      people.push(person);
      const profile = { givenName: person.given, familyName: person.family, phones: [{ number: `+1 212 ${String(n).padStart(7, '0')}` }], emails: [{ address: `c${n}@example.com` }], linkedPeople: [], sizes: { rings: [] }, preferences: { metals: [], colours: [], stones: [], designers: [], collections: [], styles: [] }, milestones: [], wishList: [], consents: {}, notes: [] };
      insert.run(`BENCH${String(n).padStart(6, '0')}`, JSON.stringify(profile));
    }
  })();
  return people;
}

async function timed(run: () => Promise<{ statusCode: number; body: string }>): Promise<number> {
  const start = performance.now();
  const reply = await run();
  const elapsed = performance.now() - start;
  if (reply.statusCode !== 200) throw new Error(`answered ${reply.statusCode}: ${reply.body}`);
  return elapsed;
}

const COLLECTIONS = ['Aurora', 'Lumen', 'Cascade', 'Etoile', 'Marea'];
const CATEGORIES = ['ring', 'earrings', 'bracelet', 'necklace', 'pendant'];

/** 2,000 pieces over 5 collections and 5 categories; 200 of them sold to one client, one sale each. */
function addPurchases(t: TestAppliance, clientId: string): void {
  const db = t.appliance.ledger.db;
  const staffId = (db.prepare('SELECT id FROM staff LIMIT 1').get() as { id: string }).id;
  const style = db.prepare("INSERT INTO styles (id, vendor, vendor_style_no, name, collection, category) VALUES (?, 'Bench', ?, ?, ?, ?)");
  const piece = db.prepare(
    `INSERT INTO pieces (id, stock_no, style_id, description, category, metal, fineness, metal_colour, cost_minor, retail_minor, currency, location, ownership, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'gold', 750, ?, 100000, ?, 'USD', 'Case 1', 'owned', ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  );
  const sale = db.prepare("INSERT INTO sales (id, receipt_no, completed_at, staff_id, client_id, currency, subtotal_minor, tax_minor, total_minor, document) VALUES (?, ?, ?, ?, ?, 'USD', 250000, 0, 250000, ?)");
  db.transaction(() => {
    for (let n = 0; n < 100; n += 1) style.run(`S${n}`, `BS-${n}`, `Bench style ${n}`, COLLECTIONS[n % 5], CATEGORIES[Math.floor(n / 5) % 5]);
    for (let n = 0; n < 2_000; n += 1) {
      const sold = n < 200;
      piece.run(`P${n}`, `BP-${n}`, `S${n % 100}`, `Bench piece ${n}`, CATEGORIES[Math.floor((n % 100) / 5) % 5], n % 2 === 0 ? 'white' : 'yellow', 100_000 + (n % 50) * 10_000, sold ? 'sold' : 'in_stock');
      if (sold) {
        const at = new Date(Date.parse('2024-01-01T00:00:00Z') + n * 4 * 86_400_000).toISOString();
        const document = { saleId: `BS${n}`, receiptNo: `0042-09-${String(n).padStart(6, '0')}`, lines: [{ stockNo: `BP-${n}`, description: `Bench piece ${n}`, totalMinor: 250_000 }], totalMinor: 250_000, clientId };
        sale.run(`BS${n}`, document.receiptNo, at, staffId, clientId, JSON.stringify(document));
      }
    }
  })();
}

export const benchmarks: Benchmark[] = [
  {
    name: 'clients.search',
    async run(): Promise<Figure[]> {
      const dataDir = mkdtempSync(join(tmpdir(), 'loupe-bench-'));
      const random = seededRandom(50_000);
      try {
        const seed = await startTestAppliance({ dataDir });
        const people = addClients(seed, 50_000, random);
        await seed.stop();
        const t = await startTestAppliance({ dataDir, settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
        try {
          const token = await t.login('101', '3917');
          const times: number[] = [];
          let found = 0;
          for (let n = 0; n < 1_000; n += 1) {
            const person = people[Math.floor(random() * people.length)] as { given: string; family: string };
            const q = n % 2 === 0 ? typo(random, person.family) : `${person.given} ${typo(random, person.family)}`;
            const start = performance.now();
            const reply = await t.api.inject({ method: 'GET', url: `/api/v1/clients?q=${encodeURIComponent(q)}`, headers: bearer(token) });
            times.push(performance.now() - start);
            if (reply.json().some((hit: { name: string }) => hit.name === `${person.given} ${person.family}`)) found += 1;
          }
          return [{ name: 'clients.search.p99_ms', value: round(quantile(times, 0.99)), unit: 'ms', p50: round(quantile(times, 0.5)), clients: 50_000, searches: times.length, foundWithOneTypo: found, via: 'API inject' }];
        } finally {
          await t.stop();
        }
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'clients.profile_open',
    async run(): Promise<Figure[]> {
      const t = await startTestAppliance({ settings: { security: { pinHashCost: 14, idleLockSeconds: 3600 } } });
      try {
        const token = await t.login('102', '5180');
        const added = await t.api.inject({
          method: 'POST',
          url: '/api/v1/clients',
          headers: bearer(token),
          payload: { givenName: 'Marie', familyName: 'Laurent', preferences: { metals: ['white gold'], colours: [], stones: [], designers: [], collections: ['Aurora'], styles: [], budget: { minMinor: 100_000, maxMinor: 500_000 } } },
        });
        const clientId = added.json().id as string;
        addPurchases(t, clientId);
        const times: number[] = [];
        let recommendations = 0;
        for (let n = 0; n < 500; n += 1) {
          times.push(await timed(() => t.api.inject({ method: 'GET', url: `/api/v1/clients/${clientId}`, headers: bearer(token) })));
        }
        const profile = (await t.api.inject({ method: 'GET', url: `/api/v1/clients/${clientId}`, headers: bearer(token) })).json();
        recommendations = profile.recommendations.length;
        return [{ name: 'clients.profile_open.p99_ms', value: round(quantile(times, 0.99)), unit: 'ms', p50: round(quantile(times, 0.5)), purchases: profile.history.purchases.length, recommendations, piecesInStock: 1_836, opens: times.length, via: 'API inject' }];
      } finally {
        await t.stop();
      }
    },
  },
];
