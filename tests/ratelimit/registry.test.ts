import { Redis as IoRedis } from "ioredis";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildConfig } from "@/lib/config";
import { describeWithService, redisAvailable } from "../support/services";

const configKey = Symbol.for("printguard.config");
const limiterKey = Symbol.for("printguard.ratelimit");
type Registry = typeof globalThis & { [configKey]?: unknown; [limiterKey]?: { close(): Promise<void> } };

const env = (extra: Record<string, string> = {}) =>
  buildConfig({ DATA_DIR: "/tmp/printguard-ratelimit-registry", AUTH_SECRET: "s".repeat(32), MFA_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"), ...extra });

afterEach(async () => {
  const g = globalThis as Registry;
  await g[limiterKey]?.close();
  delete g[limiterKey];
  delete g[configKey];
  vi.resetModules();
});

describe("process-wide limiter", () => {
  it("is one instance for separately bundled modules: what the proxy counts, a route handler reads", async () => {
    (globalThis as Registry)[configKey] = env({ RATE_LIMIT_POLICIES: '{"per-ip":{"limit":10}}' });
    // Two module instances of the registry, as Next gives proxy.ts and a route handler.
    const asProxy = await import("@/lib/ratelimit/registry");
    vi.resetModules();
    const asRoute = await import("@/lib/ratelimit/registry");
    expect(asRoute.getRateLimiter).not.toBe(asProxy.getRateLimiter);

    const req = { method: "GET", path: "/api/security-performance/status", ip: "203.0.113.20" };
    for (let i = 0; i < 3; i++) await asProxy.getRateLimiter().check(req);
    const usage = await asRoute.getRateLimiter().peek(req);
    expect(asRoute.getRateLimiter()).toBe(asProxy.getRateLimiter());
    expect(usage.find((d) => d.policy === "per-ip")).toMatchObject({ limit: 10, remaining: 7 });
  });

  it("takes mode, overrides and fail mode from the configuration, and rejects bad overrides at creation", async () => {
    const { rateLimiterFromConfig } = await import("@/lib/ratelimit/registry");
    const limiter = rateLimiterFromConfig(env({ RATE_LIMIT_MODE: "monitor" }).guard);
    expect(limiter.mode).toBe("monitor");
    expect(limiter.store.kind).toBe("memory");
    expect(() => rateLimiterFromConfig(env({ RATE_LIMIT_POLICIES: '{"nope":{}}' }).guard)).toThrow(/^Invalid configuration: RATE_LIMIT_POLICIES unknown policy "nope"/);
  });

  it("an unreachable Upstash endpoint fails open within the store timeout", async () => {
    const { rateLimiterFromConfig } = await import("@/lib/ratelimit/registry");
    const limiter = rateLimiterFromConfig(env({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9", UPSTASH_REDIS_REST_TOKEN: "t", RATE_LIMIT_STORE_TIMEOUT_MS: "200" }).guard);
    expect(limiter.store.kind).toBe("redis");
    const started = performance.now();
    const decision = await limiter.check({ method: "GET", path: "/", ip: "203.0.113.21" });
    expect(decision).toMatchObject({ allowed: true, reason: expect.stringMatching(/^(error|timeout)$/) });
    expect(performance.now() - started).toBeLessThan(200 + 250);
  });
});

describeWithService("redis", await redisAvailable())("process-wide limiter on REDIS_URL", () => {
  it("counts in Redis through the ioredis adapter", async () => {
    const { rateLimiterFromConfig } = await import("@/lib/ratelimit/registry");
    const limiter = rateLimiterFromConfig(env({ REDIS_URL: "redis://127.0.0.1:6379", RATE_LIMIT_POLICIES: '{"per-ip":{"limit":2}}' }).guard);
    const req = { method: "GET", path: "/", ip: `198.18.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}` };
    try {
      expect(limiter.store.kind).toBe("redis");
      const decisions = [];
      for (let i = 0; i < 3; i++) decisions.push(await limiter.check(req));
      expect(decisions.map((d) => d.reason)).toEqual(["ok", "ok", "limited"]);
    } finally {
      await limiter.close();
      // This test's own keys only: the global bucket's key is shared with anything else on this Redis.
      const client = new IoRedis("redis://127.0.0.1:6379");
      const keys = await client.keys(`printguard:rl:*${req.ip}*`);
      if (keys.length > 0) await client.del(...keys);
      await client.quit();
    }
  });
});
