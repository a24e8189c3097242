import { decode } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { roleSchema } from "./roles";
import { sessionCookieName } from "./options";
import type { Principal } from "./principal";

/**
 * The signed-in person behind a session cookie, or null. The JWT proves identity and issue time;
 * the database decides the rest: a disabled user, a deleted user, or a token issued before the
 * user's sessionsValidFrom (password reset, role change, disable) has no session.
 */
export async function principalFromSessionCookie(
  db: Db,
  readCookie: (name: string) => string | undefined,
): Promise<Extract<Principal, { kind: "user" }> | null> {
  const config = getConfig();
  const raw = readCookie(sessionCookieName(config.secureCookies));
  if (!raw) return null;
  const token = await decode({ token: raw, secret: config.authSecret }).catch(() => null);
  if (!token?.sub || typeof token.issuedAtMs !== "number") return null;
  const user = await db.user.findUnique({
    where: { id: token.sub },
    select: { id: true, email: true, role: true, disabled: true, sessionsValidFrom: true },
  });
  if (!user || user.disabled || token.issuedAtMs < user.sessionsValidFrom.getTime()) return null;
  return {
    kind: "user",
    userId: user.id,
    email: user.email,
    role: roleSchema.catch("user").parse(user.role),
    mfa: token.mfa === true,
    // Set at sign-in and when an MFA code re-issues the session (session-cookie.ts), never on refresh.
    authenticatedAtMs: token.issuedAtMs,
  };
}
