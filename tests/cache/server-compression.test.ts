// The wire format against the built server (dist/server.js): Next 16 drops Content-Encoding from
// route-handler responses and gzips on its own, so what a client receives is only known here.
import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { Redis as IoRedis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithService, redisAvailable } from "../support/services";
import { signInOverHttp, spawnServer, stopServer, waitReady, type RunningServer } from "../support/server";

const ADMIN = { PRINTGUARD_ADMIN_EMAIL: "admin@cache.test", PRINTGUARD_ADMIN_PASSWORD: "cache-admin-password", RATE_LIMIT_MODE: "off", LOG_LEVEL: "warn" };

/** A raw GET: undici's fetch would decode the body and hide what was on the wire. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function adminSession(server: RunningServer): Promise<string> {
  const { sessionCookie } = await signInOverHttp(server.url, ADMIN.PRINTGUARD_ADMIN_EMAIL, ADMIN.PRINTGUARD_ADMIN_PASSWORD);
  return sessionCookie!;
}

describe("compression on the wire (built server)", () => {
  let server: RunningServer;
  let cookie: string;
  let identity: Buffer;
  const keys = (acceptEncoding?: string, extra: Record<string, string> = {}) =>
    rawGet(`${server.url}/api/admin/api-keys`, { cookie, ...(acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding }), ...extra });

  beforeAll(async () => {
    server = await spawnServer(ADMIN);
    await waitReady(server);
    cookie = await adminSession(server);
    for (let i = 0; i < 10; i++) {
      const created = await fetch(`${server.url}/api/admin/api-keys`, { method: "POST", headers: { cookie, "content-type": "application/json", "sec-fetch-site": "same-origin" }, body: JSON.stringify({ name: `frontend ${i}`, scopes: ["metrics:read"] }) });
      expect(created.status).toBe(201);
    }
    identity = (await keys()).body;
    expect(identity.byteLength).toBeGreaterThan(1024);
  }, 120_000);
  afterAll(() => stopServer(server, { removeData: true }));

  const cases: Array<[string, "br" | "gzip"]> = [["br", "br"], ["gzip, deflate, br", "br"], ["gzip", "gzip"], ["br;q=0.5, gzip", "gzip"]];
  for (const [acceptEncoding, expected] of cases) {
    it(`Accept-Encoding "${acceptEncoding}": Content-Encoding ${expected}, compressed once, decoding gives the identity body`, async () => {
      const response = await keys(acceptEncoding);
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBe(expected);
      expect(response.headers["x-printguard-content-encoding"]).toBeUndefined();
      expect(String(response.headers.vary)).toMatch(/Accept-Encoding/i);
      const decoded = expected === "br" ? brotliDecompressSync(response.body) : gunzipSync(response.body);
      expect(decoded.equals(identity)).toBe(true);
      expect(response.body.byteLength).toBeLessThan(identity.byteLength / 2);
    });
  }

  it("no Accept-Encoding (or identity): the JSON as it is", async () => {
    for (const value of [undefined, "identity"]) {
      const response = await keys(value);
      expect(response.headers["content-encoding"]).toBeUndefined();
      expect(JSON.parse(response.body.toString("utf8")).apiKeys).toHaveLength(10);
    }
  });

  it("a matching If-None-Match gets a 304 without a body", async () => {
    const etag = String((await keys("br")).headers.etag);
    const again = await keys("br", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
    expect(again.headers.etag).toBe(etag);
  });

  it("the compressed bytes are counted in the cache stats", async () => {
    const stats = await fetch(`${server.url}/api/security-performance/performance/cache/stats`, { headers: { cookie } });
    const body = await stats.json();
    expect(body.compression.responses).toBeGreaterThanOrEqual(5);
    expect(body.compression.bytesSaved).toBeGreaterThan(0);
    expect(body.compression.byEncoding.br.responses).toBeGreaterThanOrEqual(2);
  });

  it("pages are still gzip-compressed by Next, once", async () => {
    const page = await rawGet(`${server.url}/login`, { "accept-encoding": "gzip" });
    expect(page.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(page.body).toString("utf8")).toMatch(/^<!DOCTYPE html>/i);
  });
});

describeWithService("redis", await redisAvailable())("two built servers sharing Redis", () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => stopServer(s)));
    const admin = new IoRedis("redis://127.0.0.1:6379");
    const keys = await admin.keys("printguard:cache:http.admin-users:*");
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it("a clear on one instance empties the other's L1: the next list there shows a change made behind the cache", async () => {
    const env = { ...ADMIN, REDIS_URL: "redis://127.0.0.1:6379" };
    const a = await spawnServer(env);
    servers.push(a);
    await waitReady(a);
    const b = await spawnServer(env, a.dataDir); // same SQLite database, like two instances behind a balancer
    servers.push(b);
    await waitReady(b);
    const [cookieA, cookieB] = [await adminSession(a), await adminSession(b)];
    const list = async (server: RunningServer, cookie: string) => (await (await fetch(`${server.url}/api/admin/users`, { headers: { cookie } })).json()).users as Array<{ email: string; name: string | null }>;
    const clear = (server: RunningServer, cookie: string, body: unknown) =>
      fetch(`${server.url}/api/security-performance/performance/cache/clear`, { method: "POST", headers: { cookie, "content-type": "application/json", "sec-fetch-site": "same-origin" }, body: JSON.stringify(body) });

    expect((await clear(a, cookieA, { scope: "namespace", namespace: "http.admin-users" })).status).toBe(200);
    const before = await list(b, cookieB); // b loads and keeps the list in its L1 (and Redis)
    expect(before.find((u) => u.email === ADMIN.PRINTGUARD_ADMIN_EMAIL)).toBeTruthy();

    // A write on a clears the namespace: in Redis, and by pub/sub in b's L1 (else b would show its copy for 10 s).
    const created = await fetch(`${a.url}/api/admin/users`, { method: "POST", headers: { cookie: cookieA, "content-type": "application/json", "sec-fetch-site": "same-origin" }, body: JSON.stringify({ email: "late@cache.test", password: "a long initial password" }) });
    expect(created.status).toBe(201);
    let seen = false;
    for (let i = 0; i < 50 && !seen; i++) {
      seen = (await list(b, cookieB)).some((u) => u.email === "late@cache.test");
      if (!seen) await new Promise((r) => setTimeout(r, 20));
    }
    expect(seen).toBe(true);

    const statsB = await (await fetch(`${b.url}/api/security-performance/performance/cache/stats`, { headers: { cookie: cookieB } })).json();
    expect(statsB.cache.l2).toMatchObject({ enabled: true, reachable: true });
    expect(statsB.cache.l2.namespaces["http.admin-users"].entries).toBe(1);
  }, 180_000);
});
