import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter, ConcurrencyLimitError } from "@/lib/monitoring/concurrency";
import { isShedExempt, shedDecision } from "@/lib/monitoring/shed";

describe("load shedding decision", () => {
  const limits = { maxInFlight: 10, maxRssBytes: 1_000, retryAfterSeconds: 7 };
  it("sheds past the in-flight limit, then past the memory limit, otherwise not", () => {
    expect(shedDecision({ inFlight: 10, rssBytes: 1_000 }, limits)).toEqual({ shed: false });
    expect(shedDecision({ inFlight: 11, rssBytes: 0 }, limits)).toMatchObject({ shed: true, reason: "in-flight", retryAfterSeconds: 7, limit: 10 });
    expect(shedDecision({ inFlight: 1, rssBytes: 1_001 }, limits)).toMatchObject({ shed: true, reason: "memory", limit: 1_000 });
  });
  it("a null limit is no limit", () => {
    expect(shedDecision({ inFlight: 1e9, rssBytes: 1e12 }, { maxInFlight: null, maxRssBytes: null, retryAfterSeconds: 1 })).toEqual({ shed: false });
  });
  it("never sheds liveness or sign-in", () => {
    expect(["/api/health", "/login", "/api/auth/callback/credentials"].every(isShedExempt)).toBe(true);
    expect(["/api/ready", "/dashboard", "/api/me"].some(isShedExempt)).toBe(false);
  });
});

describe("concurrency limiter", () => {
  it("lets `limit` holders in, queues the rest in order, and `using` releases at block end", async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: string[] = [];
    // Each job holds its permit until the test opens its gate: the order is the test's, not the clock's.
    const gates = new Map<string, () => void>();
    const work = async (name: string) => {
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held for its scope
      using _permit = await limiter.acquire();
      order.push(`start ${name}`);
      await new Promise<void>((open) => gates.set(name, open));
      order.push(`end ${name}`);
    };
    const settle = () => new Promise((r) => setImmediate(r));
    const jobs = [work("a"), work("b"), work("c")];
    await settle();
    expect(order).toEqual(["start a", "start b"]);
    expect(limiter.inUse).toBe(2);
    gates.get("b")!();
    await settle();
    expect(order).toEqual(["start a", "start b", "end b", "start c"]);
    gates.get("c")!();
    await settle();
    gates.get("a")!();
    await Promise.all(jobs);
    expect(order).toEqual(["start a", "start b", "end b", "start c", "end c", "end a"]);
    expect(limiter.inUse).toBe(0);
  });

  it("releases on throw, and a double release counts once", async () => {
    const limiter = new ConcurrencyLimiter(1);
    await expect(
      (async () => {
        // eslint-disable-next-line @typescript-eslint/no-unused-vars -- held for its scope
        using _permit = await limiter.acquire();
        throw new Error("boom");
      })(),
    ).rejects.toThrow("boom");
    expect(limiter.inUse).toBe(0);
    const permit = limiter.tryAcquire()!;
    permit.release();
    permit.release();
    expect(limiter.inUse).toBe(0);
    expect(limiter.tryAcquire()).not.toBeNull();
    expect(limiter.tryAcquire()).toBeNull();
  });

  it("a waiter gives up after the timeout, and a full queue refuses at once", async () => {
    const limiter = new ConcurrencyLimiter(1, { timeoutMs: 20, maxQueue: 1 });
    const held = await limiter.acquire();
    const waiting = limiter.acquire();
    await expect(limiter.acquire()).rejects.toBeInstanceOf(ConcurrencyLimitError);
    await expect(waiting).rejects.toThrow(/within 20 ms/);
    expect(limiter.queued).toBe(0);
    held.release();
    expect(limiter.inUse).toBe(0);
  });
});
