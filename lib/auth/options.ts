import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit";
import { requestMeta, type RequestMeta } from "@/lib/guard/request-meta";
import { getLogger } from "@/lib/log";
import type { RouteAuditEvent } from "@/lib/http/handler";
import { mfaKeyRing } from "@/lib/mfa/key-ring";
import { secondFactorAtSignIn } from "@/lib/mfa/sign-in";
import { encodeMfaSignInError } from "@/lib/mfa/sign-in-errors";
import { authenticateCredentials, type AuthenticatedUser } from "./credentials";

/** Name of next-auth's session cookie; `__Secure-` prefixed when the app is served over https. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

let cached: NextAuthOptions | undefined;

const SIGN_IN_ROUTE = "/api/auth/callback/credentials";

function signInMeta(rawHeaders: Record<string, unknown>): RequestMeta {
  const headers = new Headers();
  for (const [name, value] of Object.entries(rawHeaders)) if (typeof value === "string") headers.set(name, value);
  return requestMeta(headers, new URL(getConfig().appUrl));
}

function recordSignInEvent(meta: RequestMeta, actor: AuthenticatedUser | null, event: RouteAuditEvent): void {
  recordAudit({
    ...event,
    actor: actor ? { type: "user", id: actor.id } : { type: "anonymous" },
    ip: meta.ip,
    userAgent: meta.userAgent,
    method: "POST",
    route: SIGN_IN_ROUTE,
    requestId: meta.requestId,
  });
}

/** Every sign-in attempt is an audit event; the password and the code never are part of it. */
function recordSignIn(meta: RequestMeta, email: unknown, user: AuthenticatedUser | null, details: Record<string, unknown> = {}): void {
  recordSignInEvent(meta, user, {
    type: user ? "auth.login.succeeded" : "auth.login.failed",
    level: user ? "info" : "low",
    outcome: user ? "succeeded" : "failed",
    details: { email: typeof email === "string" ? email.trim().toLowerCase().slice(0, 254) : null, ...details },
  });
}

/** next-auth options: credentials sign-in, JWT sessions in an httpOnly SameSite=Lax cookie. */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const config = getConfig();
  // next-auth v4 builds its callback URLs from NEXTAUTH_URL alone; without it, a PORT other than
  // 3000 would send people to the wrong address. The config module owns the value.
  process.env.NEXTAUTH_URL = config.appUrl;
  cached = {
    secret: config.authSecret,
    useSecureCookies: config.secureCookies,
    session: { strategy: "jwt", maxAge: config.sessionMaxAgeSeconds, updateAge: 15 * 60 },
    jwt: { maxAge: config.sessionMaxAgeSeconds },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "PrintGuard",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "One-time code", type: "text" },
        },
        async authorize(credentials, req) {
          const db = await getDb();
          const meta = signInMeta(req.headers ?? {});
          const user = await authenticateCredentials(db, credentials);
          if (!user) {
            recordSignIn(meta, credentials?.email, null);
            return null;
          }
          // The password was right; a user with MFA also needs a code, in this same request (the
          // form's second step re-sends email and password with it; a program sends all three).
          const code = typeof credentials?.code === "string" && credentials.code.trim() !== "" ? credentials.code.trim().slice(0, 64) : undefined;
          const second = await secondFactorAtSignIn(db, { userId: user.id, code, ip: meta.ip, keys: mfaKeyRing(getConfig()) }).catch((error: unknown) => {
            // e.g. a secret encrypted with a key no longer configured: no session, and no internal
            // message in the error next-auth hands to the browser.
            getLogger().error({ err: error, userId: user.id }, "MFA check at sign-in failed");
            return null;
          });
          if (!second) return null;
          for (const event of second.events) recordSignInEvent(meta, user, event);
          if (!second.ok) {
            recordSignIn(meta, credentials?.email, null, { userId: user.id, reason: `mfa-${second.error.kind}` });
            // next-auth hands this message to the client as `error`; it never names a secret.
            throw new Error(encodeMfaSignInError(second.error));
          }
          recordSignIn(meta, credentials?.email, user, { mfa: second.mfa });
          return { id: user.id, email: user.email, mfa: second.mfa };
        },
      }),
    ],
    callbacks: {
      // The token carries identity and issue time only; role and disabled state are read from
      // the database on every request (lib/auth/session.ts), so changes apply at once.
      jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.issuedAtMs = Date.now();
          // The session records whether a second factor was used (lib/mfa/gate.ts reads it).
          token.mfa = (user as { mfa?: unknown }).mfa === true;
        }
        return token;
      },
      session({ session, token }) {
        if (session.user) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
    logger: {
      // next-auth's default logger prints whole error objects; keep credentials out of logs.
      error: (code) => console.error(`[next-auth] ${code}`),
      warn: (code) => console.warn(`[next-auth] ${code}`),
      debug: () => {},
    },
  };
  return cached;
}
