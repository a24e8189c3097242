import type { Principal } from "@/lib/auth/principal";
import { sha256Base64url } from "@/lib/hash";
import { matchRoute, parseRoutePattern, pathSegments, type RoutePattern } from "@/lib/ratelimit/route-pattern";

/**
 * How one GET route may be cached. `cacheControl` is what clients and proxies are told; `etag`
 * adds a validator so a repeat request with If-None-Match gets a body-less 304; `server` keeps the
 * response in the multi-level cache (namespace `namespace`, `ttlMs`), keyed by path and query and,
 * when `perCaller`, by who asks. Authorization always runs before the cache is read.
 */
export interface HttpCachePolicy {
  cacheControl: string;
  etag: boolean;
  vary: readonly string[];
  server: { namespace: string; ttlMs: number; perCaller: boolean } | null;
}

// Answers that depend on the credentials: a shared cache must key them by these request headers.
const BY_CREDENTIALS = ["Authorization", "Cookie"] as const;

/** Never stored anywhere (volatile or per-request answers). */
export const noStore: HttpCachePolicy = { cacheControl: "no-store", etag: false, vary: [], server: null };

/** Browsers may keep it but must revalidate every time (ETag → 304); only private caches. */
export const privateRevalidate: HttpCachePolicy = { cacheControl: "private, no-cache", etag: true, vary: BY_CREDENTIALS, server: null };

/**
 * Also kept on the server for `ttlMs`: per caller when the answer depends on who asks, else one
 * copy for every caller the route authorizes. Writes that change the data clear `namespace`.
 */
export function serverCached(namespace: string, ttlMs: number, perCaller: boolean): HttpCachePolicy {
  return { cacheControl: "private, no-cache", etag: true, vary: BY_CREDENTIALS, server: { namespace, ttlMs, perCaller } };
}

/**
 * THE table: one line per GET route (`METHOD /path/:param`, as lib/ratelimit/route-pattern.ts reads
 * it). apiRoute applies the matching line to the route's successful answers; a route not listed
 * keeps `no-store`. Error answers are always `no-store`.
 */
export const HTTP_CACHE_TABLE = {
  "GET /api/health": noStore, // uptime changes every second
  "GET /api/me": noStore, // per caller, and it reports the rate-limit quota this very request used
  "GET /api/admin/users": serverCached("http.admin-users", 10_000, false), // same list for every admin
  "GET /api/admin/api-keys": serverCached("http.admin-api-keys", 10_000, false),
  "GET /api/security-performance/performance/cache/stats": noStore, // live figures
  // Time-stamped live figures: never the same body twice, so a validator would never match.
  "GET /api/security-performance/status": noStore,
  "GET /api/security-performance/performance/status": noStore,
  "GET /api/security-performance/performance/metrics": noStore,
  // The same body until the next sample (lib/http/prepared-answer.ts: JSON and ETag made once per sample): a poll in between costs a 304.
  "GET /api/security-performance/performance/resource-usage": privateRevalidate,
  "GET /api/security-performance/security/status": noStore, // counts to the second (lib/audit currentSecurityStatus)
  // Not here: audit-log (its CSV/JSON exports stream, and buffering them for an ETag would not) and
  // /api/metrics (Prometheus scrapers do not revalidate).
} as const satisfies Record<string, HttpCachePolicy>;

export type CachedRoute = keyof typeof HTTP_CACHE_TABLE;

const compiled: Array<{ pattern: RoutePattern; policy: HttpCachePolicy }> = Object.entries(HTTP_CACHE_TABLE as Record<string, HttpCachePolicy>).map(([route, policy]) => ({
  pattern: parseRoutePattern(route),
  policy,
}));

/** The policy for a request, or null (not in the table: the route's own headers stand). */
export function httpCachePolicyFor(method: string, path: string): HttpCachePolicy | null {
  const segments = pathSegments(path);
  return compiled.find(({ pattern }) => matchRoute(pattern, method, segments) !== null)?.policy ?? null;
}

/** Who a per-caller entry belongs to: the user or the API key, never shared between them. */
export function callerId(principal: Principal | null): string {
  if (!principal) return "anonymous";
  return principal.kind === "user" ? `user:${principal.userId}` : `key:${principal.keyId}`;
}

/** The server-cache key: path, query in a stable order and, for per-caller policies, the caller. */
export function httpCacheKey(policy: HttpCachePolicy, url: URL, principal: Principal | null): string {
  const query = new URLSearchParams(url.searchParams);
  query.sort();
  const base = `${url.pathname}?${query.toString()}`;
  return policy.server?.perCaller ? `${base}|${callerId(principal)}` : base;
}

/** A weak validator of the (uncompressed) body: compression changes the bytes, not the meaning. */
export function etagOf(body: string): string {
  return `W/"${sha256Base64url(body).slice(0, 27)}"`;
}

/** Whether If-None-Match names `etag` (weak comparison, RFC 9110 §13.1.2), or is `*`. */
export function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((tag) => opaque(tag) === wanted);
}
