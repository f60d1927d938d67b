/**
 * Finding a client at the counter by name, phone or email, forgiving typos, over tens of thousands
 * of clients in memory: the index is rebuilt from the ledger at start and kept in step by the
 * client commands after they commit.
 *
 * - Names: every word of the query must match a word of the client's names exactly, as the start
 *   of it (typing in progress), or within a small edit distance (1 for 4–7 letters, 2 from 8;
 *   a swap of two letters counts as one). Accents and case are ignored.
 * - Phones: the query's digits inside the client's digits, or one digit wrong in a full number.
 * - Emails: the address exactly, or one typing slip in it.
 * Results are ordered exact, then prefix, then by typos, then by name.
 */
export interface SearchEntry {
  readonly clientId: string;
  readonly names: readonly string[];
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

export interface SearchHit {
  readonly clientId: string;
  /** 0 exact, 1 prefix, 2+ typos. */
  readonly distance: number;
}

/** Lower case, accents removed. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function words(text: string): string[] {
  return fold(text).split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 0);
}

export function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** A phone's last nine digits: the same number written with or without its country code (+1 212…, (212)…). */
export function phoneKey(phone: string): string {
  return phoneDigits(phone).slice(-9);
}

export function normalEmail(email: string): string {
  return fold(email.trim());
}

export function allowedTypos(length: number): number {
  if (length >= 8) return 2;
  return length >= 4 ? 1 : 0;
}

/** Optimal-string-alignment distance, or `limit + 1` as soon as it is sure to exceed `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (before[j - 2] as number) + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length] as number;
}

export class ClientSearch {
  /** word → the clients whose names hold it */
  readonly #byWord = new Map<string, Set<string>>();
  readonly #entries = new Map<string, { words: string[]; phones: string[]; emails: string[]; sortKey: string }>();

  put(entry: SearchEntry): void {
    this.remove(entry.clientId);
    const nameWords = [...new Set(entry.names.flatMap(words))];
    this.#entries.set(entry.clientId, {
      words: nameWords,
      phones: entry.phones.map(phoneDigits).filter((digits) => digits.length > 0),
      emails: entry.emails.map(normalEmail),
      sortKey: fold(entry.names.join(' ')),
    });
    for (const word of nameWords) {
      const set = this.#byWord.get(word) ?? new Set<string>();
      set.add(entry.clientId);
      this.#byWord.set(word, set);
    }
  }

  remove(clientId: string): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    for (const word of entry.words) {
      const set = this.#byWord.get(word);
      set?.delete(clientId);
      if (set?.size === 0) this.#byWord.delete(word);
    }
    this.#entries.delete(clientId);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Other clients with the same phone number or email address as `entry`. */
  duplicatesOf(entry: SearchEntry): string[] {
    const phones = new Set(entry.phones.map(phoneKey).filter((key) => key.length >= 7));
    const emails = new Set(entry.emails.map(normalEmail));
    const found: string[] = [];
    for (const [clientId, other] of this.#entries) {
      if (clientId === entry.clientId) continue;
      if (other.phones.some((phone) => phones.has(phone.slice(-9))) || other.emails.some((email) => emails.has(email))) found.push(clientId);
    }
    return found;
  }

  search(query: string, limit: number): SearchHit[] {
    const text = query.trim();
    if (text.includes('@')) return this.#rank(this.#byEmail(normalEmail(text)), limit);
    const digits = phoneDigits(text);
    if (digits.length >= 4 && /^[+\d\s().-]+$/.test(text)) return this.#rank(this.#byPhone(digits), limit);
    return this.#rank(this.#byName(words(text)), limit);
  }

  #byName(queryWords: string[]): Map<string, number> {
    if (queryWords.length === 0) return new Map();
    let result: Map<string, number> | null = null;
    for (const query of queryWords) {
      const matched = new Map<string, number>();
      const typos = allowedTypos(query.length);
      for (const [word, clients] of this.#byWord) {
        let distance: number;
        if (word === query) distance = 0;
        else if (word.startsWith(query)) distance = 1;
        else {
          if (typos === 0) continue;
          const typed = editDistance(query, word, typos);
          // a typo in the part typed so far (5 letters or more): compare with the word's start too
          const partial = query.length >= 5 && word.length > query.length ? editDistance(query, word.slice(0, query.length), typos) : typed;
          const best = Math.min(typed, partial);
          if (best > typos) continue;
          distance = 1 + best;
        }
        for (const clientId of clients) {
          const known = matched.get(clientId);
          if (known === undefined || distance < known) matched.set(clientId, distance);
        }
      }
      if (result === null) result = matched;
      else {
        const next = new Map<string, number>();
        for (const [clientId, distance] of matched) {
          const earlier = result.get(clientId);
          if (earlier !== undefined) next.set(clientId, earlier + distance);
        }
        result = next;
      }
      if (result.size === 0) break;
    }
    return result ?? new Map();
  }

  #byPhone(digits: string): Map<string, number> {
    const found = new Map<string, number>();
    for (const [clientId, entry] of this.#entries) {
      let best = Number.POSITIVE_INFINITY;
      for (const phone of entry.phones) {
        if (phone === digits) best = 0;
        else if (phone.includes(digits)) best = Math.min(best, 1);
        else if (digits.length >= 7 && phone.length === digits.length && editDistance(digits, phone, 1) <= 1) best = Math.min(best, 2);
      }
      if (best !== Number.POSITIVE_INFINITY) found.set(clientId, best);
    }
    return found;
  }

  #byEmail(email: string): Map<string, number> {
    const found = new Map<string, number>();
    for (const [clientId, entry] of this.#entries) {
      let best = Number.POSITIVE_INFINITY;
      for (const known of entry.emails) {
        if (known === email) best = 0;
        else if (editDistance(email, known, 1) <= 1) best = Math.min(best, 2);
      }
      if (best !== Number.POSITIVE_INFINITY) found.set(clientId, best);
    }
    return found;
  }

  #rank(found: Map<string, number>, limit: number): SearchHit[] {
    return [...found]
      .map(([clientId, distance]) => ({ clientId, distance, sortKey: this.#entries.get(clientId)?.sortKey ?? '' }))
      .sort((a, b) => a.distance - b.distance || a.sortKey.localeCompare(b.sortKey))
      .slice(0, limit)
      .map(({ clientId, distance }) => ({ clientId, distance }));
  }
}
