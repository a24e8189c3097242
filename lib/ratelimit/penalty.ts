import type { PenaltyRule, PenaltyState } from "./types";

/**
 * Progressive penalties, pure. A violation is a request refused by a penalizing policy. The n-th
 * violation blocks the identity (for that policy) for min(base * 2^(n-1), max): 1, 2, 4 … 60 min
 * with the defaults. While blocked, requests are refused before counting, so they cannot add
 * violations; the count is forgotten once the identity stays quiet for `quietMs` after its block
 * ends (measured from the block's end, so a capped 1 h block is not forgotten the moment it lifts).
 * The Redis store runs the same rule as a Lua script (stores/redis-scripts.ts).
 */

export const NO_PENALTY: PenaltyState = Object.freeze({ strikes: 0, blockedUntil: 0 });

/** The state as it stands at `now`: strikes older than the quiet period are forgotten. */
export function currentPenalty(state: PenaltyState, rule: PenaltyRule, now: number): PenaltyState {
  return state.strikes > 0 && now >= state.blockedUntil + rule.quietMs ? NO_PENALTY : state;
}

export function isBlocked(state: PenaltyState, now: number): boolean {
  return state.blockedUntil > now;
}

export function blockDurationMs(strikes: number, rule: PenaltyRule): number {
  return Math.min(rule.baseMs * 2 ** (strikes - 1), rule.maxMs);
}

/**
 * One violation at `now`. Two requests refused at the same moment (both passed the penalty check
 * before either was counted) must not escalate twice, so a violation while already blocked leaves
 * the state as it is. `ttlMs` is how long the store must keep the state.
 */
export function recordViolation(stored: PenaltyState, rule: PenaltyRule, now: number): { state: PenaltyState; ttlMs: number } {
  const state = currentPenalty(stored, rule, now);
  if (isBlocked(state, now)) return { state, ttlMs: state.blockedUntil - now + rule.quietMs };
  const strikes = state.strikes + 1;
  const block = blockDurationMs(strikes, rule);
  return { state: { strikes, blockedUntil: now + block }, ttlMs: block + rule.quietMs };
}
