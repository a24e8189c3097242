import { request as httpRequest, type ClientRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/client";
import { signInOverHttp, spawnServer, stopServer, waitReady, type RunningServer } from "../support/server";

const ADMIN = { PRINTGUARD_ADMIN_EMAIL: "admin@monitor.test", PRINTGUARD_ADMIN_PASSWORD: "monitor-admin-password" };

function useServer(env: Record<string, string>) {
  const running = {} as { server: RunningServer; db: Db; admin: string };
  beforeAll(async () => {
    running.server = await spawnServer({ ...ADMIN, RATE_LIMIT_MODE: "off", ...env });
    await waitReady(running.server);
    running.db = await openDb({ provider: "sqlite", file: join(running.server.dataDir, "printguard.db") });
    running.admin = (await signInOverHttp(running.server.url, ADMIN.PRINTGUARD_ADMIN_EMAIL, ADMIN.PRINTGUARD_ADMIN_PASSWORD)).sessionCookie!;
  }, 90_000);
  afterAll(async () => {
    await running.db?.$disconnect();
    await stopServer(running.server, { removeData: true });
  });
  return running;
}

describe("request metrics in the production server", () => {
  const running = useServer({ SLOW_REQUEST_MS: "1" });

  it("counts a page and API routes under Next's route patterns, with status, slow requests and Prometheus text", async () => {
    const { url } = running.server;
    const page = await fetch(`${url}/login`);
    expect(page.status).toBe(200);
    const pageId = page.headers.get("x-request-id");
    await page.text();
    expect((await fetch(`${url}/api/health`)).status).toBe(200);
    const dynamic = await fetch(`${url}/api/admin/users/some-user-id`);
    expect(dynamic.status).toBe(405); // the route only has PATCH
    await dynamic.text();

    const metrics = await (await fetch(`${url}/api/security-performance/performance/metrics`, { headers: { cookie: running.admin } })).json();
    const route = (path: string, method = "GET") => metrics.routes.find((r: { route: string; method: string }) => r.route === path && r.method === method);
    expect(route("/login")).toMatchObject({ count: expect.any(Number), errors4xx: 0, errors5xx: 0, p50Ms: expect.any(Number) });
    expect(route("/api/health")?.count).toBeGreaterThanOrEqual(1);
    expect(route("/api/admin/users/[id]")).toMatchObject({ count: 1, errors4xx: 1, errors5xx: 0 });
    expect(metrics.routes.some((r: { route: string }) => r.route === "/api/admin/users/some-user-id")).toBe(false);
    expect(metrics.slowRequests).toContainEqual(expect.objectContaining({ route: "/login", method: "GET", status: 200, requestId: pageId }));

    const created = await fetch(`${url}/api/admin/api-keys`, {
      method: "POST",
      headers: { cookie: running.admin, "content-type": "application/json", "sec-fetch-site": "same-origin" },
      body: JSON.stringify({ name: "prometheus", scopes: ["metrics:read"] }),
    });
    expect(created.status).toBe(201);
    const { key } = (await created.json()) as { key: string };
    const scrape = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${key}` } });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toMatch(/^printguard_http_requests_total\{route="\/login",method="GET",status_class="2xx"\} \d+$/m);
    expect(text).toMatch(/^printguard_http_request_duration_seconds_count\{route="\/api\/admin\/users\/\[id\]",method="GET"\} 1$/m);
    expect(text).toMatch(/^printguard_cpu_usage_ratio [0-9.e-]+$/m);
  });

  it("the sampler runs from instrumentation: status shows live resources", async () => {
    const body = await (await fetch(`${running.server.url}/api/security-performance/performance/status`, { headers: { cookie: running.admin } })).json();
    expect(body).toMatchObject({ sampler: { running: true, intervalMs: 2000 }, resources: { cpuUsage: expect.any(Number), memoryTotalBytes: expect.any(Number) } });
  });
});

/** Sends a POST whose body never completes: the request stays in flight until `end()`. */
function holdRequestOpen(url: string): { end: () => void } {
  const target = new URL("/api/me", url);
  const req: ClientRequest = httpRequest({ host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers: { "content-type": "application/json", "content-length": "1000" } });
  req.on("error", () => undefined);
  req.write("{");
  return { end: () => req.destroy() };
}

describe("load shedding in the production server", () => {
  const running = useServer({ MAX_IN_FLIGHT_REQUESTS: "1", SHED_RETRY_AFTER_SECONDS: "7" });

  it("past MAX_IN_FLIGHT_REQUESTS, non-admins get 503 problem+json with Retry-After; admins and liveness do not; sheds audited in aggregate", async () => {
    const { url } = running.server;
    const held = holdRequestOpen(url);
    try {
      await expect.poll(async () => (await fetch(`${url}/api/ready`)).status, { timeout: 10_000 }).toBe(503);
      const shed = await fetch(`${url}/api/ready`);
      expect(shed.status).toBe(503);
      expect(shed.headers.get("retry-after")).toBe("7");
      expect(shed.headers.get("content-type")).toBe("application/problem+json");
      expect(await shed.json()).toMatchObject({ type: "/problems/overloaded", status: 503, requestId: expect.any(String) });
      expect((await fetch(`${url}/dashboard`)).status).toBe(503); // pages too

      const admin = await fetch(`${url}/api/security-performance/performance/status`, { headers: { cookie: running.admin } });
      expect(admin.status).toBe(200);
      expect((await admin.json()).requests.inFlight).toBeGreaterThanOrEqual(2);
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
    } finally {
      held.end();
    }
    await expect.poll(async () => (await fetch(`${url}/api/ready`)).status, { timeout: 10_000 }).toBe(200);

    // The first shed is written at once; the others of the next 10 s together, in one event.
    const first = await waitFor(() => running.db.auditEvent.findMany({ where: { type: "request.shed" } }));
    expect(first).toHaveLength(1);
    expect(JSON.parse(first[0]!.details)).toMatchObject({ reason: "in-flight", limit: 1, shed: 1 });
    expect(first[0]).toMatchObject({ outcome: "blocked", level: "high" });
    const events = await waitFor(() => running.db.auditEvent.findMany({ where: { type: "request.shed" }, orderBy: { seq: "asc" } }), 15_000, 2);
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.details).shed).toBeGreaterThanOrEqual(2);
  }, 60_000);
});

async function waitFor<T extends unknown[]>(read: () => Promise<T>, timeoutMs = 5_000, atLeast = 1): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read();
    if (rows.length >= atLeast || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("metric rollups in the production server", () => {
  it("the minute in progress is written to MetricRollup at shutdown, before the database closes", async () => {
    const server = await spawnServer({ MONITOR_INTERVAL_MS: "250" });
    try {
      await waitReady(server);
      await new Promise((r) => setTimeout(r, 1_000)); // a few samples
    } finally {
      await stopServer(server);
    }
    const db = await openDb({ provider: "sqlite", file: join(server.dataDir, "printguard.db") });
    try {
      const cpu = await db.metricRollup.findMany({ where: { metric: "cpu.usage", labels: "{}" } });
      expect(cpu.length).toBeGreaterThanOrEqual(1);
      expect(cpu.reduce((n, r) => n + r.count, 0)).toBeGreaterThanOrEqual(2);
      for (const row of cpu) {
        expect(row.bucketStart.getTime() % 60_000).toBe(0);
        expect(row.min).toBeLessThanOrEqual(row.max);
      }
      expect(await db.metricRollup.count({ where: { metric: "disk.used_ratio" } })).toBeGreaterThanOrEqual(1);
    } finally {
      await db.$disconnect();
      await stopServer(server, { removeData: true });
    }
  }, 90_000);
});

describe("monitoring configuration at start-up", () => {
  it("a bad ALERT_RULES stops the server with one line naming it", async () => {
    const server = await spawnServer({ ALERT_RULES: '{"gpu":{"warning":1}}' });
    try {
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toContain('Invalid configuration: ALERT_RULES names an unknown rule "gpu"');
      expect(server.stderr()).not.toMatch(/\bat .+\.(ts|js):\d+/);
    } finally {
      await stopServer(server, { removeData: true });
    }
  }, 60_000);
});
