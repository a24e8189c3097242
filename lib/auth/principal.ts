import type { Role, Scope } from "./roles";

/** Who is making a request: a signed-in person or a program with an API key. */
export type Principal =
  | {
      kind: "user";
      userId: string;
      email: string;
      role: Role;
      mfa: boolean;
      /** When this session's credentials were last presented: the password at sign-in, or an MFA code since (lib/auth/reauth.ts). */
      authenticatedAtMs?: number;
    }
  | { kind: "apiKey"; keyId: string; name: string; scopes: Scope[] };

// Permission checks are named, pure functions so a table test can cover them all.

export function isAdmin(principal: Principal | null): boolean {
  return principal?.kind === "user" && principal.role === "admin";
}

/** Admins hold every scope; keys hold the scopes they were created with. */
export function hasScope(principal: Principal | null, scope: Scope): boolean {
  if (!principal) return false;
  return principal.kind === "user" ? principal.role === "admin" : principal.scopes.includes(scope);
}

/** A person may act on their own account; an admin on anyone's. Keys act on no account. */
export function canActOnUser(principal: Principal | null, userId: string): boolean {
  if (principal?.kind !== "user") return false;
  return principal.role === "admin" || principal.userId === userId;
}
