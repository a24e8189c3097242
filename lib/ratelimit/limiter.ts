import { after, all, drive, isPromise, wait, type Awaitable, type Steps } from "@/lib/awaitable";
import { TIMED_OUT, withDeadline } from "./deadline";
import { accountIdentity, ipIdentity, userIdentity } from "./identity";
import { currentPenalty, isBlocked } from "./penalty";
import { DEFAULT_PENALTY } from "./policies";
import { decide, failed, fromResult, penalized } from "./decision";
import { matchRoute, parseRoutePattern, pathSegments, type RoutePattern } from "./route-pattern";
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
  /**
   * Counts the request against every policy that applies and decides. Never throws; never waits
   * longer than storeTimeoutMs. With a store that answers at once, the decision itself (no promise).
   */
  check(request: RateLimitRequest): Awaitable<RateLimitDecision>;
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
  // A store that answers at once (the in-process one) cannot hang and gets no deadline: a timer set
  // and cleared on every request was a measurable share of the guard's cost. A store answering
  // later is bounded by `timeoutMs` (deadline.ts).
  const compiled = options.policies
    .filter((p) => p.enabled)
    .map((policy) => ({ policy, routes: policy.routes ? policy.routes.map(parseRoutePattern) : null }));

  /** Blocked targets, if any: a penalized identity is refused before anything is counted. */
  function* blocked(targets: Target[], now: number): Steps<Map<Target, PolicyDecision>> {
    const watched = penalty.enabled ? targets.filter((t) => t.policy.penalize) : [];
    const states = watched.length > 0 ? yield* wait(store.penalties(watched.map((t) => t.key), now)) : [];
    const result = new Map<Target, PolicyDecision>();
    watched.forEach((target, i) => {
      const state = currentPenalty(states[i]!, penalty, now);
      if (isBlocked(state, now)) result.set(target, penalized(target, state, now));
    });
    return result;
  }

  function* consume(target: Target, now: number): Steps<PolicyDecision> {
    const decision = fromResult(target, yield* wait(store.consume(target.key, target.policy.algorithm, now)), now);
    if (decision.allowed || !target.policy.penalize || !penalty.enabled) return decision;
    const state = yield* wait(store.recordViolation(target.key, penalty, now));
    const blockedForMs = Math.max(0, state.blockedUntil - now);
    return { ...decision, retryAfterMs: Math.max(decision.retryAfterMs ?? 0, blockedForMs), penalty: { strikes: state.strikes, blockedForMs } };
  }

  /** Each target's consume, side by side (a remote store's round trips overlap). */
  const consumeAll = (targets: Target[], now: number) => all(targets.map((t) => drive(consume(t, now))));

  function* evaluate(targets: Target[], now: number): Steps<PolicyDecision[]> {
    const refused = yield* blocked(targets, now);
    if (refused.size > 0) return [...refused.values()];
    const first = yield* wait(consumeAll(targets.filter((t) => t.policy.scope !== "global"), now));
    // A request refused per client never reaches the application, so it does not spend the global
    // budget: one client's flood must not use up everyone's share.
    if (first.some((d) => !d.allowed)) return first;
    const second = yield* wait(consumeAll(targets.filter((t) => t.policy.scope === "global"), now));
    return [...first, ...second];
  }

  const storeFailed = (error: unknown) => failed("error", error instanceof Error ? error.message : String(error), mode, failMode);

  return {
    mode,
    store,
    policies: options.policies,

    check(request) {
      if (mode === "off") return decide([], mode);
      const now = clock();
      let outcome: Awaitable<PolicyDecision[]>;
      try {
        outcome = drive(evaluate(targetsOf(compiled, request), now));
      } catch (error) {
        return storeFailed(error);
      }
      // The in-process store has answered already: no promise, no deadline.
      if (!isPromise(outcome)) return decide(outcome, mode);
      return withDeadline(outcome, timeoutMs).then(
        (result) => (result === TIMED_OUT ? failed("timeout", `store did not answer within ${timeoutMs} ms`, mode, failMode) : decide(result, mode)),
        storeFailed,
      );
    },

    async peek(request) {
      if (mode === "off") return [];
      const now = clock();
      const targets = targetsOf(compiled, request);
      function* read(): Steps<PolicyDecision[]> {
        const refused = yield* blocked(targets, now);
        return yield* wait(all(targets.map((t) => refused.get(t) ?? after(store.peek(t.key, t.policy.algorithm, now), (r) => fromResult(t, r, now)))));
      }
      const outcome = drive(read());
      if (!isPromise(outcome)) return outcome;
      const result = await withDeadline(outcome, timeoutMs);
      if (result === TIMED_OUT) throw new Error(`rate-limit store did not answer within ${timeoutMs} ms`);
      return result;
    },

    close: () => store.close(),
  };
}
