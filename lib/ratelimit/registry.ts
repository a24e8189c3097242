import { Redis as UpstashRedis } from "@upstash/redis";
import type { Redis as IoRedis } from "ioredis";
import { getConfig, type GuardConfig } from "@/lib/config";
import { onShutdown } from "@/lib/lifecycle";
import { connectRedis } from "@/lib/redis/connect";
import { createRateLimiter, type RateLimiter } from "./limiter";
import { resolvePolicies } from "./policies";
import { MemoryStore } from "./stores/memory";
import { RedisStore } from "./stores/redis";
import { IoredisAdapter } from "./stores/redis-client";
import type { RateLimitStore } from "./types";

/**
 * The limiter's self-hosted Redis connection. Auto-pipelined: the server hands Next the requests
 * of one event-loop turn together (lib/http/turn-batch.ts), so their limiter scripts are issued
 * in one tick; ioredis then sends them in one write and Redis answers them in one read, instead of
 * a write and a read per script.
 */
export function connectLimiterRedis(url: string): IoRedis {
  return connectRedis(url, "rate-limit", { enableAutoPipelining: true });
}

/** The store the configuration names: in-process by default, Redis when REDIS_URL or Upstash is set. */
export function storeFromConfig(redis: GuardConfig["redis"]): RateLimitStore {
  switch (redis.kind) {
    case "none":
      return new MemoryStore();
    case "url": {
      const client = connectLimiterRedis(redis.url);
      return new RedisStore({ redis: new IoredisAdapter(client), close: async () => void (await client.quit()) });
    }
    case "upstash":
      return new RedisStore({ redis: new UpstashRedis({ url: redis.url, token: redis.token, enableTelemetry: false }) });
  }
}

/** A limiter for this configuration: policy overrides validated (ConfigError), store chosen, mode and fail mode applied. */
export function rateLimiterFromConfig(guard: Pick<GuardConfig, "rateLimit" | "redis">, now?: () => number): RateLimiter {
  const { policies, penalty } = resolvePolicies(guard.rateLimit.policyOverrides);
  return createRateLimiter({
    mode: guard.rateLimit.mode,
    policies,
    penalty,
    store: guard.rateLimit.mode === "off" ? new MemoryStore() : storeFromConfig(guard.redis),
    storeTimeoutMs: guard.rateLimit.storeTimeoutMs,
    failMode: guard.rateLimit.failMode,
    now,
  });
}

const registryKey = Symbol.for("printguard.ratelimit");
type GlobalWithLimiter = typeof globalThis & { [registryKey]?: RateLimiter };

/**
 * The process-wide limiter, created from getConfig() on first use. It lives on globalThis because
 * proxy.ts and the route handlers are bundled separately (each would otherwise get its own module
 * instance, and its own memory store): what the proxy counts is what a route handler reads.
 */
export function getRateLimiter(): RateLimiter {
  const g = globalThis as GlobalWithLimiter;
  let limiter = g[registryKey];
  if (!limiter) {
    limiter = g[registryKey] = rateLimiterFromConfig(getConfig().guard);
    onShutdown("rate limiter", () => g[registryKey]?.close());
  }
  return limiter;
}

/** Installs `limiter` as the process-wide one (tests), or forgets it with undefined; the caller closes the old one. */
export function setRateLimiter(limiter: RateLimiter | undefined): void {
  (globalThis as GlobalWithLimiter)[registryKey] = limiter;
}
