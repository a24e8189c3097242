/**
 * Load shedding, the rule: refuse new work while the process is past its limits, so the requests
 * it already holds can finish. Pure: the caller brings the load and the limits.
 */
export interface ShedLimits {
  /** null: no limit. */
  maxInFlight: number | null;
  maxRssBytes: number | null;
  retryAfterSeconds: number;
}

export interface Load {
  /** Requests in flight, this one included. */
  inFlight: number;
  rssBytes: number;
}

export type ShedDecision =
  | { shed: false }
  | { shed: true; reason: "in-flight" | "memory"; retryAfterSeconds: number; load: Load; limit: number };

const NO_SHED: ShedDecision = { shed: false };

export function shedDecision(load: Load, limits: ShedLimits): ShedDecision {
  if (limits.maxInFlight !== null && load.inFlight > limits.maxInFlight) {
    return { shed: true, reason: "in-flight", retryAfterSeconds: limits.retryAfterSeconds, load, limit: limits.maxInFlight };
  }
  if (limits.maxRssBytes !== null && load.rssBytes > limits.maxRssBytes) {
    return { shed: true, reason: "memory", retryAfterSeconds: limits.retryAfterSeconds, load, limit: limits.maxRssBytes };
  }
  return NO_SHED;
}

/**
 * Paths never shed: liveness, and signing in (an admin must be able to sign in to act on an
 * overloaded server; the rate limiter still guards these).
 */
export function isShedExempt(pathname: string): boolean {
  return pathname === "/api/health" || pathname === "/login" || pathname.startsWith("/api/auth/");
}
