import { z } from "zod";
import { ConfigError } from "@/lib/config";
import { parseRoutePattern } from "./route-pattern";
import type { Algorithm, PenaltyRule, Policy } from "./types";

const MINUTE = 60_000;
const SIGN_IN = "POST /api/auth/callback/credentials";
const MFA_VERIFY = "POST /api/security-performance/security/mfa/verify/:userId";
// Regenerating backup codes and turning MFA off also check a code: same limits.
const MFA_CODE_ROUTES = [MFA_VERIFY, "POST /api/security-performance/security/mfa/backup-codes/:userId", "POST /api/security-performance/security/mfa/disable/:userId"];

const slidingWindow = (limit: number, windowMs: number): Algorithm => ({ kind: "sliding-window", limit, windowMs });
const tokenBucket = (capacity: number, refillRate: number, intervalMs: number): Algorithm => ({ kind: "token-bucket", capacity, refillRate, intervalMs });
const strict = slidingWindow(5, 15 * MINUTE);

/**
 * Every rate-limit policy, in one table. All policies that apply to a request are evaluated; the
 * most restrictive denial wins. Why these numbers, for an API whose callers are a print frontend
 * (a program with an API key) and admins' dashboards:
 * - global: a safety net for the one Node process, not a fairness rule: 5000 req/s sustained
 *   (refilled 500 per 100 ms, so the rate is smooth) with a one-second burst of 5000. Not
 *   advertised (RateLimit headers would reveal capacity; draft §8.2) and never penalized.
 * - per-ip: 300/min sliding. A dashboard polls a handful of widgets every few seconds (~60-120/min)
 *   and a printer frontend polls job status every 1-2 s (30-60/min); 300 leaves room for several of
 *   them behind one NAT while stopping scripted floods and scans within a minute.
 * - per-ip-burst: token bucket of 60 refilled at 10/s. The sliding window alone would let all 300
 *   arrive in one second; a page load fires tens of requests at once, not hundreds.
 * - per-user: 600/min per verified user or API key, above per-IP because one key legitimately spans
 *   several machines (print hosts), and it bounds a leaked key used from many addresses.
 * - sign-in and MFA verification: 5 per 15 min per account and per IP (OWASP's brute-force
 *   guidance). The sign-in account is the submitted email; the MFA account is the `:userId`.
 */
export const DEFAULT_POLICIES: readonly Policy[] = Object.freeze([
  { name: "global", scope: "global", algorithm: tokenBucket(5_000, 500, 100), penalize: false, advertise: false, enabled: true },
  { name: "per-ip", scope: "ip", algorithm: slidingWindow(300, MINUTE), penalize: true, advertise: true, enabled: true },
  { name: "per-ip-burst", scope: "ip", algorithm: tokenBucket(60, 1, 100), penalize: false, advertise: true, enabled: true },
  { name: "per-user", scope: "user", algorithm: slidingWindow(600, MINUTE), penalize: true, advertise: true, enabled: true },
  { name: "signin-ip", scope: "ip", routes: [SIGN_IN], algorithm: strict, penalize: true, advertise: true, enabled: true },
  { name: "signin-account", scope: "account", routes: [SIGN_IN], algorithm: strict, penalize: true, advertise: true, enabled: true },
  { name: "mfa-verify-ip", scope: "ip", routes: MFA_CODE_ROUTES, algorithm: strict, penalize: true, advertise: true, enabled: true },
  { name: "mfa-verify-account", scope: "account", accountParam: "userId", routes: MFA_CODE_ROUTES, algorithm: strict, penalize: true, advertise: true, enabled: true },
] satisfies Policy[]);

/** 1 min, doubling to a 1 h cap, forgotten after 1 h without a violation once the block ends. */
export const DEFAULT_PENALTY: PenaltyRule = Object.freeze({ enabled: true, baseMs: MINUTE, maxMs: 60 * MINUTE, quietMs: 60 * MINUTE });

export interface RateLimitPolicies {
  policies: Policy[];
  penalty: PenaltyRule;
}

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: MINUTE, h: 60 * MINUTE };
const duration = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+\s?(ms|s|m|h)$/, { error: 'must be a duration such as "500ms", "30s", "15m" or "1h"' })
    .transform((text) => Number.parseInt(text, 10) * UNITS[/(ms|s|m|h)$/.exec(text)![0]]!)
    .refine((ms) => ms >= min && ms <= max, { error: `must be between ${min} ms and ${max} ms` });
const count = z.int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }).max(1_000_000_000);
const flag = z.boolean({ error: "must be true or false" });
const switches = { enabled: flag, penalize: flag };

const OVERRIDES = {
  "sliding-window": z.strictObject({ ...switches, limit: count, window: duration(1_000, 24 * 60 * MINUTE) }).partial(),
  "token-bucket": z.strictObject({ ...switches, capacity: count, refill: count, interval: duration(1, 60 * MINUTE) }).partial(),
};
const PENALTY_OVERRIDE = z
  .strictObject({ enabled: flag, base: duration(1_000, 24 * 60 * MINUTE), max: duration(1_000, 7 * 24 * 60 * MINUTE), quiet: duration(1_000, 7 * 24 * 60 * MINUTE) })
  .partial();

function fail(detail: string): never {
  throw new ConfigError(`Invalid configuration: RATE_LIMIT_POLICIES ${detail}`);
}

function parsed<T extends z.ZodType>(schema: T, value: unknown, name: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === "unrecognized_keys") fail(`${name}: unknown setting "${issue.keys[0]}"`);
  if (issue.path.length === 0) fail(`${name} must be an object of settings`);
  fail(`${name}.${issue.path.join(".")} ${issue.message}`);
}

function overridden(policy: Policy, value: unknown): Policy {
  const a = policy.algorithm;
  let algorithm: Algorithm;
  let flags: { enabled?: boolean; penalize?: boolean };
  if (a.kind === "sliding-window") {
    const o = (flags = parsed(OVERRIDES["sliding-window"], value, policy.name));
    algorithm = { ...a, limit: o.limit ?? a.limit, windowMs: o.window ?? a.windowMs };
  } else {
    const o = (flags = parsed(OVERRIDES["token-bucket"], value, policy.name));
    algorithm = { ...a, capacity: o.capacity ?? a.capacity, refillRate: o.refill ?? a.refillRate, intervalMs: o.interval ?? a.intervalMs };
  }
  return { ...policy, algorithm, enabled: flags.enabled ?? policy.enabled, penalize: flags.penalize ?? policy.penalize };
}

/**
 * The policy table with RATE_LIMIT_POLICIES applied, merged by policy name, e.g.
 * `{"per-ip":{"limit":1000,"window":"1m"},"global":{"enabled":false},"penalty":{"max":"30m"}}`.
 * Throws a one-line ConfigError naming the policy and setting on an unknown name or a bad value.
 */
export function resolvePolicies(overrides: Record<string, unknown>, defaults: readonly Policy[] = DEFAULT_POLICIES): RateLimitPolicies {
  const known = new Map(defaults.map((p) => [p.name, p]));
  let penalty = DEFAULT_PENALTY;
  for (const [name, value] of Object.entries(overrides)) {
    if (name === "penalty") {
      const o = parsed(PENALTY_OVERRIDE, value, name);
      penalty = { enabled: o.enabled ?? penalty.enabled, baseMs: o.base ?? penalty.baseMs, maxMs: o.max ?? penalty.maxMs, quietMs: o.quiet ?? penalty.quietMs };
      if (penalty.baseMs > penalty.maxMs) fail("penalty.base must not exceed penalty.max");
      continue;
    }
    const policy = known.get(name);
    if (!policy) fail(`unknown policy "${name}" (known: ${[...known.keys(), "penalty"].join(", ")})`);
    known.set(name, overridden(policy, value));
  }
  const policies = [...known.values()];
  for (const policy of policies) checkPolicy(policy);
  return { policies, penalty };
}

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A table invariant, not a user error: a policy name goes into store keys and headers, a route must parse. */
function checkPolicy(policy: Policy): void {
  if (!NAME.test(policy.name)) fail(`policy name "${policy.name}" must be lower-case letters, digits and dashes`);
  for (const route of policy.routes ?? []) {
    try {
      parseRoutePattern(route);
    } catch (error) {
      fail(`${policy.name}: ${(error as Error).message}`);
    }
  }
}
