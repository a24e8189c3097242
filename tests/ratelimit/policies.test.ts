import { describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "@/lib/config";
import { DEFAULT_PENALTY, DEFAULT_POLICIES, resolvePolicies } from "@/lib/ratelimit/policies";
import { matchRoute, parseRoutePattern } from "@/lib/ratelimit/route-pattern";

function errorOf(overrides: Record<string, unknown>): string {
  try {
    resolvePolicies(overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("policy table", () => {
  it("has the documented defaults", () => {
    const summary = Object.fromEntries(DEFAULT_POLICIES.map((p) => [p.name, [p.scope, p.algorithm, p.routes ?? "all", p.penalize]]));
    expect(summary).toEqual({
      global: ["global", { kind: "token-bucket", capacity: 5000, refillRate: 500, intervalMs: 100 }, "all", false],
      "per-ip": ["ip", { kind: "sliding-window", limit: 300, windowMs: 60_000 }, "all", true],
      "per-ip-burst": ["ip", { kind: "token-bucket", capacity: 60, refillRate: 1, intervalMs: 100 }, "all", false],
      "per-user": ["user", { kind: "sliding-window", limit: 600, windowMs: 60_000 }, "all", true],
      "signin-ip": ["ip", { kind: "sliding-window", limit: 5, windowMs: 900_000 }, ["POST /api/auth/callback/credentials"], true],
      "signin-account": ["account", { kind: "sliding-window", limit: 5, windowMs: 900_000 }, ["POST /api/auth/callback/credentials"], true],
      "mfa-verify-ip": ["ip", { kind: "sliding-window", limit: 5, windowMs: 900_000 }, ["POST /api/security-performance/security/mfa/verify/:userId", "POST /api/security-performance/security/mfa/backup-codes/:userId", "POST /api/security-performance/security/mfa/disable/:userId"], true],
      "mfa-verify-account": ["account", { kind: "sliding-window", limit: 5, windowMs: 900_000 }, ["POST /api/security-performance/security/mfa/verify/:userId", "POST /api/security-performance/security/mfa/backup-codes/:userId", "POST /api/security-performance/security/mfa/disable/:userId"], true],
    });
    expect(DEFAULT_POLICIES.find((p) => p.name === "global")!.advertise).toBe(false);
    expect(DEFAULT_PENALTY).toEqual({ enabled: true, baseMs: 60_000, maxMs: 3_600_000, quietMs: 3_600_000 });
    expect(resolvePolicies({})).toEqual({ policies: DEFAULT_POLICIES, penalty: DEFAULT_PENALTY });
  });

  it("merges overrides by policy name, leaving the rest of each policy as it was", () => {
    const { policies, penalty } = resolvePolicies({
      "per-ip": { limit: 1000, window: "2m" },
      global: { enabled: false },
      "per-ip-burst": { capacity: 120, refill: 20, interval: "1s", penalize: true },
      penalty: { base: "30s", max: "10m" },
    });
    const byName = Object.fromEntries(policies.map((p) => [p.name, p]));
    expect(byName["per-ip"]).toMatchObject({ scope: "ip", penalize: true, algorithm: { kind: "sliding-window", limit: 1000, windowMs: 120_000 } });
    expect(byName.global).toMatchObject({ enabled: false, algorithm: { capacity: 5000 } });
    expect(byName["per-ip-burst"]).toMatchObject({ penalize: true, algorithm: { capacity: 120, refillRate: 20, intervalMs: 1000 } });
    expect(byName["signin-ip"]).toEqual(DEFAULT_POLICIES.find((p) => p.name === "signin-ip"));
    expect(penalty).toEqual({ enabled: true, baseMs: 30_000, maxMs: 600_000, quietMs: 3_600_000 });
  });

  it.each([
    [{ "per-ipp": { limit: 1 } }, 'unknown policy "per-ipp" (known: global, per-ip, per-ip-burst, per-user, signin-ip, signin-account, mfa-verify-ip, mfa-verify-account, penalty)'],
    [{ "per-ip": { limt: 10 } }, 'per-ip: unknown setting "limt"'],
    [{ "per-ip": { capacity: 10 } }, 'per-ip: unknown setting "capacity"'],
    [{ "per-ip": 300 }, "per-ip must be an object of settings"],
    [{ "per-ip": { limit: 0 } }, "per-ip.limit must be at least 1"],
    [{ "per-ip": { limit: 2.5 } }, "per-ip.limit must be a whole number"],
    [{ "per-ip": { window: "fortnight" } }, 'per-ip.window must be a duration such as "500ms", "30s", "15m" or "1h"'],
    [{ "per-ip": { window: "10ms" } }, "per-ip.window must be between 1000 ms and 86400000 ms"],
    [{ global: { enabled: "no" } }, "global.enabled must be true or false"],
    [{ penalty: { base: "2h", max: "1h" } }, "penalty.base must not exceed penalty.max"],
  ])("a bad override is a one-line ConfigError naming policy and setting: %o", (overrides, detail) => {
    const message = errorOf(overrides);
    expect(message).toBe(`Invalid configuration: RATE_LIMIT_POLICIES ${detail}`);
    expect(message).not.toContain("\n");
  });

  it("reads RATE_LIMIT_POLICIES as configured", () => {
    const config = buildConfig({ DATA_DIR: "/tmp/printguard-policies-test", AUTH_SECRET: "x".repeat(32), MFA_ENCRYPTION_KEY: Buffer.alloc(32).toString("base64"), RATE_LIMIT_POLICIES: '{"signin-ip":{"limit":20}}' });
    const { policies } = resolvePolicies(config.guard.rateLimit.policyOverrides);
    expect(policies.find((p) => p.name === "signin-ip")!.algorithm).toMatchObject({ limit: 20, windowMs: 900_000 });
  });
});

describe("route patterns", () => {
  const verify = parseRoutePattern("POST /api/security-performance/security/mfa/verify/:userId");

  it("matches method and segments, capturing parameters", () => {
    expect(matchRoute(verify, "POST", "/api/security-performance/security/mfa/verify/u-1")).toEqual({ userId: "u-1" });
    expect(matchRoute(verify, "post", "/api/security-performance/security/mfa/verify/u-1")).toEqual({ userId: "u-1" });
    expect(matchRoute(verify, "GET", "/api/security-performance/security/mfa/verify/u-1")).toBeNull();
    expect(matchRoute(verify, "POST", "/api/security-performance/security/mfa/verify")).toBeNull();
    expect(matchRoute(verify, "POST", "/api/security-performance/security/mfa/verify/u-1/x")).toBeNull();
  });

  it("is not dodged by encoding, doubled or trailing slashes", () => {
    const signIn = parseRoutePattern("POST /api/auth/callback/credentials");
    for (const path of ["/api/auth/callback/credentials/", "//api//auth/callback/credentials", "/api/auth%2Fcallback/%63redentials"]) {
      expect(matchRoute(signIn, "POST", path)).toEqual({});
    }
    expect(matchRoute(signIn, "POST", "/api/auth/callback/Credentials")).toBeNull();
    expect(matchRoute(signIn, "POST", "/api/auth/callback/credentials%E0%A4%A")).toBeNull(); // a malformed escape: compared as written
  });

  it("supports any method and a trailing wildcard", () => {
    const exports = parseRoutePattern("* /api/export/*");
    expect(matchRoute(exports, "GET", "/api/export")).toEqual({});
    expect(matchRoute(exports, "DELETE", "/api/export/a/b")).toEqual({});
    expect(matchRoute(exports, "GET", "/api/exports")).toBeNull();
  });

  it("rejects malformed patterns", () => {
    expect(() => parseRoutePattern("/api/x")).toThrow('must look like "POST /api/path/:param"');
    expect(() => parseRoutePattern("GET /api/*/x")).toThrow("may use * only as its last segment");
  });
});
