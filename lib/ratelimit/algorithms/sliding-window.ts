import type { AlgorithmResult } from "../types";

/**
 * Sliding window as two fixed windows, the previous one weighted by how much of it the sliding
 * window still covers: `floor((1 - elapsed/window) * previous) + current < limit` admits a request.
 *
 * Why not an exact log of timestamps: a log costs O(limit) memory per identity (300 entries per
 * client IP for the default policy), two counters cost O(1); and this is the arithmetic
 * @upstash/ratelimit runs in Redis, so both backends give the same answer to the request (the
 * conformance suite holds them to it). The price: it assumes the previous window's requests were
 * spread evenly, so a client that packed them at its very end can get up to ~2x the limit into one
 * sliding span at worst. Progressive penalties cap what that buys on the strict sign-in policies.
 */

export interface SlidingWindowRule {
  limit: number;
  windowMs: number;
}

/** Counts of the window `window` (= floor(now / windowMs)) and the one before it. */
export interface SlidingWindowState {
  window: number;
  current: number;
  previous: number;
}

function rolled(state: SlidingWindowState | undefined, window: number): SlidingWindowState {
  if (state?.window === window) return state;
  if (state?.window === window - 1) return { window, current: 0, previous: state.current };
  return { window, current: 0, previous: 0 };
}

function weightedPrevious(state: SlidingWindowState, rule: SlidingWindowRule, now: number): number {
  const elapsed = (now % rule.windowMs) / rule.windowMs;
  return Math.floor((1 - elapsed) * state.previous);
}

/**
 * One request at `now`. A denied request is not counted (the store keeps `state` as it was), so
 * hammering a closed window does not push its reopening further away.
 */
export function slidingWindowConsume(
  stored: SlidingWindowState | undefined,
  rule: SlidingWindowRule,
  now: number,
): { state: SlidingWindowState; result: AlgorithmResult; expiresAt: number } {
  const window = Math.floor(now / rule.windowMs);
  const state = rolled(stored, window);
  const used = weightedPrevious(state, rule, now) + state.current;
  const resetAt = (window + 1) * rule.windowMs;
  // Once two windows have passed, neither count matters any more.
  const expiresAt = (window + 2) * rule.windowMs;
  if (used >= rule.limit) {
    return { state, result: { allowed: false, limit: rule.limit, remaining: 0, resetAt }, expiresAt };
  }
  const next = { ...state, current: state.current + 1 };
  return { state: next, result: { allowed: true, limit: rule.limit, remaining: rule.limit - used - 1, resetAt }, expiresAt };
}

/** The same answer without counting. */
export function slidingWindowPeek(stored: SlidingWindowState | undefined, rule: SlidingWindowRule, now: number): AlgorithmResult {
  const window = Math.floor(now / rule.windowMs);
  const state = rolled(stored, window);
  const remaining = Math.max(0, rule.limit - weightedPrevious(state, rule, now) - state.current);
  return { allowed: remaining > 0, limit: rule.limit, remaining, resetAt: (window + 1) * rule.windowMs };
}
