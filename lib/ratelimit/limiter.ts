import { TIMED_OUT, withDeadline } from "./deadline";
import { accountIdentity, ipIdentity, userIdentity } from "./identity";
import { currentPenalty, isBlocked } from "./penalty";
import { DEFAULT_PENALTY } from "./policies";
import { decide, failed, fromResult, penalized } from "./decision";
import { matchRoute, parseRoutePattern, pathSegments, type RoutePattern } from "./route-pattern";
import { MemoryStore } from "./stores/memory";
import type { FailMode, PenaltyRule, Policy, PolicyDecision, RateLimitDecision, RateLimitMode, RateLimitRequest, RateLimitStore, Target } from "./types";

export interface RateLimiterOptions {
  mode: RateLimitMode;
  /** The resolved table (resolvePolicies()); disabled policies are skipped. */
  policies: readonly Policy[];
  store: RateLimitStore;
  penalty?: PenaltyRule;
  /** The whole check (penalty read, counting, violation write) must finish within this; default 50. */
  storeTimeoutMs?: number;
  /** What a store failure or timeout decides; default "open". */
  failMode?: FailMode;
  /** The clock (epoch ms); tests move it. */
  now?: () => number;
}

export interface RateLimiter {
  readonly mode: RateLimitMode;
  readonly store: RateLimitStore;
  readonly policies: readonly Policy[];
  /** Counts the request against every policy that applies and decides. Never throws; never waits longer than storeTimeoutMs. */
  check(request: RateLimitRequest): Promise<RateLimitDecision>;
  /** What check() would report for the policies that apply to `request`, without counting. Rejects if the store fails or is too slow. */
  peek(request: RateLimitRequest): Promise<PolicyDecision[]>;
  close(): Promise<void>;
}

interface Compiled {
  policy: Policy;
  routes: RoutePattern[] | null;
}

function identityOf(policy: Policy, request: RateLimitRequest, params: Record<string, string>): [kind: string, value: string | null] {
  switch (policy.scope) {
    case "global":
      return ["global", "all"];
    case "ip":
      return ["ip", ipIdentity(request.ip)];
    case "user":
      return ["user", userIdentity(request.user)];
    case "account":
      return ["account", accountIdentity(policy.accountParam ? params[policy.accountParam] : request.account)];
  }
}

function targetsOf(compiled: readonly Compiled[], request: RateLimitRequest): Target[] {
  const targets: Target[] = [];
  let segments: string[] | undefined;
  for (const { policy, routes } of compiled) {
    let params: Record<string, string> | null = {};
    if (routes) {
      params = null;
      segments ??= pathSegments(request.path);
      for (const route of routes) if ((params = matchRoute(route, request.method, segments))) break;
    }
    if (!params) continue;
    const [kind, value] = identityOf(policy, request, params);
    // A per-user policy does not apply to an anonymous request, nor an account policy without an account.
    if (value === null) continue;
    targets.push({ policy, identity: kind === "global" ? kind : `${kind}:${value}`, key: `${policy.name}:${value}` });
  }
  return targets;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { mode, store } = options;
  const penalty = options.penalty ?? DEFAULT_PENALTY;
  const timeoutMs = options.storeTimeoutMs ?? 50;
  const failMode = options.failMode ?? "open";
  const clock = options.now ?? Date.now;
  // The in-process store answers within the same tick: it cannot hang, so it needs no deadline
  // (a timer set and cleared on every request is a measurable share of the guard's cost).
  const local = store instanceof MemoryStore;
  const bounded = <T>(work: Promise<T>) => (local ? work : withDeadline(work, timeoutMs));
  const compiled = options.policies
    .filter((p) => p.enabled)
    .map((policy) => ({ policy, routes: policy.routes ? policy.routes.map(parseRoutePattern) : null }));

  /** Blocked targets, if any: a penalized identity is refused before anything is counted. */
  async function blocked(targets: Target[], now: number): Promise<Map<Target, PolicyDecision>> {
    const watched = penalty.enabled ? targets.filter((t) => t.policy.penalize) : [];
    const states = watched.length > 0 ? await store.penalties(watched.map((t) => t.key), now) : [];
    const result = new Map<Target, PolicyDecision>();
    watched.forEach((target, i) => {
      const state = currentPenalty(states[i]!, penalty, now);
      if (isBlocked(state, now)) result.set(target, penalized(target, state, now));
    });
    return result;
  }

  async function consume(target: Target, now: number): Promise<PolicyDecision> {
    const decision = fromResult(target, await store.consume(target.key, target.policy.algorithm, now), now);
    if (decision.allowed || !target.policy.penalize || !penalty.enabled) return decision;
    const state = await store.recordViolation(target.key, penalty, now);
    const blockedForMs = Math.max(0, state.blockedUntil - now);
    return { ...decision, retryAfterMs: Math.max(decision.retryAfterMs ?? 0, blockedForMs), penalty: { strikes: state.strikes, blockedForMs } };
  }

  async function evaluate(targets: Target[], now: number): Promise<PolicyDecision[]> {
    const refused = await blocked(targets, now);
    if (refused.size > 0) return [...refused.values()];
    const first = await Promise.all(targets.filter((t) => t.policy.scope !== "global").map((t) => consume(t, now)));
    // A request refused per client never reaches the application, so it does not spend the global
    // budget: one client's flood must not use up everyone's share.
    if (first.some((d) => !d.allowed)) return first;
    const second = await Promise.all(targets.filter((t) => t.policy.scope === "global").map((t) => consume(t, now)));
    return [...first, ...second];
  }

  return {
    mode,
    store,
    policies: options.policies,

    async check(request) {
      if (mode === "off") return decide([], mode);
      const now = clock();
      try {
        const outcome = await bounded(evaluate(targetsOf(compiled, request), now));
        if (outcome === TIMED_OUT) return failed("timeout", `store did not answer within ${timeoutMs} ms`, mode, failMode);
        return decide(outcome, mode);
      } catch (error) {
        return failed("error", error instanceof Error ? error.message : String(error), mode, failMode);
      }
    },

    async peek(request) {
      if (mode === "off") return [];
      const now = clock();
      const targets = targetsOf(compiled, request);
      const work = (async () => {
        const refused = await blocked(targets, now);
        return Promise.all(
          targets.map(async (t) => refused.get(t) ?? fromResult(t, await store.peek(t.key, t.policy.algorithm, now), now)),
        );
      })();
      const outcome = await bounded(work);
      if (outcome === TIMED_OUT) throw new Error(`rate-limit store did not answer within ${timeoutMs} ms`);
      return outcome;
    },

    close: () => store.close(),
  };
}
