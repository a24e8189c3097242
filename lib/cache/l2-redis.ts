import type { Redis as IoRedis } from "ioredis";
import { hitRate, LevelCounters } from "./counters";
import type { NamespaceStats } from "./types";

/**
 * The shared level: one Redis string per entry under `<prefix>:<namespace>:<key>`, with a
 * millisecond TTL (PX). The prefix (`printguard:cache` by default) keeps the cache away from the
 * rate limiter's `printguard:rl:*` keys; clears delete by SCAN over this prefix only, never FLUSHDB.
 * Every method throws on a Redis error: the MultiLevelCache turns that into a logged miss.
 */
export class RedisL2 {
  readonly counters = new LevelCounters();
  readonly prefix: string;
  readonly #client: IoRedis;

  constructor(client: IoRedis, prefix = "printguard:cache") {
    if (!/^[A-Za-z0-9:._-]+$/.test(prefix)) throw new Error(`cache key prefix "${prefix}" may use only letters, digits and : . _ -`);
    this.#client = client;
    this.prefix = prefix;
  }

  get client(): IoRedis {
    return this.#client;
  }

  /** The pub/sub channel on which clears are announced to every instance. */
  get channel(): string {
    return `${this.prefix}:invalidate`;
  }

  redisKey(namespace: string, key: string): string {
    return `${this.prefix}:${namespace}:${key}`;
  }

  /** The stored text and its remaining lifetime (one round trip), or null when absent. */
  async get(namespace: string, key: string): Promise<{ text: string; ttlMs: number } | null> {
    const id = this.redisKey(namespace, key);
    const replies = (await this.#client.pipeline().get(id).pttl(id).exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
    const text = replies[0]?.[1];
    const ttlMs = Number(replies[1]?.[1]);
    return typeof text === "string" && ttlMs > 0 ? { text, ttlMs } : null;
  }

  async set(namespace: string, key: string, text: string, ttlMs: number): Promise<void> {
    await this.#client.set(this.redisKey(namespace, key), text, "PX", Math.max(1, Math.round(ttlMs)));
  }

  /** 1 when the key existed, else 0. */
  delete(namespace: string, key: string): Promise<number> {
    return this.#client.unlink(this.redisKey(namespace, key));
  }

  /** Deletes every key of one namespace, or of the whole cache when `namespace` is undefined. */
  async clear(namespace?: string): Promise<number> {
    let removed = 0;
    for await (const keys of this.#scan(namespace)) {
      if (keys.length > 0) removed += await this.#client.unlink(...keys);
    }
    return removed;
  }

  async publish(message: string): Promise<void> {
    await this.#client.publish(this.channel, message);
  }

  /** Entries and bytes per namespace (a SCAN: meant for the admin stats page, not hot paths). */
  async sizes(): Promise<Map<string, { entries: number; bytes: number }>> {
    const sizes = new Map<string, { entries: number; bytes: number }>();
    const start = this.prefix.length + 1;
    for await (const keys of this.#scan()) {
      if (keys.length === 0) continue;
      const pipeline = this.#client.pipeline();
      for (const key of keys) pipeline.strlen(key);
      const lengths = (await pipeline.exec()) ?? [];
      keys.forEach((key, i) => {
        const namespace = key.slice(start, key.indexOf(":", start));
        const size = sizes.get(namespace) ?? { entries: 0, bytes: 0 };
        size.entries++;
        size.bytes += Number(lengths[i]?.[1] ?? 0);
        sizes.set(namespace, size);
      });
    }
    return sizes;
  }

  /** This instance's hits and misses per namespace, with `sizes` (empty when Redis could not be read). */
  stats(sizes: Map<string, { entries: number; bytes: number }>): Record<string, NamespaceStats> {
    const result: Record<string, NamespaceStats> = {};
    for (const namespace of new Set([...this.counters.namespaces(), ...sizes.keys()])) {
      const { hits, misses } = this.counters.get(namespace);
      const size = sizes.get(namespace) ?? { entries: 0, bytes: 0 };
      result[namespace] = { hits, misses, hitRate: hitRate(hits, misses), evictions: null, ...size };
    }
    return result;
  }

  async *#scan(namespace?: string): AsyncGenerator<string[]> {
    const match = namespace === undefined ? `${this.prefix}:*` : `${this.prefix}:${namespace}:*`;
    let cursor = "0";
    do {
      const [next, keys] = await this.#client.scan(cursor, "MATCH", match, "COUNT", 500);
      cursor = next;
      // The invalidation channel is not a key, but stay strict: only entries under the prefix.
      yield keys.filter((key) => key.startsWith(`${this.prefix}:`));
    } while (cursor !== "0");
  }
}
