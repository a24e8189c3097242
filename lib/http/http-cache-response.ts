import type { Principal } from "@/lib/auth/principal";
import { getCache } from "@/lib/cache";
import { appendVary } from "./compression";
import { etagOf, HTTP_CACHE_TABLE, httpCacheKey, ifNoneMatchMatches, type CachedRoute, type HttpCachePolicy } from "./http-cache";

/** A response as the cache keeps it: JSON data only. */
interface Snapshot {
  status: number;
  headers: Array<[string, string]>;
  body: string;
  etag: string | null;
}

// Headers the policy owns, that describe transport, or that must never be replayed to someone else.
const NOT_KEPT = new Set(["cache-control", "etag", "vary", "content-length", "content-encoding", "set-cookie"]);

async function snapshotOf(response: Response, withEtag: boolean): Promise<Snapshot> {
  const body = await response.text();
  const headers = [...response.headers].filter(([name]) => !NOT_KEPT.has(name.toLowerCase()));
  return { status: response.status, headers, body, etag: withEtag && response.status === 200 ? etagOf(body) : null };
}

function responseFrom(snapshot: Snapshot, policy: HttpCachePolicy, ifNoneMatch: string | null): Response {
  const headers = new Headers(snapshot.headers);
  const ok = snapshot.status >= 200 && snapshot.status < 300;
  if (ok) applyPolicy(headers, policy, snapshot.etag);
  if (snapshot.etag && snapshot.status === 200 && ifNoneMatchMatches(ifNoneMatch, snapshot.etag)) return notModified(headers);
  return new Response(snapshot.body, { status: snapshot.status, headers });
}

/** The policy's Cache-Control and Vary, and the validator, on a successful answer's headers. */
function applyPolicy(headers: Headers, policy: HttpCachePolicy, etag: string | null): void {
  headers.set("cache-control", policy.cacheControl);
  if (policy.vary.length > 0) headers.set("vary", policy.vary.join(", "));
  if (etag) headers.set("etag", etag);
}

/** The body-less 304 standing for a 200 with these headers. */
function notModified(headers: Headers): Response {
  headers.delete("content-type");
  // The 200 it stands for varies by Accept-Encoding too (its JSON may be compressed): say so here as well.
  headers.set("vary", appendVary(headers.get("vary"), "Accept-Encoding"));
  return new Response(null, { status: 304, headers });
}

/**
 * Produces a GET answer under `policy`: from the server cache when the policy keeps one (one load
 * per key at a time; only 200s are stored), with the policy's Cache-Control and Vary on success,
 * an ETag, and a 304 when If-None-Match names it. Call it after authorization.
 */
export async function cachedResponse(
  policy: HttpCachePolicy,
  request: Request,
  principal: Principal | null,
  produce: () => Promise<Response>,
): Promise<Response> {
  const ifNoneMatch = request.headers.get("if-none-match");
  if (request.method !== "GET" && request.method !== "HEAD") return produce();
  if (policy.server) {
    const key = httpCacheKey(policy, new URL(request.url), principal);
    const snapshot = await getCache().getOrLoad(policy.server.namespace, key, async () => snapshotOf(await produce(), policy.etag), {
      ttlMs: policy.server.ttlMs,
      cacheIf: (s) => s.status === 200,
    });
    return responseFrom(snapshot, policy, ifNoneMatch);
  }
  const response = await produce();
  if (!policy.etag) {
    if (response.ok) response.headers.set("cache-control", policy.cacheControl);
    return response;
  }
  // A route that knows its answer's version sends its own ETag (computed once per version, see
  // lib/http/prepared-answer.ts): the body need not be read and hashed again on every request.
  const own = response.status === 200 ? response.headers.get("etag") : null;
  if (own) {
    applyPolicy(response.headers, policy, own);
    if (ifNoneMatchMatches(ifNoneMatch, own)) {
      await response.body?.cancel();
      return notModified(new Headers(response.headers));
    }
    return response;
  }
  return responseFrom(await snapshotOf(response, true), policy, ifNoneMatch);
}

/**
 * Forgets every server-cached answer of a table route (here and, through the cache's pub/sub, in
 * every instance): call it after a write that changes what the route returns.
 */
export async function invalidateCachedRoute(route: CachedRoute): Promise<void> {
  const namespace = (HTTP_CACHE_TABLE[route] as HttpCachePolicy).server?.namespace;
  if (namespace) await getCache().clear({ scope: "namespace", namespace });
}
