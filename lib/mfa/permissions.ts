import type { Principal } from "@/lib/auth/principal";

/**
 * Who may use the MFA API on `userId`: the person themself (enroll, verify, regenerate, disable);
 * an admin on someone else may only reset (remove) their MFA; nobody else, and no API key.
 */
export function mfaPermission(principal: Principal | null, userId: string): "self" | "admin-reset" | "denied" {
  if (principal?.kind !== "user") return "denied";
  if (principal.userId === userId) return "self";
  return principal.role === "admin" ? "admin-reset" : "denied";
}
