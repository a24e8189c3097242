// A clock and a store per backend, so one conformance suite can run against both. The memory
// backend gets a fake clock (exact, instant); the Redis backend counts with @upstash/ratelimit,
// which reads Date.now() itself, so its time really passes (short windows keep that brief) while
// the limiter's own clock (penalties) can still jump ahead.
import { randomBytes } from "node:crypto";
import type { Redis as IoRedis } from "ioredis";
import { createRateLimiter, type RateLimiterOptions } from "@/lib/ratelimit/limiter";
import { connectLimiterRedis } from "@/lib/ratelimit/registry";
import { MemoryStore } from "@/lib/ratelimit/stores/memory";
import { RedisStore } from "@/lib/ratelimit/stores/redis";
import { IoredisAdapter } from "@/lib/ratelimit/stores/redis-client";
import type { Algorithm, Policy, PolicyScope, RateLimitStore } from "@/lib/ratelimit/types";

export interface Harness {
  backend: "memory" | "redis";
  store: RateLimitStore;
  now: () => number;
  /** Lets `ms` pass for counting and penalties alike. */
  elapse(ms: number): Promise<void>;
  /** Moves the limiter's clock only (penalties); on memory it moves everything. Only for long windows. */
  jump(ms: number): void;
  /** Waits until `offsetMs` into the window `windowsAhead` from the current one (memory: exactly; Redis: within a few ms). */
  at(windowMs: number, offsetMs: number, windowsAhead?: number): Promise<void>;
  /** Makes sure the current window has at least `needMs` of counting time left, moving to the next one if not. */
  settle(windowMs: number, needMs: number): Promise<void>;
  limiter(policies: Policy[], options?: Partial<RateLimiterOptions>): ReturnType<typeof createRateLimiter>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function withLimiter(base: Omit<Harness, "limiter">): Harness {
  return {
    ...base,
    // A generous store timeout: these cases are about counting; timeouts have their own cases.
    limiter: (policies, options) => createRateLimiter({ mode: "enforce", policies, store: base.store, now: base.now, storeTimeoutMs: 2_000, ...options }),
  };
}

export function memoryHarness(): Harness {
  let time = 1_800_000_000_000; // a whole hour: windows of a second, a minute or an hour start here
  const move = (ms: number) => void (time += ms);
  return withLimiter({
    backend: "memory",
    store: new MemoryStore(),
    now: () => time,
    elapse: async (ms) => move(ms),
    jump: move,
    at: async (windowMs, offsetMs, windowsAhead = 0) => {
      const target = (Math.floor(time / windowMs) + windowsAhead) * windowMs + offsetMs;
      if (target <= time) throw new Error("at(): that moment has passed");
      time = target;
    },
    settle: async (windowMs, needMs) => {
      if (windowMs - (time % windowMs) < needMs) time = (Math.floor(time / windowMs) + 1) * windowMs;
    },
  });
}

/** One Redis connection per test file; each harness gets its own key prefix under `prefix`. */
export function redisBackend() {
  const prefix = `printguard-test:${randomBytes(4).toString("hex")}`;
  let client: IoRedis | undefined;
  let stores = 0;
  return {
    prefix,
    // The connection the server's limiter opens (auto-pipelined), so the suite proves what runs.
    connect: () => (client = connectLimiterRedis("redis://127.0.0.1:6379")),
    get client() {
      if (!client) throw new Error("redisBackend: connect() first");
      return client;
    },
    harness(): Harness {
      let skew = 0;
      return withLimiter({
        backend: "redis",
        store: new RedisStore({ redis: new IoredisAdapter(this.client), prefix: `${prefix}:${++stores}` }),
        now: () => Date.now() + skew,
        elapse: sleep,
        jump: (ms) => void (skew += ms),
        at: async (windowMs, offsetMs, windowsAhead = 0) => {
          const now = Date.now();
          const target = (Math.floor(now / windowMs) + windowsAhead) * windowMs + offsetMs;
          if (target <= now) throw new Error("at(): that moment has passed");
          await sleep(target - now);
          while (Date.now() < target) await sleep(1);
        },
        // Only real time moves Redis's counting clock, and a test here runs for seconds at most.
        settle: async (windowMs, needMs) => {
          const left = windowMs - (Date.now() % windowMs);
          if (left < Math.min(needMs, 5_000)) await sleep(left + 5);
        },
      });
    },
    /** Deletes every key this file wrote and closes the connection. */
    async cleanup() {
      if (!client) return;
      let cursor = "0";
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
        if (keys.length > 0) await client.del(...keys);
        cursor = next;
      } while (cursor !== "0");
      await client.quit();
    },
  };
}

export function policy(name: string, scope: PolicyScope, algorithm: Algorithm, extra: Partial<Policy> = {}): Policy {
  return { name, scope, algorithm, penalize: false, advertise: true, enabled: true, ...extra };
}

export const slidingWindow = (limit: number, windowMs: number): Algorithm => ({ kind: "sliding-window", limit, windowMs });
export const tokenBucket = (capacity: number, refillRate: number, intervalMs: number): Algorithm => ({ kind: "token-bucket", capacity, refillRate, intervalMs });

/** A request from `ip` (and `user`, `account`) to a plain API route. */
export function request(ip: string, extra: { user?: string; account?: string; method?: string; path?: string } = {}) {
  return { method: extra.method ?? "GET", path: extra.path ?? "/api/security-performance/status", ip, user: extra.user, account: extra.account };
}
