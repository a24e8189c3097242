import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { etagOf, HTTP_CACHE_TABLE, httpCacheKey, httpCachePolicyFor, ifNoneMatchMatches, noStore, serverCached } from "@/lib/http/http-cache";

const alice: Principal = { kind: "user", userId: "u-alice", email: "a@example.com", role: "admin", mfa: false };
const bob: Principal = { kind: "user", userId: "u-bob", email: "b@example.com", role: "admin", mfa: false };
const key: Principal = { kind: "apiKey", keyId: "k1", name: "frontend", scopes: ["metrics:read"] };

describe("HTTP cache rules", () => {
  it("finds a route's policy in the table by method and path; anything else has none", () => {
    expect(httpCachePolicyFor("GET", "/api/admin/users")).toBe(HTTP_CACHE_TABLE["GET /api/admin/users"]);
    expect(httpCachePolicyFor("GET", "/api/me")).toBe(noStore);
    expect(httpCachePolicyFor("POST", "/api/admin/users")).toBeNull();
    expect(httpCachePolicyFor("GET", "/api/admin/users/u1")).toBeNull();
  });

  it("every table line parses and every server-cached line names a valid, distinct namespace", () => {
    const namespaces = Object.values(HTTP_CACHE_TABLE).flatMap((p) => ("server" in p && p.server ? [p.server.namespace] : []));
    expect(new Set(namespaces).size).toBe(namespaces.length);
    for (const ns of namespaces) expect(ns).toMatch(/^http\.[a-z0-9._-]+$/);
  });

  it("keys per caller only when the policy says the answer depends on who asks; query order does not matter", () => {
    const perCaller = serverCached("http.test", 1000, true);
    const shared = serverCached("http.test", 1000, false);
    const a = new URL("http://localhost/api/x?b=2&a=1");
    const b = new URL("http://localhost/api/x?a=1&b=2");
    expect(httpCacheKey(shared, a, alice)).toBe(httpCacheKey(shared, b, bob));
    expect(httpCacheKey(perCaller, a, alice)).not.toBe(httpCacheKey(perCaller, a, bob));
    expect(httpCacheKey(perCaller, a, key)).toBe("/api/x?a=1&b=2|key:k1");
    expect(httpCacheKey(perCaller, a, alice)).toBe("/api/x?a=1&b=2|user:u-alice");
  });

  it("ETags are weak, stable and change with the body", () => {
    expect(etagOf('{"a":1}')).toMatch(/^W\/"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf('{"a":1}')).toBe(etagOf('{"a":1}'));
    expect(etagOf('{"a":1}')).not.toBe(etagOf('{"a":2}'));
  });

  it("If-None-Match uses weak comparison, lists and *", () => {
    const tag = etagOf("body");
    const opaque = tag.slice(2);
    expect(ifNoneMatchMatches(tag, tag)).toBe(true);
    expect(ifNoneMatchMatches(opaque, tag)).toBe(true);
    expect(ifNoneMatchMatches(`"other", ${tag}`, tag)).toBe(true);
    expect(ifNoneMatchMatches("*", tag)).toBe(true);
    expect(ifNoneMatchMatches('"other"', tag)).toBe(false);
    expect(ifNoneMatchMatches(null, tag)).toBe(false);
  });
});
