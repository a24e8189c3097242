import { getConfig, type CacheConfig } from "@/lib/config";
import { onShutdown } from "@/lib/lifecycle";
import { getLogger } from "@/lib/log";
import { connectRedis } from "@/lib/redis/connect";
import { MultiLevelCache } from "./multi-level";

export { MultiLevelCache, type ClearResult, type LoadOptions } from "./multi-level";
export { clearScopeSchema, namespaceSchema, type CacheStats, type ClearScope, type LevelStats, type NamespaceStats } from "./types";

const L2_ERROR_LOG_INTERVAL_MS = 10_000;

/** Logs L2 failures at most once per interval and operation: a Redis outage must not flood the log. */
function throttledL2Log(): (operation: string, error: unknown) => void {
  const lastLogged = new Map<string, number>();
  return (operation, error) => {
    const now = Date.now();
    if (now - (lastLogged.get(operation) ?? -Infinity) < L2_ERROR_LOG_INTERVAL_MS) return;
    lastLogged.set(operation, now);
    getLogger().warn({ operation, err: error instanceof Error ? error.message : String(error) }, "cache L2 (Redis) failed; served as a miss");
  };
}

/** A cache for this configuration: L1 only, or L1 + Redis when REDIS_URL is set. */
export function cacheFromConfig(config: CacheConfig, options: { prefix?: string } = {}): MultiLevelCache {
  const redis = config.redisUrl
    ? {
        // No offline queue: while Redis is down a command fails at once (a miss) instead of waiting.
        client: connectRedis(config.redisUrl, "cache", { enableOfflineQueue: false, commandTimeout: config.l2TimeoutMs }),
        // The subscription waits for Redis however long it takes, and ioredis renews it after a reconnect.
        subscriber: connectRedis(config.redisUrl, "cache pub/sub", { maxRetriesPerRequest: null }),
        prefix: options.prefix,
      }
    : undefined;
  return new MultiLevelCache({ l1MaxBytes: config.l1MaxBytes, defaultTtlMs: config.defaultTtlMs, redis, onL2Error: throttledL2Log() });
}

const registryKey = Symbol.for("printguard.cache");
type GlobalWithCache = typeof globalThis & { [registryKey]?: MultiLevelCache };

/**
 * The process-wide cache, created from getConfig() on first use. It lives on globalThis because
 * proxy.ts and the route handlers are bundled separately: a clear from one must empty the other's L1.
 */
export function getCache(): MultiLevelCache {
  const g = globalThis as GlobalWithCache;
  let cache = g[registryKey];
  if (!cache) {
    cache = g[registryKey] = cacheFromConfig(getConfig().cache);
    onShutdown("cache", () => g[registryKey]?.close());
  }
  return cache;
}

/** Installs `cache` as the process-wide one (tests), or forgets it with undefined; the caller closes the old one. */
export function setCache(cache: MultiLevelCache | undefined): void {
  (globalThis as GlobalWithCache)[registryKey] = cache;
}
