import { describe, expect, it } from "vitest";
import { accountIdentity, ipIdentity } from "@/lib/ratelimit/identity";
import { MemoryStore } from "@/lib/ratelimit/stores/memory";
import { memoryHarness, policy, request, slidingWindow, tokenBucket } from "./support";

const window = slidingWindow(5, 1_000);

describe("memory store", () => {
  it("drops expired entries in its periodic sweep", async () => {
    const store = new MemoryStore();
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 50; i++) await store.consume(`k:${i}`, window, t0);
    expect(store.size).toBe(50);
    await store.consume("late", window, t0 + 61_000); // two windows have passed, and a sweep is due
    expect(store.size).toBe(1);
  });

  it("never holds more than maxEntries, evicting the least recently written", async () => {
    const store = new MemoryStore({ maxEntries: 100 });
    const t0 = 1_800_000_000_000;
    for (let i = 0; i < 150; i++) await store.consume(`k:${i}`, window, t0);
    await store.consume("k:0", window, t0); // written again: now the most recent
    expect(store.size).toBe(100);
    expect((await store.peek("k:0", window, t0)).remaining).toBe(5 - 1); // its old count was evicted, then counted afresh
    expect((await store.peek("k:149", window, t0)).remaining).toBe(4);
    expect((await store.peek("k:10", window, t0)).remaining).toBe(5); // evicted: as if never seen
    expect((await store.peek("k:50", window, t0)).remaining).toBe(5); // evicted to make room for k:0
  });

  it("starts afresh when a key's algorithm changes (a policy reconfigured)", async () => {
    const store = new MemoryStore();
    const t0 = 1_800_000_000_000;
    await store.consume("k", window, t0);
    expect(await store.consume("k", tokenBucket(3, 1, 1_000), t0)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe("identities", () => {
  it("counts IPv6 clients per /64 and IPv4 clients per address", () => {
    expect(ipIdentity("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(ipIdentity("2001:db8:1:2::9")).toBe("2001:db8:1:2::/64");
    expect(ipIdentity("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(ipIdentity("::1")).toBe("0:0:0:0::/64");
    expect(ipIdentity("64:ff9b::1.2.3.4")).toBe("64:ff9b:0:0::/64");
    expect(ipIdentity("203.0.113.9")).toBe("203.0.113.9");
  });

  it("two addresses in one /64 share a per-IP limit", async () => {
    const limiter = memoryHarness().limiter([policy("per-ip", "ip", slidingWindow(1, 60_000))]);
    expect(await limiter.check(request("2001:db8:1:2::1"))).toMatchObject({ allowed: true });
    expect(await limiter.check(request("2001:db8:1:2:ffff::7"))).toMatchObject({ allowed: false, identity: "ip:2001:db8:1:2::/64" });
    expect(await limiter.check(request("2001:db8:1:3::1"))).toMatchObject({ allowed: true });
  });

  it("normalizes accounts as sign-in compares them and bounds oversized identities", () => {
    expect(accountIdentity("  Ada@Example.COM ")).toBe("ada@example.com");
    expect(accountIdentity("   ")).toBeNull();
    expect(accountIdentity(undefined)).toBeNull();
    expect(accountIdentity(`${"a".repeat(10_000)}@example.com`)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
