import { randomUUID } from "node:crypto";
import type { Redis as IoRedis } from "ioredis";
import { total } from "./counters";
import { decodeInvalidation, encodeInvalidation } from "./invalidation";
import { L1Cache } from "./l1";
import { RedisL2 } from "./l2-redis";
import { byteLength, deserialize, serialize } from "./serialize";
import { namespaceSchema, type CacheStats, type ClearScope } from "./types";

export interface CacheOptions {
  l1MaxBytes: number;
  defaultTtlMs: number;
  /** The L2 level: a Redis client for commands and a second one for pub/sub (a subscribed connection can do nothing else). */
  redis?: { client: IoRedis; subscriber: IoRedis; prefix?: string };
  /** Milliseconds clock for L1 expiry (tests); performance.now() by default. */
  now?: () => number;
  /** Told about every L2 failure (the failure itself is a miss, never an error for the caller). */
  onL2Error?: (operation: string, error: unknown) => void;
}

export interface LoadOptions<T> {
  ttlMs?: number;
  /** Whether a loaded value may be stored (e.g. only successful responses). Default: always. */
  cacheIf?: (value: T) => boolean;
}

export interface ClearResult {
  /** Keys deleted from Redis; null without L2 or when Redis failed. */
  l2Removed: number | null;
  /** Whether the other instances were told (false without L2 or when publishing failed). */
  broadcast: boolean;
}

/**
 * L1 (in-process LRU with TTL and a byte bound) in front of an optional L2 (Redis). Reads go
 * L1 → L2 → loader; writes go to both. getOrLoad runs one loader per key at a time in this process:
 * concurrent callers of a missing key wait for the same promise (no stampede on the loader).
 * A clear empties L1 here and in every other instance (pub/sub) and deletes the L2 keys.
 */
export class MultiLevelCache {
  readonly instanceId = randomUUID();
  readonly #l1: L1Cache;
  readonly #l2: RedisL2 | null;
  readonly #subscriber: IoRedis | null;
  readonly #defaultTtlMs: number;
  readonly #onL2Error: (operation: string, error: unknown) => void;
  readonly #inflight = new Map<string, Promise<unknown>>();
  readonly #subscribed: Promise<void>;
  // Bumped by every clear: a load that started before a clear must not store its (older) result.
  #epoch = 0;
  #loads = 0;
  #coalesced = 0;

  constructor(options: CacheOptions) {
    this.#l1 = new L1Cache({ maxBytes: options.l1MaxBytes, now: options.now });
    this.#defaultTtlMs = options.defaultTtlMs;
    this.#onL2Error = options.onL2Error ?? (() => undefined);
    this.#l2 = options.redis ? new RedisL2(options.redis.client, options.redis.prefix) : null;
    this.#subscriber = options.redis?.subscriber ?? null;
    this.#subscribed = this.#subscribe();
  }

  /** Resolves once this instance listens for other instances' clears (immediately without L2). */
  ready(): Promise<void> {
    return this.#subscribed;
  }

  get hasL2(): boolean {
    return this.#l2 !== null;
  }

  /** The cached value, or undefined. */
  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    namespaceSchema.parse(namespace);
    const local = this.#l1.get(namespace, key);
    if (local !== undefined) return local as T;
    return (await this.#fromL2(namespace, key)) as T | undefined;
  }

  /** Stores `value` (JSON data) in L1 and L2 for `ttlMs` (CACHE_DEFAULT_TTL_MS when omitted). */
  async set(namespace: string, key: string, value: unknown, ttlMs = this.#defaultTtlMs): Promise<void> {
    namespaceSchema.parse(namespace);
    const text = serialize(value);
    // L1 keeps its own parsed copy, so the caller's object may change later without touching the cache.
    this.#l1.set(namespace, key, deserialize(text), byteLength(text), ttlMs);
    if (this.#l2) await this.#l2Try("set", () => this.#l2!.set(namespace, key, text, ttlMs));
  }

  /**
   * The cached value, or the loader's result (then stored). However many callers ask for a missing
   * key at once, this process runs its loader once; a loader error reaches every waiting caller and
   * nothing is stored.
   */
  async getOrLoad<T>(namespace: string, key: string, loader: () => Promise<T>, options: LoadOptions<T> = {}): Promise<T> {
    namespaceSchema.parse(namespace);
    const local = this.#l1.get(namespace, key);
    if (local !== undefined) return local as T;
    const id = `${namespace}\u0000${key}`;
    const pending = this.#inflight.get(id);
    if (pending) {
      this.#coalesced++;
      return pending as Promise<T>;
    }
    const load = (async () => {
      const epoch = this.#epoch;
      const shared = await this.#fromL2(namespace, key);
      if (shared !== undefined) return shared as T;
      this.#loads++;
      const value = await loader();
      if ((options.cacheIf?.(value) ?? true) && epoch === this.#epoch) await this.set(namespace, key, value, options.ttlMs);
      return value;
    })().finally(() => this.#inflight.delete(id));
    this.#inflight.set(id, load);
    return load;
  }

  /** Empties everything, one namespace or one key: here, in Redis, and (by pub/sub) in every other instance's L1. */
  async clear(scope: ClearScope): Promise<ClearResult> {
    this.#clearL1(scope);
    if (!this.#l2) return { l2Removed: null, broadcast: false };
    const l2 = this.#l2;
    const l2Removed = await this.#l2Try("clear", () =>
      scope.scope === "key" ? l2.delete(scope.namespace, scope.key) : l2.clear(scope.scope === "namespace" ? scope.namespace : undefined),
    );
    const broadcast = await this.#l2Try("publish", () => l2.publish(encodeInvalidation(this.instanceId, scope)).then(() => true));
    return { l2Removed: l2Removed ?? null, broadcast: broadcast ?? false };
  }

  /** Figures per level and namespace. L2 entries/bytes come from a SCAN of the cache's keys. */
  async stats(): Promise<CacheStats> {
    const l1Namespaces = this.#l1.stats();
    let l2Namespaces: CacheStats["l2"]["namespaces"] = {};
    let reachable = false;
    if (this.#l2) {
      const sizes = await this.#l2Try("stats", () => this.#l2!.sizes());
      reachable = sizes !== undefined;
      l2Namespaces = this.#l2.stats(sizes ?? new Map());
    }
    return {
      l1: { enabled: true, maxBytes: this.#l1.maxBytes, ...total(l1Namespaces, true), namespaces: l1Namespaces },
      l2: { enabled: this.#l2 !== null, reachable, ...total(l2Namespaces, false), namespaces: l2Namespaces },
      loads: this.#loads,
      coalesced: this.#coalesced,
    };
  }

  async close(): Promise<void> {
    // QUIT waits for a reply that a connection which never came up would never give.
    const end = (client: IoRedis | undefined | null) => (client?.status === "ready" ? client.quit() : client?.disconnect());
    await Promise.allSettled([end(this.#l2?.client), end(this.#subscriber)]);
  }

  #clearL1(scope: ClearScope): void {
    this.#epoch++;
    if (scope.scope === "all") this.#l1.clearAll();
    else if (scope.scope === "namespace") this.#l1.clearNamespace(scope.namespace);
    else this.#l1.delete(scope.namespace, scope.key);
  }

  async #fromL2(namespace: string, key: string): Promise<unknown> {
    if (!this.#l2) return undefined;
    const found = await this.#l2Try("get", () => this.#l2!.get(namespace, key));
    if (!found) {
      this.#l2.counters.miss(namespace);
      return undefined;
    }
    this.#l2.counters.hit(namespace);
    const value = deserialize(found.text);
    this.#l1.set(namespace, key, value, byteLength(found.text), found.ttlMs);
    return value;
  }

  /** Runs an L2 operation; a failure is reported and answers undefined (a miss), never an exception. */
  async #l2Try<T>(operation: string, run: () => Promise<T>): Promise<T | undefined> {
    try {
      return await run();
    } catch (error) {
      this.#onL2Error(operation, error);
      return undefined;
    }
  }

  async #subscribe(): Promise<void> {
    const subscriber = this.#subscriber;
    if (!subscriber || !this.#l2) return;
    subscriber.on("message", (channel: string, text: string) => {
      if (channel !== this.#l2!.channel) return;
      const message = decodeInvalidation(text);
      if (message && message.origin !== this.instanceId) this.#clearL1(message.clear);
    });
    await this.#l2Try("subscribe", () => subscriber.subscribe(this.#l2!.channel));
  }
}
