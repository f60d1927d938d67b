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

// Three rows of the distance table, reused by every call (searches run one at a time).
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)] as const;

/**
 * Optimal-string-alignment distance between `a` and the first `length` letters of `b` (all of it
 * by default), or `limit + 1` as soon as it is sure to exceed `limit`.
 */
export function editDistance(a: string, b: string, limit: number, length = b.length): number {
  if (Math.abs(a.length - length) > limit) return limit + 1;
  if (rows[0].length <= length) rows = [new Int32Array(length + 1), new Int32Array(length + 1), new Int32Array(length + 1)];
  let [before, previous, current] = rows;
  for (let j = 0; j <= length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= length; j += 1) {
      const bj = b.charCodeAt(j - 1);
      let value = (previous[j - 1] as number) + (ai === bj ? 0 : 1);
      const up = (previous[j] as number) + 1;
      const left = (current[j - 1] as number) + 1;
      if (up < value) value = up;
      if (left < value) value = left;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        const swap = (before[j - 2] as number) + 1;
        if (swap < value) value = swap;
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[length] as number;
}

/** What makes two records the same person: a phone's last nine digits (seven at least), an email. */
function contactKeys(entry: { phones: readonly string[]; emails: readonly string[] }): string[] {
  return [...entry.phones.map((digits) => digits.slice(-9)).filter((key) => key.length >= 7).map((key) => `tel:${key}`), ...entry.emails.map((email) => `mail:${email}`)];
}

export class ClientSearch {
  /** word → the clients whose names hold it */
  readonly #byWord = new Map<string, Set<string>>();
  /** length → the words of that length, so a typo search only looks at words of a near length */
  readonly #byLength = new Map<number, Set<string>>();
  readonly #entries = new Map<string, { words: string[]; phones: string[]; emails: string[]; sortKey: string }>();
  /** phone key or email → clients, for duplicates */
  readonly #byContact = new Map<string, Set<string>>();

  put(entry: SearchEntry): void {
    this.remove(entry.clientId);
    const nameWords = [...new Set(entry.names.flatMap(words))];
    const stored = {
      words: nameWords,
      phones: entry.phones.map(phoneDigits).filter((digits) => digits.length > 0),
      emails: entry.emails.map(normalEmail),
      sortKey: fold(entry.names.join(' ')),
    };
    this.#entries.set(entry.clientId, stored);
    for (const key of contactKeys(stored)) {
      const set = this.#byContact.get(key) ?? new Set<string>();
      set.add(entry.clientId);
      this.#byContact.set(key, set);
    }
    for (const word of nameWords) {
      const set = this.#byWord.get(word);
      if (set) set.add(entry.clientId);
      else {
        this.#byWord.set(word, new Set([entry.clientId]));
        const sameLength = this.#byLength.get(word.length) ?? new Set<string>();
        sameLength.add(word);
        this.#byLength.set(word.length, sameLength);
      }
    }
  }

  remove(clientId: string): void {
    const entry = this.#entries.get(clientId);
    if (!entry) return;
    for (const key of contactKeys(entry)) {
      const set = this.#byContact.get(key);
      set?.delete(clientId);
      if (set?.size === 0) this.#byContact.delete(key);
    }
    for (const word of entry.words) {
      const set = this.#byWord.get(word);
      set?.delete(clientId);
      if (set?.size === 0) {
        this.#byWord.delete(word);
        this.#byLength.get(word.length)?.delete(word);
      }
    }
    this.#entries.delete(clientId);
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Other clients with the same phone number or email address as `entry`. */
  duplicatesOf(entry: SearchEntry): string[] {
    const found = new Set<string>();
    for (const key of contactKeys({ phones: entry.phones.map(phoneDigits), emails: entry.emails.map(normalEmail) })) {
      for (const clientId of this.#byContact.get(key) ?? []) if (clientId !== entry.clientId) found.add(clientId);
    }
    return [...found];
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
      const consider = (word: string, distance: number) => {
        for (const clientId of this.#byWord.get(word) ?? []) {
          const known = matched.get(clientId);
          if (known === undefined || distance < known) matched.set(clientId, distance);
        }
      };
      for (const [length, words] of this.#byLength) {
        if (length < query.length - typos) continue;
        // longer words: the query may be their start (typing in progress), with a typo from 5 letters on
        const typing = length > query.length + typos;
        if (typing && typos === 0) {
          for (const word of words) if (word.startsWith(query)) consider(word, 1);
          continue;
        }
        for (const word of words) {
          if (word === query) consider(word, 0);
          else if (word.startsWith(query)) consider(word, 1);
          else if (typos > 0) {
            let best = typing ? typos + 1 : editDistance(query, word, typos);
            if (best > typos && query.length >= 5 && word.length > query.length) best = editDistance(query, word, typos, query.length);
            if (best <= typos) consider(word, 1 + best);
          }
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
