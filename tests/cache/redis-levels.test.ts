import { Redis as IoRedis, type RedisOptions } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { cacheFromConfig, MultiLevelCache } from "@/lib/cache";
import { describeWithService, redisAvailable } from "../support/services";

const REDIS = "redis://127.0.0.1:6379";

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describeWithService("redis", await redisAvailable())("L1 + L2 (real Redis)", () => {
  const prefix = `printguard-test:cache:${process.pid}:${Date.now()}`;
  let admin: IoRedis;
  const opened: MultiLevelCache[] = [];
  function instance(): MultiLevelCache {
    const cache = new MultiLevelCache({
      l1MaxBytes: 1024 * 1024,
      defaultTtlMs: 60_000,
      redis: { client: new IoRedis(REDIS), subscriber: new IoRedis(REDIS), prefix },
    });
    opened.push(cache);
    return cache;
  }
  beforeAll(() => void (admin = new IoRedis(REDIS)));
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it("a value set by one instance is an L2 hit for another, under the cache's own prefix with the TTL", async () => {
    const a = instance();
    const b = instance();
    await a.set("jobs", "j1", { status: "printing" }, 30_000);
    expect(await admin.get(`${prefix}:jobs:j1`)).toBe('{"status":"printing"}');
    const pttl = await admin.pttl(`${prefix}:jobs:j1`);
    expect(pttl).toBeGreaterThan(25_000);
    expect(pttl).toBeLessThanOrEqual(30_000);

    expect(await b.get("jobs", "j1")).toEqual({ status: "printing" });
    expect(await b.get("jobs", "j1")).toEqual({ status: "printing" }); // now from b's L1
    const stats = await b.stats();
    expect(stats.l1.namespaces.jobs).toMatchObject({ hits: 1, misses: 1, entries: 1 });
    expect(stats.l2.namespaces.jobs).toMatchObject({ hits: 1, misses: 0, entries: 1, bytes: '{"status":"printing"}'.length, evictions: null });
    expect(stats.l2).toMatchObject({ enabled: true, reachable: true });
  });

  it("getOrLoad on a second instance takes the first instance's value from L2 instead of loading", async () => {
    const a = instance();
    const b = instance();
    let loads = 0;
    const loader = async () => ({ n: ++loads });
    expect(await a.getOrLoad("jobs", "j2", loader)).toEqual({ n: 1 });
    expect(await b.getOrLoad("jobs", "j2", loader)).toEqual({ n: 1 });
    expect(loads).toBe(1);
  });

  it("a clear on one instance empties the other instance's L1 through pub/sub (all, namespace, key)", async () => {
    const a = instance();
    const b = instance();
    await Promise.all([a.ready(), b.ready()]);
    const seed = async () => {
      await a.set("alpha", "1", "a1");
      await a.set("alpha", "2", "a2");
      await a.set("beta", "1", "b1");
      // b reads everything once, so it holds its own L1 copies
      for (const [ns, key] of [["alpha", "1"], ["alpha", "2"], ["beta", "1"]] as const) await b.get(ns, key);
    };
    // Values that exist only in b's L1 now (Redis emptied behind its back): a stale L1 would still answer them.
    const onlyInL1 = async () => {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length > 0) await admin.del(...keys);
    };

    await seed();
    await onlyInL1();
    await a.clear({ scope: "key", namespace: "alpha", key: "1" });
    await until(async () => (await b.get("alpha", "1")) === undefined, "key cleared on b");
    expect(await b.get("alpha", "2")).toBe("a2");

    await a.clear({ scope: "namespace", namespace: "alpha" });
    await until(async () => (await b.get("alpha", "2")) === undefined, "namespace cleared on b");
    expect(await b.get("beta", "1")).toBe("b1");

    await a.clear({ scope: "all" });
    await until(async () => (await b.get("beta", "1")) === undefined, "all cleared on b");
  });

  it("a clear deletes the cache's Redis keys and nothing else (the rate limiter's keys stay)", async () => {
    const a = instance();
    await a.set("gamma", "1", 1);
    await a.set("delta", "1", 2);
    const foreign = `${prefix}-rl:c:per-ip:1.2.3.4`;
    await admin.set(foreign, "7");
    expect(await a.clear({ scope: "namespace", namespace: "gamma" })).toEqual({ l2Removed: 1, broadcast: true });
    expect(await admin.exists(`${prefix}:gamma:1`, `${prefix}:delta:1`)).toBe(1);
    expect(await a.clear({ scope: "key", namespace: "delta", key: "1" })).toEqual({ l2Removed: 1, broadcast: true });
    expect(await a.clear({ scope: "key", namespace: "delta", key: "1" })).toEqual({ l2Removed: 0, broadcast: true });
    await a.set("delta", "1", 2);
    await a.clear({ scope: "all" });
    expect(await admin.keys(`${prefix}:*`)).toEqual([]);
    expect(await admin.get(foreign)).toBe("7");
    await admin.del(foreign);
  });

  it("with Redis unreachable, L1 still works alone: L2 reads are misses, writes and clears do not throw", async () => {
    const failures: string[] = [];
    const nowhere = (options: RedisOptions) =>
      new IoRedis("redis://127.0.0.1:1", { ...options, retryStrategy: () => null }).on("error", () => undefined);
    const down = new MultiLevelCache({
      l1MaxBytes: 1024 * 1024,
      defaultTtlMs: 60_000,
      redis: { client: nowhere({ enableOfflineQueue: false, maxRetriesPerRequest: 1 }), subscriber: nowhere({}), prefix },
      onL2Error: (operation) => failures.push(operation),
    });
    opened.push(down);
    expect(await down.getOrLoad("jobs", "k", async () => "loaded")).toBe("loaded");
    expect(await down.get("jobs", "k")).toBe("loaded");
    expect(await down.get("jobs", "absent")).toBeUndefined();
    expect(await down.clear({ scope: "all" })).toEqual({ l2Removed: null, broadcast: false });
    const stats = await down.stats();
    expect(stats.l2).toMatchObject({ enabled: true, reachable: false });
    expect(stats.l2.namespaces.jobs).toMatchObject({ misses: 2 });
    expect(failures).toEqual(expect.arrayContaining(["get", "set", "clear", "publish", "stats"]));
  });

  it("cacheFromConfig builds L1 only without REDIS_URL, and L1 + L2 with it", async () => {
    const alone = cacheFromConfig({ l1MaxBytes: 1 << 20, defaultTtlMs: 1000, l2TimeoutMs: 100, redisUrl: null, compressionMinBytes: 1024 });
    expect(alone.hasL2).toBe(false);
    const shared = cacheFromConfig({ l1MaxBytes: 1 << 20, defaultTtlMs: 1000, l2TimeoutMs: 100, redisUrl: REDIS, compressionMinBytes: 1024 }, { prefix });
    opened.push(shared);
    expect(shared.hasL2).toBe(true);
    await shared.ready();
    await until(async () => (await shared.set("eps", "1", 1), (await admin.get(`${prefix}:eps:1`)) === "1"), "L2 write once connected");
  });
});
