import { floorDay } from "@/lib/domain/time";

// The dashboard's reads are pure functions of (collected data, UTC day, request). The data changes
// only when the collector writes, which advances the data version (lib/db/conn/data-version.ts), so a
// read is answered from memory while the version and day are those it was computed for. Concurrent
// requests for the same key share one computation.

export interface ReadCacheOptions {
  readVersion: () => Promise<string>;
  /** How long one version lookup is trusted: the most a reader can lag a collector write. */
  versionTtlMs?: number;
  /** Safety net for writers that do not advance the version (manual SQL): entries expire anyway. */
  maxAgeMs?: number;
  maxEntries?: number;
  now?: () => number;
}

interface Entry {
  version: string;
  day: number;
  createdAt: number;
  value: Promise<unknown>;
  json?: Promise<string>;
}

export interface ReadCache {
  /** The value for `key`, computed once per data version and UTC day. */
  get<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The same, serialised: what API routes send, so a hit costs no JSON.stringify. */
  getJson(key: string, compute: () => Promise<unknown>): Promise<string>;
  readonly size: number;
}

export function createReadCache(options: ReadCacheOptions): ReadCache {
  const versionTtlMs = options.versionTtlMs ?? 500;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 500;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  let versionLookup: { at: number; version: Promise<string> } | null = null;

  const currentVersion = (): Promise<string> => {
    const at = now();
    if (!versionLookup || at - versionLookup.at >= versionTtlMs) {
      const version = options.readVersion();
      versionLookup = { at, version };
      // A failed lookup is not remembered: the next request asks again.
      version.catch(() => {
        if (versionLookup?.version === version) versionLookup = null;
      });
    }
    return versionLookup.version;
  };

  const entryFor = async (key: string, compute: () => Promise<unknown>): Promise<Entry> => {
    const version = await currentVersion();
    const at = now();
    const day = floorDay(at);
    const cached = entries.get(key);
    if (cached && cached.version === version && cached.day === day && at - cached.createdAt < maxAgeMs) {
      // Map order is insertion order: re-inserting keeps the most recently used last.
      entries.delete(key);
      entries.set(key, cached);
      return cached;
    }
    const entry: Entry = { version, day, createdAt: at, value: compute() };
    entries.set(key, entry);
    entry.value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    return entry;
  };

  return {
    async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
      // safe because an entry under `key` is only ever made by compute functions of this key's T
      return (await entryFor(key, compute)).value as Promise<T>;
    },
    async getJson(key, compute) {
      const entry = await entryFor(key, compute);
      entry.json ??= entry.value.then((value) => JSON.stringify(value));
      return entry.json;
    },
    get size() {
      return entries.size;
    },
  };
}

/** A cache key for a named read and its parsed query (zod output: its key order is fixed). */
export const readKey = (name: string, query?: unknown): string =>
  query === undefined ? name : `${name}:${JSON.stringify(query)}`;

/** A JSON response for a cached read: what the dashboard's GET routes return. */
export async function cachedJsonResponse(
  reads: ReadCache,
  key: string,
  compute: () => Promise<unknown>,
): Promise<Response> {
  return new Response(await reads.getJson(key, compute), {
    headers: { "content-type": "application/json" },
  });
}
