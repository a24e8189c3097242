import { encode } from "next-auth/jwt";
import { getConfig } from "@/lib/config";
import { sessionCookieName } from "./options";

/**
 * A Set-Cookie value holding a new session token for `userId` that records whether a second factor
 * was used, with the attributes next-auth gives its own cookie. Enrolling or verifying a code
 * upgrades the session the person already has (`mfa: true`); turning MFA off downgrades it.
 */
export async function sessionCookieWithMfa(userId: string, mfa: boolean, nowMs = Date.now()): Promise<string> {
  const config = getConfig();
  const maxAge = config.sessionMaxAgeSeconds;
  const token = await encode({ token: { sub: userId, issuedAtMs: nowMs, mfa }, secret: config.authSecret, maxAge });
  const attributes = [`Path=/`, `HttpOnly`, `SameSite=Lax`, `Max-Age=${maxAge}`, `Expires=${new Date(nowMs + maxAge * 1000).toUTCString()}`];
  if (config.secureCookies) attributes.push("Secure");
  return [`${sessionCookieName(config.secureCookies)}=${token}`, ...attributes].join("; ");
}
