/**
 * The rate limiter's vocabulary. Algorithms and penalties are pure functions of (state, rule, now);
 * stores hold the state (in-process or Redis) and apply those functions atomically per key.
 */
import type { Awaitable } from "@/lib/awaitable";

export type RateLimitMode = "enforce" | "monitor" | "off";
export type FailMode = "open" | "closed";

/** Why a decision came out as it did; "timeout" and "error" mean the store did not answer in time or failed. */
export type RateLimitReason = "ok" | "limited" | "penalty" | "timeout" | "error" | "disabled";

export type Algorithm =
  /** Two fixed windows, the previous one weighted by how much of it still overlaps the sliding window. */
  | { kind: "sliding-window"; limit: number; windowMs: number }
  /** Starts full at `capacity`; `refillRate` tokens come back every `intervalMs`; each request takes one. */
  | { kind: "token-bucket"; capacity: number; refillRate: number; intervalMs: number };

/** One algorithm step for one key. `resetAt` is absolute (epoch ms): the end of the current window, or the next refill. */
export interface AlgorithmResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAt: number;
}

/** What a policy counts by: everyone, the client address, the signed-in user or API key, or the account being signed into. */
export type PolicyScope = "global" | "ip" | "user" | "account";

export interface Policy {
  /** Stable id: used in store keys, headers and audit events. Lower-case letters, digits and dashes. */
  name: string;
  scope: PolicyScope;
  /** Route patterns (`POST /api/x/:id`, `GET /api/export/*`); absent means every request. */
  routes?: readonly string[];
  /** For scope "account": take the account from this route parameter instead of the caller's `account`. */
  accountParam?: string;
  algorithm: Algorithm;
  /** Whether a denial counts as a violation towards a progressive penalty for this policy's identity. */
  penalize: boolean;
  /** Whether the policy is named in RateLimit headers; a global limit reveals capacity, so it is not. */
  advertise: boolean;
  enabled: boolean;
}

/** Progressive penalty: the n-th violation blocks for min(baseMs * 2^(n-1), maxMs); forgotten quietMs after the block ends. */
export interface PenaltyRule {
  enabled: boolean;
  baseMs: number;
  maxMs: number;
  quietMs: number;
}

/** Stored penalty state for one (policy, identity); `{ strikes: 0, blockedUntil: 0 }` when there is none. */
export interface PenaltyState {
  strikes: number;
  blockedUntil: number;
}

/**
 * Where counters and penalties live. Every method is atomic per key (a single-threaded Map, or one
 * Lua script in Redis), so concurrent requests in one or many processes never lose a count.
 * Answers may come at once (the in-process store: its requests then cost no promise, see
 * lib/awaitable.ts) or later (Redis).
 */
export interface RateLimitStore {
  readonly kind: "memory" | "redis";
  /** Counts one request under `algorithm` (a denied request is not counted) and says whether it passes. */
  consume(key: string, algorithm: Algorithm, now: number): Awaitable<AlgorithmResult>;
  /** Reads the same answer without counting. */
  peek(key: string, algorithm: Algorithm, now: number): Awaitable<AlgorithmResult>;
  /** Raw penalty states for `keys`, in order (forgetting is applied by the caller with the rule). */
  penalties(keys: readonly string[], now: number): Awaitable<PenaltyState[]>;
  /** Records one violation and returns the new state (see penalty.ts: a violation while blocked does not escalate). */
  recordViolation(key: string, rule: PenaltyRule, now: number): Awaitable<PenaltyState>;
  close(): Promise<void>;
}

/** A policy that applies to one request, with the identity it counts. */
export interface Target {
  policy: Policy;
  identity: string;
  /** `<policy>:<identity value>`, the store key. */
  key: string;
}

/** What the proxy knows about a request. `user` and `account` are optional identities. */
export interface RateLimitRequest {
  method: string;
  /** The URL pathname, without the query. */
  path: string;
  /** The client address from clientIp(); IPv6 addresses are counted per /64. */
  ip: string;
  /** A verified session user id or API key id (prefix them if they can collide, e.g. `key:…`). */
  user?: string | null;
  /** The account being signed into (the submitted email), for account-scoped sign-in policies. */
  account?: string | null;
}

/** One policy's verdict on one request. */
export interface PolicyDecision {
  policy: string;
  /** What was counted, e.g. `ip:203.0.113.7`, `user:42`, `account:ada@example.com`, `global`. */
  identity: string;
  allowed: boolean;
  reason: "ok" | "limited" | "penalty";
  limit: number;
  remaining: number;
  /** Milliseconds until the window ends or the next refill (for a penalty: until the block ends). */
  resetMs: number;
  retryAfterMs?: number;
  /** The policy's window (sliding) or time to refill from empty (bucket), for `RateLimit-Policy: w`. */
  windowMs: number;
  advertise: boolean;
  /** Set when this identity is or just became blocked by a progressive penalty. */
  penalty?: { strikes: number; blockedForMs: number };
}

/** The rate limiter's verdict on one request: never thrown, always returned. */
export interface RateLimitDecision {
  /** Whether to let the request through (always true in monitor mode and when failing open). */
  allowed: boolean;
  /** Whether enforcement would have refused it: equals !allowed in enforce mode; true in monitor mode when it would block. */
  wouldBlock: boolean;
  reason: RateLimitReason;
  mode: RateLimitMode;
  /** The deciding (most restrictive) policy, or null when none applied, the limiter is off or the store failed. */
  policy: string | null;
  identity: string | null;
  limit: number;
  remaining: number;
  resetMs: number;
  retryAfterMs?: number;
  /** Names of the policies that refused the request (the problem type's `violated-policies`). */
  violatedPolicies: string[];
  /** Every policy evaluated for this request. */
  policies: PolicyDecision[];
  /** For "timeout" and "error": what went wrong, for the audit log. */
  error?: string;
}
