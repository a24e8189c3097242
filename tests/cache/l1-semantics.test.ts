import { describe, expect, it } from "vitest";
import { MultiLevelCache } from "@/lib/cache";

function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function memoryCache(options: { maxBytes?: number; now?: () => number } = {}) {
  return new MultiLevelCache({ l1MaxBytes: options.maxBytes ?? 1024 * 1024, defaultTtlMs: 60_000, now: options.now });
}

describe("L1 cache (no Redis)", () => {
  it("an entry lives its TTL on a controlled clock, then is a miss", async () => {
    const time = clock();
    const cache = memoryCache({ now: time.now });
    await cache.set("jobs", "a", { n: 1 }, 5_000);
    time.advance(5_000); // lru-cache expires an entry once its age exceeds the TTL
    expect(await cache.get("jobs", "a")).toEqual({ n: 1 });
    time.advance(1);
    expect(await cache.get("jobs", "a")).toBeUndefined();
    const stats = await cache.stats();
    expect(stats.l1.namespaces.jobs).toMatchObject({ hits: 1, misses: 1, entries: 0, bytes: 0 });
  });

  it("uses CACHE_DEFAULT_TTL_MS when set() names no TTL", async () => {
    const time = clock();
    const cache = memoryCache({ now: time.now });
    await cache.set("jobs", "a", 1);
    time.advance(60_000);
    expect(await cache.get("jobs", "a")).toBe(1);
    time.advance(1);
    expect(await cache.get("jobs", "a")).toBeUndefined();
  });

  it("evicts the least recently used entry once the byte bound is reached, and counts the eviction", async () => {
    const cache = memoryCache({ maxBytes: 64 * 1024 });
    const blob = "x".repeat(20 * 1024); // 20 KiB + 2 quote bytes per entry: three fit, four do not
    await cache.set("blobs", "a", blob);
    await cache.set("blobs", "b", blob);
    await cache.set("blobs", "c", blob);
    expect(await cache.get("blobs", "a")).toBe(blob); // a is now more recent than b
    await cache.set("blobs", "d", blob);
    expect(await cache.get("blobs", "b")).toBeUndefined();
    expect(await cache.get("blobs", "a")).toBe(blob);
    expect(await cache.get("blobs", "d")).toBe(blob);
    const stats = await cache.stats();
    expect(stats.l1.namespaces.blobs).toMatchObject({ evictions: 1, entries: 3, bytes: 3 * (20 * 1024 + 2) });
    expect(stats.l1.bytes).toBeLessThanOrEqual(64 * 1024);
  });

  it("does not store a value larger than the whole byte bound", async () => {
    const cache = memoryCache({ maxBytes: 64 * 1024 });
    await cache.set("blobs", "huge", "y".repeat(70 * 1024));
    expect(await cache.get("blobs", "huge")).toBeUndefined();
    expect((await cache.stats()).l1.entries).toBe(0);
  });

  it("runs one loader per key however many callers ask at once; later callers hit", async () => {
    const cache = memoryCache();
    let calls = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loader = async () => {
      calls++;
      await gate;
      return { id: "job-1", calls };
    };
    const waiting = Array.from({ length: 50 }, () => cache.getOrLoad("jobs", "job-1", loader));
    release();
    const values = await Promise.all(waiting);
    expect(calls).toBe(1);
    expect(new Set(values.map((v) => JSON.stringify(v)))).toEqual(new Set([JSON.stringify({ id: "job-1", calls: 1 })]));
    expect(await cache.getOrLoad("jobs", "job-1", loader)).toEqual({ id: "job-1", calls: 1 });
    const stats = await cache.stats();
    expect(stats).toMatchObject({ loads: 1, coalesced: 49 });
    expect(stats.l1.namespaces.jobs).toMatchObject({ hits: 1, misses: 50, entries: 1 });
  });

  it("a loader error reaches every waiting caller, nothing is stored, and the next call loads again", async () => {
    const cache = memoryCache();
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error("database down");
    };
    const results = await Promise.allSettled([cache.getOrLoad("jobs", "k", failing), cache.getOrLoad("jobs", "k", failing)]);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(calls).toBe(1);
    expect(await cache.getOrLoad("jobs", "k", async () => "ok")).toBe("ok");
  });

  it("cacheIf keeps a loaded value out of the cache", async () => {
    const cache = memoryCache();
    await cache.getOrLoad("http", "k", async () => ({ status: 500 }), { cacheIf: (v) => v.status === 200 });
    expect(await cache.get("http", "k")).toBeUndefined();
  });

  it("a load that started before a clear does not store its older result", async () => {
    const cache = memoryCache();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loading = cache.getOrLoad("jobs", "k", async () => (await gate, "old"));
    await cache.clear({ scope: "namespace", namespace: "jobs" });
    release();
    expect(await loading).toBe("old");
    expect(await cache.get("jobs", "k")).toBeUndefined();
  });

  it("stores a copy: changing the object after set() does not change the cache", async () => {
    const cache = memoryCache();
    const value = { status: "printing" };
    await cache.set("jobs", "k", value);
    value.status = "failed";
    expect(await cache.get("jobs", "k")).toEqual({ status: "printing" });
  });

  it("refuses values JSON cannot carry and namespaces that could break key patterns", async () => {
    const cache = memoryCache();
    await expect(cache.set("jobs", "k", undefined)).rejects.toThrow(/JSON-serializable/);
    await expect(cache.set("jobs:*", "k", 1)).rejects.toThrow();
  });

  it("clears one key, one namespace or everything, and reports stats per namespace", async () => {
    const cache = memoryCache();
    await cache.set("a", "1", "one");
    await cache.set("a", "2", "two");
    await cache.set("b", "1", "uno");
    await cache.clear({ scope: "key", namespace: "a", key: "1" });
    expect([await cache.get("a", "1"), await cache.get("a", "2"), await cache.get("b", "1")]).toEqual([undefined, "two", "uno"]);
    await cache.clear({ scope: "namespace", namespace: "a" });
    expect([await cache.get("a", "2"), await cache.get("b", "1")]).toEqual([undefined, "uno"]);
    await cache.clear({ scope: "all" });
    expect(await cache.get("b", "1")).toBeUndefined();

    const stats = await cache.stats();
    expect(stats.l1.namespaces.a).toEqual({ hits: 1, misses: 2, hitRate: 1 / 3, evictions: 0, entries: 0, bytes: 0 });
    expect(stats.l1.namespaces.b).toMatchObject({ hits: 2, misses: 1, hitRate: 2 / 3 });
    expect(stats.l1).toMatchObject({ enabled: true, hits: 3, misses: 3, hitRate: 0.5 });
    expect(stats.l2).toMatchObject({ enabled: false, entries: 0 });
  });
});
