import { ReauthenticationRequiredError } from "@/lib/http/errors";
import type { Principal } from "./principal";

/**
 * Sensitive changes need a recent authentication, not only a live session (OWASP ASVS V3.7.1): a
 * session left open on a shared computer, or a stolen session cookie, must not be enough to enroll
 * the attacker's authenticator app (locking the owner out), to reset someone else's second factor,
 * or, for an admin, to mint an API key, create an account or change one's role, password or state.
 * "Recent" is a password sign-in, or an MFA code that re-issued the session, within `windowSeconds`.
 * API keys never qualify: these are a person's own acts.
 */
export function isRecentlyAuthenticated(principal: Principal | null, windowSeconds: number, nowMs = Date.now()): boolean {
  if (principal?.kind !== "user" || principal.authenticatedAtMs === undefined) return false;
  const age = nowMs - principal.authenticatedAtMs;
  return age >= -60_000 && age <= windowSeconds * 1000; // a minute of clock skew between instances
}

/** Throws ReauthenticationRequiredError (403 problem+json) unless the principal authenticated recently. */
export function requireRecentAuthentication(principal: Principal | null, windowSeconds: number, nowMs = Date.now()): void {
  if (!isRecentlyAuthenticated(principal, windowSeconds, nowMs)) throw new ReauthenticationRequiredError();
}
