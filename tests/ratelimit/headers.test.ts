import { describe, expect, it } from "vitest";
import { rateLimitHeaders } from "@/lib/ratelimit/headers";
import { memoryHarness, policy, request, slidingWindow, tokenBucket } from "./support";

const MINUTE = 60_000;
const perIp = policy("per-ip", "ip", slidingWindow(300, MINUTE), { penalize: true });
const burst = policy("per-ip-burst", "ip", tokenBucket(60, 1, 100));
const global = policy("global", "global", slidingWindow(2, MINUTE), { advertise: false });

// draft-ietf-httpapi-ratelimit-headers-11: an sf-list of one item, a String naming the policy, with Integer parameters.
const POLICY_FIELD = /^"[a-z0-9-]+";q=\d+;w=[1-9]\d*$/;
const LIMIT_FIELD = /^"[a-z0-9-]+";r=\d+;t=\d+$/;

describe("RateLimit headers (draft-ietf-httpapi-ratelimit-headers-11)", () => {
  it("describe the policy on an allowed request: quota and window, remaining and seconds to reset", async () => {
    const h = memoryHarness();
    await h.at(MINUTE, 20_000, 1);
    const headers = rateLimitHeaders(await h.limiter([perIp]).check(request("203.0.113.1")));
    expect(headers).toEqual({ "RateLimit-Policy": '"per-ip";q=300;w=60', RateLimit: '"per-ip";r=299;t=40' });
    expect(headers["RateLimit-Policy"]).toMatch(POLICY_FIELD);
    expect(headers.RateLimit).toMatch(LIMIT_FIELD);
  });

  it("name the most restrictive policy: the one with the fewest requests left (a bucket's w is its time to refill)", async () => {
    const h = memoryHarness();
    const headers = rateLimitHeaders(await h.limiter([perIp, burst]).check(request("203.0.113.2")));
    expect(headers).toEqual({ "RateLimit-Policy": '"per-ip-burst";q=60;w=6', RateLimit: '"per-ip-burst";r=59;t=1' });
  });

  it("add Retry-After on a refusal, with t equal to it and nothing left", async () => {
    const h = memoryHarness();
    await h.at(MINUTE, 15_000, 1);
    const limiter = h.limiter([policy("tight", "ip", slidingWindow(1, MINUTE))]);
    await limiter.check(request("203.0.113.3"));
    const headers = rateLimitHeaders(await limiter.check(request("203.0.113.3")));
    expect(headers).toEqual({ "RateLimit-Policy": '"tight";q=1;w=60', RateLimit: '"tight";r=0;t=45', "Retry-After": "45" });
  });

  it("give a penalty's remaining block as t and Retry-After", async () => {
    const h = memoryHarness();
    await h.at(MINUTE, 0, 1);
    const limiter = h.limiter([policy("tight", "ip", slidingWindow(1, 60 * MINUTE), { penalize: true })]);
    await limiter.check(request("203.0.113.4"));
    await limiter.check(request("203.0.113.4")); // violation: blocked for a minute
    await h.elapse(10_000);
    const decision = await limiter.check(request("203.0.113.4"));
    expect(decision.reason).toBe("penalty");
    expect(rateLimitHeaders(decision)).toEqual({ "RateLimit-Policy": '"tight";q=1;w=3600', RateLimit: '"tight";r=0;t=50', "Retry-After": "50" });
  });

  it("never advertise the global policy; a refusal by it alone gets only Retry-After", async () => {
    const h = memoryHarness();
    const limiter = h.limiter([perIp, global]);
    const first = rateLimitHeaders(await limiter.check(request("203.0.113.5")));
    expect(first.RateLimit).toMatch(/^"per-ip";/);
    await limiter.check(request("203.0.113.6"));
    const refused = await limiter.check(request("203.0.113.7"));
    expect(refused).toMatchObject({ allowed: false, policy: "global" });
    expect(rateLimitHeaders(refused)).toEqual({ "Retry-After": expect.stringMatching(/^\d+$/) });
    expect(rateLimitHeaders(await memoryHarness().limiter([global]).check(request("203.0.113.8")))).toEqual({});
  });

  it("in monitor mode report the would-be refusal but no Retry-After (the request is served)", async () => {
    const h = memoryHarness();
    const limiter = h.limiter([policy("tight", "ip", slidingWindow(1, MINUTE))], { mode: "monitor" });
    await limiter.check(request("203.0.113.9"));
    const headers = rateLimitHeaders(await limiter.check(request("203.0.113.9")));
    expect(headers.RateLimit).toMatch(/^"tight";r=0;t=\d+$/);
    expect(headers["Retry-After"]).toBeUndefined();
  });

  it("say nothing when the limiter is off or the store failed open; only Retry-After when it failed closed", async () => {
    const h = memoryHarness();
    const hanging = { ...h.store, consume: () => new Promise<never>(() => undefined) };
    expect(rateLimitHeaders(await h.limiter([perIp], { mode: "off" }).check(request("203.0.113.10")))).toEqual({});
    expect(rateLimitHeaders(await h.limiter([perIp], { store: hanging, storeTimeoutMs: 5 }).check(request("203.0.113.10")))).toEqual({});
    expect(rateLimitHeaders(await h.limiter([perIp], { store: hanging, storeTimeoutMs: 5, failMode: "closed" }).check(request("203.0.113.10")))).toEqual({ "Retry-After": "1" });
  });
});
