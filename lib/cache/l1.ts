import { LRUCache } from "lru-cache";
import { hitRate, LevelCounters } from "./counters";
import type { NamespaceStats } from "./types";

interface Entry {
  namespace: string;
  value: unknown;
  bytes: number;
}

export interface L1Options {
  maxBytes: number;
  /** Milliseconds clock (tests pass a controlled one); performance.now() by default. */
  now?: () => number;
}

// NUL cannot appear in a namespace, so `<namespace>\0<key>` never collides across namespaces.
const SEP = "\u0000";

/**
 * The in-process level: least-recently-used entries go first once the byte bound is reached, and
 * every entry has its own TTL. Sizes are the byte length of the value's JSON, measured once at set.
 * Values are returned as stored: callers treat them as immutable.
 */
export class L1Cache {
  readonly counters = new LevelCounters();
  readonly #lru: LRUCache<string, Entry>;
  readonly maxBytes: number;

  constructor({ maxBytes, now }: L1Options) {
    this.maxBytes = maxBytes;
    this.#lru = new LRUCache<string, Entry>({
      maxSize: maxBytes,
      ttlAutopurge: false,
      // lru-cache memoizes "now" for ttlResolution ms of real time; 0 makes a controlled clock exact.
      ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
      dispose: (entry, _key, reason) => {
        if (reason === "evict") this.counters.evicted(entry.namespace);
      },
    });
  }

  /** The value, or undefined (counted as a miss) when absent or expired. */
  get(namespace: string, key: string): unknown {
    const entry = this.#lru.get(namespace + SEP + key);
    if (entry === undefined) {
      this.counters.miss(namespace);
      return undefined;
    }
    this.counters.hit(namespace);
    return entry.value;
  }

  /** Milliseconds left before `key` expires, 0 when absent. */
  remainingTtl(namespace: string, key: string): number {
    return Math.max(0, this.#lru.getRemainingTTL(namespace + SEP + key));
  }

  /** Stores `value` for `ttlMs`. An entry larger than the whole bound is not stored (returns false). */
  set(namespace: string, key: string, value: unknown, bytes: number, ttlMs: number): boolean {
    const id = namespace + SEP + key;
    if (bytes > this.maxBytes) {
      this.#lru.delete(id);
      return false;
    }
    this.#lru.set(id, { namespace, value, bytes }, { ttl: ttlMs, size: Math.max(1, bytes) });
    return true;
  }

  delete(namespace: string, key: string): void {
    this.#lru.delete(namespace + SEP + key);
  }

  clearNamespace(namespace: string): void {
    const prefix = namespace + SEP;
    for (const id of [...this.#lru.keys()]) if (id.startsWith(prefix)) this.#lru.delete(id);
  }

  clearAll(): void {
    this.#lru.clear();
  }

  /** Live entries and bytes per namespace, with hit/miss/eviction counts. */
  stats(): Record<string, NamespaceStats> {
    this.#lru.purgeStale();
    const sizes = new Map<string, { entries: number; bytes: number }>();
    for (const entry of this.#lru.values()) {
      const size = sizes.get(entry.namespace) ?? { entries: 0, bytes: 0 };
      size.entries++;
      size.bytes += entry.bytes;
      sizes.set(entry.namespace, size);
    }
    const result: Record<string, NamespaceStats> = {};
    for (const namespace of new Set([...this.counters.namespaces(), ...sizes.keys()])) {
      const count = this.counters.get(namespace);
      const size = sizes.get(namespace) ?? { entries: 0, bytes: 0 };
      result[namespace] = { ...count, hitRate: hitRate(count.hits, count.misses), ...size };
    }
    return result;
  }
}
