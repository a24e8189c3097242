import { getConfig } from "@/lib/config";
import { claimedIdentity } from "@/lib/guard/identity";
import { requestMeta } from "@/lib/guard/request-meta";
import { access, apiRoute } from "@/lib/http/handler";
import { getRateLimiter } from "@/lib/ratelimit";

export const dynamic = "force-dynamic";

/**
 * Who the caller is (session or API key) and how much of its rate-limit quota is left: lets the
 * print frontend check its key and pace itself. The usage is read from the limiter the proxy
 * counted this very request with (one process-wide instance).
 */
export const GET = apiRoute({ access: access.authenticated }, async ({ request, principal }) => {
  const { guard, authSecret, secureCookies } = getConfig();
  let rateLimit: Array<{ policy: string; limit: number; remaining: number; resetSeconds: number }> | null = null;
  if (guard.rateLimit.mode !== "off") {
    const user = await claimedIdentity(request.headers, (name) => request.cookies.get(name)?.value, { authSecret, secureCookies });
    const usage = await getRateLimiter()
      .peek({ method: request.method, path: request.nextUrl.pathname, ip: requestMeta(request.headers, request.nextUrl).ip, user })
      .catch(() => null);
    rateLimit = usage?.filter((p) => p.advertise).map((p) => ({ policy: p.policy, limit: p.limit, remaining: p.remaining, resetSeconds: Math.ceil(p.resetMs / 1000) })) ?? null;
  }
  return { ...principal!, rateLimit };
});
