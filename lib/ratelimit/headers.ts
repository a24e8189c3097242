import { mostRestrictive } from "./decision";
import type { RateLimitDecision } from "./types";

/**
 * Response headers for a decision, in the shape of draft-ietf-httpapi-ratelimit-headers-11
 * (23 May 2026, the current draft: https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/11/):
 *
 *   RateLimit-Policy: "per-ip";q=300;w=60     quota policy: q units per w seconds (§3)
 *   RateLimit: "per-ip";r=12;t=40             service limit: r units left, for the next t seconds (§4)
 *   Retry-After: 40                           on a refusal only (RFC 9110 §10.2.3)
 *
 * Both fields are Structured Field Lists whose items are Strings naming the policy. Only the most
 * restrictive advertised policy is described (the one a client should pace itself by). A global
 * limit is not advertised: it would tell clients the server's capacity (§8.2). On a refusal `t`
 * equals Retry-After, since Retry-After must not point before the end of the effective window (§6).
 * For a token bucket, q is its capacity and w the time to refill it from empty.
 *
 * Timeout/error/disabled decisions, and refusals by an unadvertised policy alone, carry no
 * RateLimit fields; a refusal always gets Retry-After.
 */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const headers: Record<string, string> = {};
  const refused = !decision.allowed;
  const shown = mostRestrictive(decision.policies.filter((d) => d.advertise));
  // Refused by an unadvertised (global) policy alone: say only when to come back.
  const hiddenRefusal = decision.wouldBlock && shown?.allowed;
  if (shown && !hiddenRefusal) {
    const name = sfString(shown.policy);
    const t = seconds(shown.allowed ? shown.resetMs : (shown.retryAfterMs ?? shown.resetMs));
    headers["RateLimit-Policy"] = `${name};q=${shown.limit};w=${Math.max(1, seconds(shown.windowMs))}`;
    headers["RateLimit"] = `${name};r=${shown.allowed ? shown.remaining : 0};t=${t}`;
  }
  if (refused) headers["Retry-After"] = String(Math.max(1, seconds(decision.retryAfterMs ?? 0)));
  return headers;
}

/** Whole seconds, rounded up: a client told to wait 0.4 s must not come back at once. */
function seconds(ms: number): number {
  return Math.ceil(Math.max(0, ms) / 1000);
}

/** An sf-string (RFC 9651 §3.3.3): quoted, with `\` and `"` escaped. Policy names are plain ASCII already. */
function sfString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
