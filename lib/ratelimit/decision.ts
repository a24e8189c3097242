import type { AlgorithmResult, FailMode, PenaltyState, Policy, PolicyDecision, RateLimitDecision, RateLimitMode, Target } from "./types";

/** The window a policy advertises: a sliding window's length, or a bucket's time to refill from empty. */
export function windowMs(policy: Policy): number {
  const a = policy.algorithm;
  return a.kind === "sliding-window" ? a.windowMs : Math.ceil(a.capacity / a.refillRate) * a.intervalMs;
}

function limitOf(policy: Policy): number {
  const a = policy.algorithm;
  return a.kind === "sliding-window" ? a.limit : a.capacity;
}

// Decisions are built as one literal of one shape: this runs for every policy on every request.

export function fromResult(target: Target, result: AlgorithmResult, now: number): PolicyDecision {
  const resetMs = Math.max(0, result.resetAt - now);
  return {
    policy: target.policy.name,
    identity: target.identity,
    allowed: result.allowed,
    reason: result.allowed ? "ok" : "limited",
    limit: result.limit,
    remaining: result.remaining,
    resetMs,
    retryAfterMs: result.allowed ? undefined : resetMs,
    windowMs: windowMs(target.policy),
    advertise: target.policy.advertise,
    penalty: undefined,
  };
}

export function penalized(target: Target, state: PenaltyState, now: number): PolicyDecision {
  const blockedForMs = state.blockedUntil - now;
  return {
    policy: target.policy.name,
    identity: target.identity,
    allowed: false,
    reason: "penalty",
    limit: limitOf(target.policy),
    remaining: 0,
    resetMs: blockedForMs,
    retryAfterMs: blockedForMs,
    windowMs: windowMs(target.policy),
    advertise: target.policy.advertise,
    penalty: { strikes: state.strikes, blockedForMs },
  };
}

/**
 * The most restrictive policy decision: among refusals the one that makes the client wait longest;
 * when all allow, the one with the fewest requests left (ties: the later reset).
 */
export function mostRestrictive(decisions: readonly PolicyDecision[]): PolicyDecision | undefined {
  const denied = decisions.filter((d) => !d.allowed);
  if (denied.length > 0) return denied.reduce((a, b) => ((b.retryAfterMs ?? 0) > (a.retryAfterMs ?? 0) ? b : a));
  return decisions.reduce<PolicyDecision | undefined>(
    (a, b) => (!a || b.remaining < a.remaining || (b.remaining === a.remaining && b.resetMs > a.resetMs) ? b : a),
    undefined,
  );
}

/** Combines the policy decisions of one request; monitor mode lets it through and says whether it would have blocked. */
export function decide(decisions: PolicyDecision[], mode: RateLimitMode): RateLimitDecision {
  const deciding = mostRestrictive(decisions);
  const violated = decisions.filter((d) => !d.allowed).map((d) => d.policy);
  const wouldBlock = violated.length > 0;
  return {
    allowed: mode !== "enforce" || !wouldBlock,
    wouldBlock,
    reason: mode === "off" ? "disabled" : wouldBlock ? deciding!.reason : "ok",
    mode,
    policy: deciding?.policy ?? null,
    identity: deciding?.identity ?? null,
    limit: deciding?.limit ?? 0,
    remaining: deciding?.remaining ?? 0,
    resetMs: deciding?.resetMs ?? 0,
    ...(wouldBlock ? { retryAfterMs: deciding!.retryAfterMs } : {}),
    violatedPolicies: violated,
    policies: decisions,
  };
}

/** The store failed or was too slow: let the request through (open) or refuse it (closed), visibly. */
export function failed(reason: "timeout" | "error", error: string, mode: RateLimitMode, failMode: FailMode): RateLimitDecision {
  const wouldBlock = failMode === "closed";
  return {
    allowed: mode !== "enforce" || !wouldBlock,
    wouldBlock,
    reason,
    mode,
    policy: null,
    identity: null,
    limit: 0,
    remaining: 0,
    resetMs: 0,
    // A closed limiter asks the client to come back shortly rather than hammer a struggling store.
    ...(wouldBlock ? { retryAfterMs: 1_000 } : {}),
    violatedPolicies: [],
    policies: [],
    error,
  };
}
