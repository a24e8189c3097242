import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit";
import { requestMeta } from "@/lib/guard/request-meta";
import { authenticateCredentials, type AuthenticatedUser } from "./credentials";

/** Name of next-auth's session cookie; `__Secure-` prefixed when the app is served over https. */
export function sessionCookieName(secure: boolean): string {
  return `${secure ? "__Secure-" : ""}next-auth.session-token`;
}

let cached: NextAuthOptions | undefined;

/** Every sign-in attempt is an audit event; the password never is part of it. */
function recordSignIn(rawHeaders: Record<string, unknown>, email: unknown, user: AuthenticatedUser | null): void {
  const headers = new Headers();
  for (const [name, value] of Object.entries(rawHeaders)) if (typeof value === "string") headers.set(name, value);
  const meta = requestMeta(headers, new URL(getConfig().appUrl));
  recordAudit({
    type: user ? "auth.login.succeeded" : "auth.login.failed",
    level: user ? "info" : "low",
    actor: user ? { type: "user", id: user.id } : { type: "anonymous" },
    ip: meta.ip,
    userAgent: meta.userAgent,
    method: "POST",
    route: "/api/auth/callback/credentials",
    requestId: meta.requestId,
    outcome: user ? "succeeded" : "failed",
    details: { email: typeof email === "string" ? email.trim().toLowerCase().slice(0, 254) : null },
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
          const user = await authenticateCredentials(await getDb(), credentials);
          recordSignIn(req.headers ?? {}, credentials?.email, user);
          return user ? { id: user.id, email: user.email } : null;
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
