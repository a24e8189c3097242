import type { AlgorithmResult } from "../types";

/**
 * Token bucket: starts full at `capacity` (the burst), `refillRate` tokens come back every
 * `intervalMs` (the sustained rate), each request takes one. Refills are whole intervals counted
 * from the last refill, the same arithmetic as @upstash/ratelimit's Lua script, so the memory and
 * Redis backends agree to the request.
 */

export interface TokenBucketRule {
  capacity: number;
  refillRate: number;
  intervalMs: number;
}

export interface TokenBucketState {
  refilledAt: number;
  tokens: number;
}

/** The bucket as it stands at `now`, after the refills due since it was last written. */
export function refilled(stored: TokenBucketState | undefined, rule: TokenBucketRule, now: number): TokenBucketState {
  if (!stored) return { refilledAt: now, tokens: rule.capacity };
  if (now < stored.refilledAt + rule.intervalMs) return stored;
  const refills = Math.floor((now - stored.refilledAt) / rule.intervalMs);
  return {
    refilledAt: stored.refilledAt + refills * rule.intervalMs,
    tokens: Math.min(rule.capacity, stored.tokens + refills * rule.refillRate),
  };
}

/** When the bucket is full again: past it, a forgotten bucket (a fresh, full one) is the same thing. */
function fullAt(bucket: TokenBucketState, rule: TokenBucketRule): number {
  return bucket.refilledAt + Math.ceil((rule.capacity - bucket.tokens) / rule.refillRate) * rule.intervalMs;
}

/** One request at `now`; a denied request takes nothing. */
export function tokenBucketConsume(
  stored: TokenBucketState | undefined,
  rule: TokenBucketRule,
  now: number,
): { state: TokenBucketState; result: AlgorithmResult; expiresAt: number } {
  const bucket = refilled(stored, rule, now);
  const resetAt = bucket.refilledAt + rule.intervalMs;
  if (bucket.tokens < 1) {
    return { state: bucket, result: { allowed: false, limit: rule.capacity, remaining: 0, resetAt }, expiresAt: fullAt(bucket, rule) };
  }
  const state = { refilledAt: bucket.refilledAt, tokens: bucket.tokens - 1 };
  return { state, result: { allowed: true, limit: rule.capacity, remaining: state.tokens, resetAt }, expiresAt: fullAt(state, rule) };
}

/** The same answer without taking a token. */
export function tokenBucketPeek(stored: TokenBucketState | undefined, rule: TokenBucketRule, now: number): AlgorithmResult {
  const bucket = refilled(stored, rule, now);
  return { allowed: bucket.tokens >= 1, limit: rule.capacity, remaining: bucket.tokens, resetAt: bucket.refilledAt + rule.intervalMs };
}
