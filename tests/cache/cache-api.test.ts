import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiKeys from "@/app/api/admin/api-keys/route";
import * as users from "@/app/api/admin/users/route";
import * as me from "@/app/api/me/route";
import * as clearRoute from "@/app/api/security-performance/performance/cache/clear/route";
import * as statsRoute from "@/app/api/security-performance/performance/cache/stats/route";
import { getAuditWriter } from "@/lib/audit";
import type { Principal } from "@/lib/auth/principal";
import { getCache, MultiLevelCache, setCache } from "@/lib/cache";
import { RELAY_HEADER } from "@/lib/http/compression-relay";
import { markOwnServer } from "@/lib/http/own-server";
import { serverCached } from "@/lib/http/http-cache";
import { cachedResponse } from "@/lib/http/http-cache-response";
import { params, request, startTestApp, type TestApp } from "../support/app";

type Init = Parameters<typeof request>[1];
const STATS = "/api/security-performance/performance/cache/stats";
const CLEAR = "/api/security-performance/performance/cache/clear";

describe("HTTP caching, compression and the cache endpoints (route handlers, SQLite)", () => {
  let app: TestApp;
  let admin: { userId: string; cookie: string };
  let otherAdmin: { userId: string; cookie: string };
  let user: { userId: string; cookie: string };
  beforeAll(async () => {
    app = await startTestApp("sqlite");
    setCache(new MultiLevelCache({ l1MaxBytes: 1024 * 1024, defaultTtlMs: 60_000 }));
    admin = await app.signedIn("admin");
    otherAdmin = await app.signedIn("admin");
    user = await app.signedIn("user");
  });
  afterAll(async () => {
    await getCache().close();
    setCache(undefined);
    await app.close();
  });

  const listUsers = (init: Init = {}) => users.GET(request("/api/admin/users", init), params());
  const stats = (init: Init = {}) => statsRoute.GET(request(STATS, init), params());
  const clear = (json: unknown, init: Init = {}) => clearRoute.POST(request(CLEAR, { ...init, method: "POST", json }), params());

  describe("HTTP caching from the policy table", () => {
    it("a table route answers with the table's Cache-Control, Vary and an ETag; If-None-Match gives a body-less 304", async () => {
      const first = await listUsers({ cookie: admin.cookie });
      expect(first.status).toBe(200);
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
      expect(first.headers.get("vary")).toBe("Authorization, Cookie");
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^W\/"/);
      expect(first.headers.get("x-request-id")).toBeTruthy();
      const body = await first.json();
      expect(body.users.map((u: { id: string }) => u.id)).toContain(admin.userId);

      const again = await listUsers({ cookie: admin.cookie, headers: { "if-none-match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toBe("private, no-cache");
      expect(again.headers.get("vary")).toBe("Authorization, Cookie, Accept-Encoding");

      const stale = await listUsers({ cookie: admin.cookie, headers: { "if-none-match": 'W/"something-else"' } });
      expect(stale.status).toBe(200);
      expect(await stale.json()).toEqual(body);
    });

    it("the list is served from the server cache until a write through the API clears it", async () => {
      await listUsers({ cookie: admin.cookie }); // warm
      const created = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { email: `cached-${Date.now()}@example.com`, password: "a long initial password" } }), params());
      expect(created.status).toBe(201);
      const { user: newUser } = await created.json();
      const after = await (await listUsers({ cookie: admin.cookie })).json();
      expect(after.users.map((u: { id: string }) => u.id)).toContain(newUser.id);

      // A change behind the API's back (the CLI, another tool) is not seen until the entry expires or is cleared.
      await app.db.user.update({ where: { id: newUser.id }, data: { name: "Renamed Directly" } });
      const cached = await (await listUsers({ cookie: admin.cookie })).json();
      expect(cached.users.find((u: { id: string }) => u.id === newUser.id).name).not.toBe("Renamed Directly");
      const l1 = (await getCache().stats()).l1.namespaces["http.admin-users"];
      expect(l1!.hits).toBeGreaterThan(0);
      expect((await clear({ scope: "namespace", namespace: "http.admin-users" }, { cookie: admin.cookie })).status).toBe(200);
      const fresh = await (await listUsers({ cookie: admin.cookie })).json();
      expect(fresh.users.find((u: { id: string }) => u.id === newUser.id).name).toBe("Renamed Directly");
    });

    it("authorization runs before the cache: a non-admin never gets the cached admin list", async () => {
      await listUsers({ cookie: admin.cookie });
      const refused = await listUsers({ cookie: user.cookie });
      expect(refused.status).toBe(403);
      expect(refused.headers.get("cache-control")).toBe("no-store");
      expect(JSON.stringify(await refused.json())).not.toContain(admin.userId);
      expect((await listUsers({})).status).toBe(401);
    });

    it("a per-caller policy keys by caller: user A never gets user B's cached body", async () => {
      const policy = serverCached("http.test-per-caller", 60_000, true);
      const principalA: Principal = { kind: "user", userId: admin.userId, email: "a@example.com", role: "admin", mfa: false };
      const principalB: Principal = { kind: "user", userId: otherAdmin.userId, email: "b@example.com", role: "admin", mfa: false };
      let loads = 0;
      const answer = (p: Principal) => async () => (loads++, Response.json({ me: p.kind === "user" ? p.userId : null }));
      const get = () => request("/api/per-caller?x=1");
      const a1 = await (await cachedResponse(policy, get(), principalA, answer(principalA))).json();
      const b1 = await (await cachedResponse(policy, get(), principalB, answer(principalB))).json();
      const a2 = await (await cachedResponse(policy, get(), principalA, answer(principalA))).json();
      const b2 = await (await cachedResponse(policy, get(), principalB, answer(principalB))).json();
      expect([a1, a2]).toEqual([{ me: admin.userId }, { me: admin.userId }]);
      expect([b1, b2]).toEqual([{ me: otherAdmin.userId }, { me: otherAdmin.userId }]);
      expect(loads).toBe(2); // the second round came from the cache, each from its own entry
    });

    it("/api/me is never cached: no-store, no ETag", async () => {
      const response = await me.GET(request("/api/me", { cookie: user.cookie }), params());
      expect(response.status).toBe(200);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("etag")).toBeNull();
    });
  });

  describe("compression through apiRoute (the wire format is checked against the built server in server-compression.test.ts)", () => {
    beforeAll(() => markOwnServer());
    afterAll(() => void delete (globalThis as Record<symbol, unknown>)[Symbol.for("printguard.own-server")]);
    const keysList = (acceptEncoding?: string) =>
      apiKeys.GET(request("/api/admin/api-keys", { cookie: admin.cookie, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }), params());

    it("a JSON answer above the threshold is compressed by Accept-Encoding and decompresses to the same JSON", async () => {
      for (let i = 0; i < 12; i++) await app.apiKey(["metrics:read"]); // makes the key list comfortably > 1 KiB
      await clear({ scope: "all" }, { cookie: admin.cookie });
      const plain = await keysList();
      const plainText = await plain.text();
      expect(plainText.length).toBeGreaterThan(1024);
      expect(plain.headers.get(RELAY_HEADER)).toBeNull();

      const br = await keysList("gzip, deflate, br");
      expect(br.headers.get(RELAY_HEADER)).toBe("br");
      expect(br.headers.get("vary")).toContain("Accept-Encoding");
      expect(brotliDecompressSync(Buffer.from(await br.arrayBuffer())).toString("utf8")).toBe(plainText);

      const gz = await keysList("br;q=0.1, gzip");
      expect(gz.headers.get(RELAY_HEADER)).toBe("gzip");
      expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")).toBe(plainText);
      // ETag names the representation before compression (weak), so it is the same for all three.
      expect(br.headers.get("etag")).toBe(plain.headers.get("etag"));
      expect(gz.headers.get("etag")).toBe(plain.headers.get("etag"));
    });

    it("a small JSON answer stays uncompressed", async () => {
      const response = await me.GET(request("/api/me", { cookie: user.cookie, headers: { "accept-encoding": "br" } }), params());
      expect(response.headers.get(RELAY_HEADER)).toBeNull();
      expect(await response.json()).toMatchObject({ kind: "user", userId: user.userId });
    });
  });

  it("outside our server (next dev, bare next start) apiRoute leaves compression to Next", async () => {
    const response = await apiKeys.GET(request("/api/admin/api-keys", { cookie: admin.cookie, headers: { "accept-encoding": "br" } }), params());
    expect(response.headers.get(RELAY_HEADER)).toBeNull();
    expect(response.headers.get("content-encoding")).toBeNull();
    expect((await response.json()).apiKeys.length).toBeGreaterThan(0);
  });

  describe("cache endpoints", () => {
    it("stats: admin and metrics:read key 200; user, key without the scope 403; anonymous 401", async () => {
      const ok = await stats({ cookie: admin.cookie });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("cache-control")).toBe("no-store");
      const body = await ok.json();
      expect(body.cache.l1).toMatchObject({ enabled: true, maxBytes: 1024 * 1024, hits: expect.any(Number), misses: expect.any(Number), hitRate: expect.any(Number), evictions: expect.any(Number), entries: expect.any(Number), bytes: expect.any(Number) });
      expect(body.cache.l1.namespaces["http.admin-users"]).toMatchObject({ hits: expect.any(Number), entries: expect.any(Number) });
      expect(body.cache.l2).toMatchObject({ enabled: false });
      expect(body.compression).toMatchObject({ responses: expect.any(Number), bytesSaved: expect.any(Number) });

      expect((await stats({ bearer: await app.apiKey(["metrics:read"]) })).status).toBe(200);
      expect((await stats({ bearer: await app.apiKey(["status:read", "audit:read", "cache:write"]) })).status).toBe(403);
      expect((await stats({ cookie: user.cookie })).status).toBe(403);
      expect((await stats({})).status).toBe(401);
    });

    it("clear: admin and cache:write key 200; user, key without the scope 403; anonymous 401", async () => {
      expect((await clear({ scope: "all" }, { cookie: admin.cookie })).status).toBe(200);
      expect((await clear({ scope: "all" }, { bearer: await app.apiKey(["cache:write"]) })).status).toBe(200);
      expect((await clear({ scope: "all" }, { bearer: await app.apiKey(["status:read", "metrics:read", "audit:read"]) })).status).toBe(403);
      expect((await clear({ scope: "all" }, { cookie: user.cookie })).status).toBe(403);
      expect((await clear({ scope: "all" }, {})).status).toBe(401);
    });

    it("clear empties one key, one namespace or everything, and is audited as cache.cleared", async () => {
      const cache = getCache();
      await cache.set("jobs", "1", "one");
      await cache.set("jobs", "2", "two");
      await cache.set("printers", "p", "printer");
      const byKey = await clear({ scope: "key", namespace: "jobs", key: "1" }, { cookie: admin.cookie });
      expect(await byKey.json()).toEqual({ cleared: { scope: "key", namespace: "jobs", key: "1" }, l2Removed: null, broadcast: false });
      expect([await cache.get("jobs", "1"), await cache.get("jobs", "2")]).toEqual([undefined, "two"]);
      await clear({ scope: "namespace", namespace: "jobs" }, { cookie: admin.cookie });
      expect([await cache.get("jobs", "2"), await cache.get("printers", "p")]).toEqual([undefined, "printer"]);
      const key = await app.apiKey(["cache:write"]);
      await clear({ scope: "all" }, { bearer: key });
      expect(await cache.get("printers", "p")).toBeUndefined();

      await getAuditWriter().flush();
      const events = await app.db.auditEvent.findMany({ where: { type: "cache.cleared", route: CLEAR }, orderBy: { id: "asc" } });
      const details = events.map((e) => JSON.parse(e.details));
      expect(details).toEqual(expect.arrayContaining([
        expect.objectContaining({ scope: "key", namespace: "jobs", key: "1" }),
        expect.objectContaining({ scope: "namespace", namespace: "jobs" }),
      ]));
      expect(events.find((e) => e.actorType === "apiKey")).toMatchObject({ level: "medium", outcome: "succeeded", method: "POST" });
      expect(events.find((e) => e.actorId === admin.userId)).toBeTruthy();
    });

    const bad: Array<[string, unknown, string]> = [
      ["unknown scope", { scope: "everything" }, "body.scope"],
      ["no scope", {}, "body.scope"],
      ["namespace missing", { scope: "namespace" }, "body.namespace"],
      ["namespace with a glob", { scope: "namespace", namespace: "jobs*" }, "body.namespace"],
      ["key missing", { scope: "key", namespace: "jobs" }, "body.key"],
      ["empty key", { scope: "key", namespace: "jobs", key: "" }, "body.key"],
      ["extra field", { scope: "all", namespace: "jobs" }, "body"],
      ["not an object", ["all"], "body"],
    ];
    for (const [name, body, field] of bad) {
      it(`clear refuses ${name} with 422 naming ${field}`, async () => {
        const response = await clear(body, { cookie: admin.cookie });
        expect(response.status).toBe(422);
        expect(response.headers.get("content-type")).toBe("application/problem+json");
        const problem = await response.json();
        expect(problem.type).toBe("/problems/validation-failed");
        expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      });
    }

    it("clear refuses a body that is not JSON with 415", async () => {
      const response = await clearRoute.POST(request(CLEAR, { method: "POST", cookie: admin.cookie, body: "scope=all", headers: { "content-type": "application/x-www-form-urlencoded" } }), params());
      expect(response.status).toBe(415);
    });
  });
});
