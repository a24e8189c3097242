/**
 * How long a user must wait before the next code is even checked, from their consecutive wrong
 * codes. Pure: state and time in, decision out (tests drive it with a controlled clock).
 *
 * - the first `freeFailures` wrong codes cost nothing (typos happen);
 * - each further one doubles a wait, starting at `baseDelayMs` (1 s, 2 s, 4 s, 8 s, 16 s);
 * - at `lockAfter` consecutive wrong codes (10: NIST SP 800-63B allows up to 100, OWASP ASVS
 *   asks for a lockout) the account's second factor is locked for `lockMs`, and every wrong code
 *   after that locks it again. A correct code resets the count to zero; so does an admin reset.
 */
export interface LockoutRule {
  freeFailures: number;
  baseDelayMs: number;
  lockAfter: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutRule = Object.freeze({ freeFailures: 5, baseDelayMs: 1_000, lockAfter: 10, lockMs: 15 * 60_000 });

export interface LockoutState {
  failedAttempts: number;
  lastFailedAt: Date | null;
}

export type LockoutDecision =
  | { kind: "allow" }
  /** Too soon after the last wrong code: the attempt is refused unchecked and does not count. */
  | { kind: "wait"; retryAfterMs: number }
  | { kind: "locked"; retryAfterMs: number };

/** The wait that follows `failures` consecutive wrong codes (0 when none). */
export function waitAfter(failures: number, rule: LockoutRule = DEFAULT_LOCKOUT): number {
  if (failures >= rule.lockAfter) return rule.lockMs;
  if (failures < rule.freeFailures) return 0;
  return rule.baseDelayMs * 2 ** (failures - rule.freeFailures);
}

/** Whether another code may be checked now; null (nothing counted yet, e.g. no row for an address) allows. */
export function lockoutDecision(state: LockoutState | null, nowMs: number, rule: LockoutRule = DEFAULT_LOCKOUT): LockoutDecision {
  if (state === null) return { kind: "allow" };
  const wait = waitAfter(state.failedAttempts, rule);
  if (wait === 0 || state.lastFailedAt === null) return { kind: "allow" };
  const retryAfterMs = state.lastFailedAt.getTime() + wait - nowMs;
  if (retryAfterMs <= 0) return { kind: "allow" };
  return state.failedAttempts >= rule.lockAfter ? { kind: "locked", retryAfterMs } : { kind: "wait", retryAfterMs };
}

/** True when the failure just recorded (now `failures` in a row) is the one that locks. */
export function locksAt(failures: number, rule: LockoutRule = DEFAULT_LOCKOUT): boolean {
  return failures >= rule.lockAfter;
}

/** The stricter of two decisions (per user and per IP): a lock beats a wait, a longer wait a shorter. */
export function strictest(a: LockoutDecision, b: LockoutDecision): LockoutDecision {
  const rank = (d: LockoutDecision) => (d.kind === "locked" ? 2 : d.kind === "wait" ? 1 : 0);
  if (rank(a) !== rank(b)) return rank(a) > rank(b) ? a : b;
  if (a.kind === "allow" || b.kind === "allow") return a;
  return a.retryAfterMs >= b.retryAfterMs ? a : b;
}
