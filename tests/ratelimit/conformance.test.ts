// One behavioural suite, two backends: the in-process store and Redis through @upstash/ratelimit
// (self-hosted, via the ioredis adapter). Whatever the memory backend answers, Redis must answer too.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Awaitable } from "@/lib/awaitable";
import { DEFAULT_POLICIES } from "@/lib/ratelimit/policies";
import type { PenaltyState, RateLimitDecision, RateLimitStore } from "@/lib/ratelimit/types";
import { describeWithService, redisAvailable } from "../support/services";
import { memoryHarness, policy, redisBackend, request, slidingWindow, tokenBucket, type Harness } from "./support";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

async function times(n: number, run: () => Awaitable<RateLimitDecision>): Promise<RateLimitDecision[]> {
  const out: RateLimitDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}
const allowedCount = (ds: RateLimitDecision[]) => ds.filter((d) => d.allowed).length;

/** A store whose every call hangs, or fails at once, or fails only after `afterMs`. */
function broken(store: RateLimitStore, how: "hang" | "throw" | { rejectAfterMs: number }): RateLimitStore {
  const fail = (): Promise<never> => {
    if (how === "hang") return new Promise<never>(() => undefined);
    if (how === "throw") return Promise.reject(new Error("connection refused"));
    return new Promise<never>((_, reject) => setTimeout(() => reject(new Error("late failure")), how.rejectAfterMs));
  };
  return { kind: store.kind, consume: fail, peek: fail, penalties: fail, recordViolation: fail, close: () => store.close() };
}

function conformance(makeHarness: () => Harness) {
  let h: Harness;
  beforeEach(() => {
    h = makeHarness();
  });

  describe("sliding window", () => {
    it("admits exactly `limit` requests in a window, refuses the next, and weighs the previous window at the boundary", async () => {
      // Offsets are chosen with slack (>= 150 ms) before the weighted count would change, since on
      // Redis real time passes while the requests are made.
      const limiter = h.limiter([policy("per-ip", "ip", slidingWindow(5, SECOND))]);
      const hit = () => limiter.check(request("203.0.113.1"));

      await h.at(SECOND, 10, 1);
      const first = await times(6, hit);
      expect(first.slice(0, 5).map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
      expect(first[5]).toMatchObject({ allowed: false, reason: "limited", policy: "per-ip", remaining: 0 });
      expect(first[5]!.retryAfterMs).toBeGreaterThan(0);
      expect(first[5]!.retryAfterMs).toBeLessThanOrEqual(SECOND);

      // 5% into the next window, 95% of the previous one still counts: floor(4.75) = 4, so one passes.
      await h.at(SECOND, 50, 1);
      expect(allowedCount(await times(3, hit))).toBe(1);

      // 45% in: floor(0.55 * 5) = 2 from before, plus the 1 just counted: 2 more pass.
      await h.at(SECOND, 450);
      expect(allowedCount(await times(5, hit))).toBe(2);
    });

    it("forgets everything after two quiet windows", async () => {
      const window = 500;
      const limiter = h.limiter([policy("per-ip", "ip", slidingWindow(3, window))]);
      await h.at(window, 10, 1);
      expect(allowedCount(await times(4, () => limiter.check(request("203.0.113.2"))))).toBe(3);
      await h.at(window, 10, 2);
      expect(allowedCount(await times(4, () => limiter.check(request("203.0.113.2"))))).toBe(3);
    });
  });

  describe("token bucket", () => {
    it("lets a full burst through, then refills whole intervals, never above capacity", async () => {
      const limiter = h.limiter([policy("burst", "ip", tokenBucket(4, 2, 200))]);
      const hit = () => limiter.check(request("203.0.113.3"));

      const burst = await times(5, hit);
      expect(burst.map((d) => d.allowed)).toEqual([true, true, true, true, false]);
      expect(burst.slice(0, 4).map((d) => d.remaining)).toEqual([3, 2, 1, 0]);
      expect(burst[4]!.retryAfterMs).toBeGreaterThan(0);
      expect(burst[4]!.retryAfterMs).toBeLessThanOrEqual(200);

      await h.elapse(220); // one interval: 2 tokens
      expect((await times(3, hit)).map((d) => d.allowed)).toEqual([true, true, false]);

      await h.elapse(700); // three more intervals would be 6 tokens; the bucket holds 4
      expect(allowedCount(await times(6, hit))).toBe(4);
    });
  });

  describe("several policies", () => {
    const perIp = policy("per-ip", "ip", slidingWindow(2, MINUTE));
    const perUser = policy("per-user", "user", slidingWindow(3, MINUTE));
    const global = policy("global", "global", slidingWindow(100, MINUTE), { advertise: false });

    it("counts each identity separately and lets the most restrictive refusal decide", async () => {
      await h.settle(MINUTE, 10 * SECOND);
      const limiter = h.limiter([perIp, perUser, global]);
      const [a1, a2, a3] = await times(3, () => limiter.check(request("198.51.100.1", { user: "u1" })));
      expect(a1).toMatchObject({ allowed: true, policy: "per-ip", remaining: 1 });
      expect(a2).toMatchObject({ allowed: true, policy: "per-ip", remaining: 0 });
      expect(a3).toMatchObject({ allowed: false, reason: "limited", policy: "per-ip", violatedPolicies: ["per-ip"] });

      // Another address, same user: per-user has counted all three requests (each policy counts a request once).
      expect(await limiter.check(request("198.51.100.2", { user: "u1" }))).toMatchObject({ allowed: false, violatedPolicies: ["per-user"] });
      // Another user on a fresh address is untouched by both.
      expect(await limiter.check(request("198.51.100.3", { user: "u2" }))).toMatchObject({ allowed: true });
      // The global budget was spent only by the requests the per-client policies let through (3 of 5).
      const usage = await limiter.peek(request("198.51.100.9"));
      expect(usage.find((d) => d.policy === "global")).toMatchObject({ remaining: 97 });
    });

    it("checks issued together (one batch of a turn, pipelined on Redis) are each counted once, exactly", async () => {
      await h.settle(MINUTE, 10 * SECOND);
      const limiter = h.limiter([perIp, perUser, global]);
      // 12 requests at once from 4 addresses, all as user u9: per-ip lets 2 of each address's 3
      // through (8), per-user's 3 are the first 3 counted; only those reach the global policy.
      const decisions = await Promise.all(
        Array.from({ length: 12 }, (_, i) => limiter.check(request(`198.51.100.${20 + (i % 4)}`, { user: "u9" }))),
      );
      expect(allowedCount(decisions)).toBe(3);
      expect(decisions.filter((d) => !d.allowed && d.violatedPolicies?.includes("per-ip"))).toHaveLength(4);
      const usage = await limiter.peek(request("198.51.100.20", { user: "u9" }));
      expect(usage.map((d) => [d.policy, d.remaining])).toEqual([
        ["per-ip", 0],
        ["per-user", 0],
        ["global", 97],
      ]);
    });

    it("peek reports what check counted, without counting", async () => {
      await h.settle(MINUTE, 10 * SECOND);
      const limiter = h.limiter([perIp, perUser]);
      await limiter.check(request("198.51.100.4", { user: "u3" }));
      const read = () => limiter.peek(request("198.51.100.4", { user: "u3" }));
      const usage = await read();
      expect(usage.map((d) => [d.policy, d.identity, d.remaining, d.limit])).toEqual([
        ["per-ip", "ip:198.51.100.4", 1, 2],
        ["per-user", "user:u3", 2, 3],
      ]);
      expect(await read()).toEqual(usage.map((d) => ({ ...d, resetMs: expect.any(Number) })));
    });

    it("enforces the sign-in and MFA defaults: 5 per 15 min per account (any address, any case) and per IP", async () => {
      await h.settle(15 * MINUTE, 10 * SECOND);
      const limiter = h.limiter([...DEFAULT_POLICIES]);
      const signIn = (ip: string, account: string) => limiter.check(request(ip, { method: "POST", path: "/api/auth/callback/credentials", account }));

      const byAccount = [];
      for (let i = 1; i <= 6; i++) byAccount.push(await signIn(`192.0.2.${i}`, i % 2 ? "Ada@Example.com" : " ada@example.com"));
      expect(byAccount.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
      expect(byAccount[5]).toMatchObject({ policy: "signin-account", identity: "account:ada@example.com", violatedPolicies: ["signin-account"] });

      const byIp = [];
      for (let i = 1; i <= 6; i++) byIp.push(await signIn("192.0.2.100", `user${i}@example.com`));
      expect(byIp.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
      expect(byIp[5]).toMatchObject({ policy: "signin-ip", violatedPolicies: ["signin-ip"] });

      // MFA verification: the account is the :userId in the path.
      const verify = (ip: string) => limiter.check(request(ip, { method: "POST", path: "/api/security-performance/security/mfa/verify/user-7" }));
      const mfa = [];
      for (let i = 1; i <= 6; i++) mfa.push(await verify(`192.0.2.${20 + i}`));
      expect(mfa.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
      expect(mfa[5]).toMatchObject({ policy: "mfa-verify-account", identity: "account:user-7" });

      // Other routes are not held to the strict limits.
      expect(await limiter.check(request("192.0.2.100"))).toMatchObject({ allowed: true });
    });
  });

  describe("progressive penalties", () => {
    // One request a day: the window stays closed throughout, so every further attempt is a violation.
    const strict = policy("strict", "ip", slidingWindow(1, DAY), { penalize: true });
    const counter = policy("counter", "ip", slidingWindow(1_000, DAY));
    const penaltyState = (store: RateLimitStore): Awaitable<PenaltyState[]> => store.penalties(["strict:203.0.113.50"], h.now());

    it("blocks 1 min, doubling to a 1 h cap; refuses with reason penalty before counting; forgets after a quiet hour", async () => {
      await h.settle(DAY, 12 * HOUR);
      const limiter = h.limiter([strict, counter]);
      const hit = () => limiter.check(request("203.0.113.50"));
      expect(await hit()).toMatchObject({ allowed: true });

      const blocks: number[] = [];
      for (let strike = 1; strike <= 8; strike++) {
        const violation = await hit();
        expect(violation).toMatchObject({ allowed: false, reason: "limited", policy: "strict" });
        const penalty = violation.policies.find((d) => d.policy === "strict")!.penalty!;
        expect(penalty.strikes).toBe(strike);
        blocks.push(penalty.blockedForMs / MINUTE);

        const refused = await hit();
        expect(refused).toMatchObject({ allowed: false, reason: "penalty", policy: "strict", violatedPolicies: ["strict"] });
        expect(refused.retryAfterMs).toBeGreaterThan(penalty.blockedForMs - SECOND);
        expect(refused.retryAfterMs).toBeLessThanOrEqual(penalty.blockedForMs);
        h.jump(penalty.blockedForMs);
      }
      expect(blocks).toEqual([1, 2, 4, 8, 16, 32, 60, 60]);
      // Refused requests were not counted by the other policy either: only the 9 that reached counting were.
      expect((await limiter.peek(request("203.0.113.50"))).find((d) => d.policy === "counter")!.remaining).toBe(1_000 - 9);
      expect((await penaltyState(h.store))[0]).toMatchObject({ strikes: 8 });

      // Quiet for just under an hour after the block: still remembered, still capped. (A second
      // short, not a millisecond: on Redis real time also passes between these lines.)
      h.jump(HOUR - SECOND);
      expect((await hit()).policies[0]!.penalty).toMatchObject({ strikes: 9, blockedForMs: HOUR });
      // Quiet for a full hour after that block: forgotten, back to one minute.
      h.jump(2 * HOUR);
      expect((await hit()).policies[0]!.penalty).toMatchObject({ strikes: 1, blockedForMs: MINUTE });
    });

    it("a violation recorded while already blocked does not escalate (two refusals at once)", async () => {
      const rule = { enabled: true, baseMs: MINUTE, maxMs: HOUR, quietMs: HOUR };
      const now = h.now();
      const [a, b] = await Promise.all([h.store.recordViolation("strict:x", rule, now), h.store.recordViolation("strict:x", rule, now)]);
      expect([a, b]).toEqual([
        { strikes: 1, blockedUntil: now + MINUTE },
        { strikes: 1, blockedUntil: now + MINUTE },
      ]);
      expect(await h.store.penalties(["strict:x", "strict:nobody"], now)).toEqual([
        { strikes: 1, blockedUntil: now + MINUTE },
        { strikes: 0, blockedUntil: 0 },
      ]);
    });

    it("policies without penalize never block an identity", async () => {
      await h.settle(DAY, HOUR);
      const limiter = h.limiter([counter, policy("soft", "ip", slidingWindow(1, DAY))]);
      const decisions = await times(4, () => limiter.check(request("203.0.113.51")));
      expect(decisions.map((d) => d.reason)).toEqual(["ok", "limited", "limited", "limited"]);
      expect(decisions[1]!.policies.find((d) => d.policy === "soft")!.penalty).toBeUndefined();
    });
  });

  describe("modes", () => {
    const one = policy("per-ip", "ip", slidingWindow(1, MINUTE), { penalize: true });

    it("monitor: computes and reports the decision but lets the request through", async () => {
      await h.settle(MINUTE, 10 * SECOND);
      const limiter = h.limiter([one], { mode: "monitor" });
      const [first, second, third] = await times(3, () => limiter.check(request("203.0.113.60")));
      expect(first).toMatchObject({ allowed: true, wouldBlock: false, reason: "ok", mode: "monitor" });
      expect(second).toMatchObject({ allowed: true, wouldBlock: true, reason: "limited", policy: "per-ip", mode: "monitor" });
      // Same path as enforce: the violation started a penalty, which monitor also reports.
      expect(third).toMatchObject({ allowed: true, wouldBlock: true, reason: "penalty" });
    });

    it("off: nothing is counted", async () => {
      await h.settle(MINUTE, 10 * SECOND);
      const off = h.limiter([one], { mode: "off" });
      const decisions = await times(5, () => off.check(request("203.0.113.61")));
      expect(decisions.every((d) => d.allowed && d.reason === "disabled" && d.policies.length === 0)).toBe(true);
      const enforce = h.limiter([one]);
      expect(await enforce.peek(request("203.0.113.61"))).toMatchObject([{ remaining: 1 }]);
      expect(await enforce.check(request("203.0.113.61"))).toMatchObject({ allowed: true, reason: "ok" });
    });
  });

  describe("a failing store", () => {
    const one = policy("per-ip", "ip", slidingWindow(1, MINUTE), { penalize: true });
    const timed = async (run: () => Awaitable<RateLimitDecision>) => {
      const started = performance.now();
      const decision = await run();
      return { decision, ms: performance.now() - started };
    };

    it("fail-open (the default): a hanging store is answered within the timeout, allowed, reason timeout", async () => {
      const limiter = h.limiter([one], { store: broken(h.store, "hang"), storeTimeoutMs: 30 });
      const { decision, ms } = await timed(() => limiter.check(request("203.0.113.70")));
      expect(decision).toMatchObject({ allowed: true, wouldBlock: false, reason: "timeout", policy: null });
      expect(decision.error).toContain("30 ms");
      expect(ms).toBeLessThan(30 + 250); // generous for a loaded machine: the point is that it does not hang
    });

    it("fail-closed: a hanging store is refused within the timeout, reason timeout, with a Retry-After", async () => {
      const limiter = h.limiter([one], { store: broken(h.store, "hang"), storeTimeoutMs: 30, failMode: "closed" });
      const { decision, ms } = await timed(() => limiter.check(request("203.0.113.71")));
      expect(decision).toMatchObject({ allowed: false, wouldBlock: true, reason: "timeout", retryAfterMs: 1_000 });
      expect(ms).toBeLessThan(30 + 250);
    });

    it("a store error is reason error: allowed when failing open, refused when failing closed", async () => {
      const open = h.limiter([one], { store: broken(h.store, "throw") });
      const closed = h.limiter([one], { store: broken(h.store, "throw"), failMode: "closed" });
      expect(await open.check(request("203.0.113.72"))).toMatchObject({ allowed: true, reason: "error", error: "connection refused" });
      expect(await closed.check(request("203.0.113.72"))).toMatchObject({ allowed: false, reason: "error" });
    });

    it("a store that fails after the timeout raises no unhandled rejection", async () => {
      const unhandled: unknown[] = [];
      const listener = (reason: unknown) => unhandled.push(reason);
      process.on("unhandledRejection", listener);
      try {
        const limiter = h.limiter([one], { store: broken(h.store, { rejectAfterMs: 40 }), storeTimeoutMs: 10 });
        expect(await limiter.check(request("203.0.113.73"))).toMatchObject({ reason: "timeout" });
        await new Promise((resolve) => setTimeout(resolve, 80));
        expect(unhandled).toEqual([]);
      } finally {
        process.off("unhandledRejection", listener);
      }
    });

    it("peek rejects rather than guessing", async () => {
      const limiter = h.limiter([one], { store: broken(h.store, "hang"), storeTimeoutMs: 20 });
      await expect(limiter.peek(request("203.0.113.74"))).rejects.toThrow("did not answer within 20 ms");
    });
  });
}

describe("rate limiter conformance: memory backend", () => conformance(memoryHarness));

const redis = redisBackend();
describeWithService("redis", await redisAvailable())("rate limiter conformance: Redis backend (@upstash/ratelimit over ioredis)", () => {
  beforeAll(() => void redis.connect());
  afterAll(() => redis.cleanup());
  conformance(() => redis.harness());
});
