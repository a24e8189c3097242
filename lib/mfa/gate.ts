import type { Principal } from "@/lib/auth/principal";

/**
 * REQUIRE_ADMIN_MFA's rule: an admin whose session was not confirmed with a second factor reaches
 * only the enrollment page and the MFA API (pages redirect, API calls get 403 `mfa-required`).
 * API keys are programs, not people: the rule does not apply to them.
 */
export function mustCompleteMfa(principal: Principal | null, requireAdminMfa: boolean): boolean {
  return requireAdminMfa && principal?.kind === "user" && principal.role === "admin" && !principal.mfa;
}

/** Where pages send a session that must complete MFA first. */
export const MFA_ENROLLMENT_PATH = "/account";
