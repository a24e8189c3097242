import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as prometheus from "@/app/api/metrics/route";
import * as metrics from "@/app/api/security-performance/performance/metrics/route";
import * as resourceUsage from "@/app/api/security-performance/performance/resource-usage/route";
import * as status from "@/app/api/security-performance/performance/status/route";
import { getAuditWriter } from "@/lib/audit";
import { etagOf } from "@/lib/http/http-cache";
import type { Scope } from "@/lib/auth/roles";
import { AlertMonitor } from "@/lib/monitoring/alerts/monitor";
import { alertRules } from "@/lib/monitoring/alerts/rules";
import { recordRequest, requestMetrics } from "@/lib/monitoring/request-metrics";
import { Sampler, setSampler } from "@/lib/monitoring/sampler/sampler";
import { params, request, startTestApp, type Provider, type TestApp } from "../support/app";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();

type Init = Parameters<typeof request>[1];
const endpoints: Array<{ name: string; scope: Scope; call: (init: Init) => Promise<Response> }> = [
  { name: "GET .../performance/status", scope: "status:read", call: (init) => status.GET(request("/api/security-performance/performance/status", init), params()) },
  { name: "GET .../performance/metrics", scope: "metrics:read", call: (init) => metrics.GET(request("/api/security-performance/performance/metrics", init), params()) },
  { name: "GET .../performance/resource-usage", scope: "metrics:read", call: (init) => resourceUsage.GET(request("/api/security-performance/performance/resource-usage?range=5m", init), params()) },
  { name: "GET /api/metrics", scope: "metrics:read", call: (init) => prometheus.GET(request("/api/metrics", init), params()) },
];
const OTHER_SCOPES: Scope[] = ["status:read", "metrics:read", "audit:read", "cache:write"];

function suite(provider: Provider) {
  let app: TestApp;
  let admin: string;
  let user: string;
  const sampler = new Sampler({ intervalMs: 200, slowIntervalMs: 60_000 });
  beforeAll(async () => {
    app = await startTestApp(provider);
    admin = (await app.signedIn("admin")).cookie;
    user = (await app.signedIn("user")).cookie;
    await sampler.start();
    setSampler(sampler);
    delete (globalThis as Record<symbol, unknown>)[Symbol.for("printguard.monitoring.requests")]; // fresh counts per suite
    recordRequest(requestMetrics(), { route: "/api/admin/users/[id]", method: "PATCH", status: 404, durationMs: 12, requestId: "req-test-1" });
  });
  afterAll(async () => {
    sampler.stop();
    setSampler(null);
    await app.close();
  });

  for (const endpoint of endpoints) {
    it(`${endpoint.name}: anonymous 401, user 403, key without ${endpoint.scope} 403, key with it 200, admin 200`, async () => {
      const anonymous = await endpoint.call({});
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
      expect((await endpoint.call({ cookie: user })).status).toBe(403);
      const without = await endpoint.call({ bearer: await app.apiKey(OTHER_SCOPES.filter((s) => s !== endpoint.scope)) });
      expect(without.status).toBe(403);
      expect((await without.json()).detail).toContain(endpoint.scope);
      expect((await endpoint.call({ bearer: await app.apiKey([endpoint.scope]) })).status).toBe(200);
      expect((await endpoint.call({ cookie: admin })).status).toBe(200);
    });
  }

  it("status reports resources, the request window and alerts", async () => {
    const body = await (await status.GET(request("/api/security-performance/performance/status", { cookie: admin }), params())).json();
    expect(body).toMatchObject({
      status: expect.stringMatching(/^(ok|degraded|critical)$/),
      sampler: { running: true },
      resources: { cpuUsage: expect.any(Number), cores: expect.any(Number), memoryTotalBytes: expect.any(Number), processRssBytes: expect.any(Number) },
      requests: { requests: expect.any(Number), inFlight: expect.any(Number) },
      alerts: [],
    });
  });

  it("metrics lists routes with percentiles", async () => {
    const body = await (await metrics.GET(request("/api/security-performance/performance/metrics", { cookie: admin }), params())).json();
    expect(body.routes).toContainEqual(expect.objectContaining({ route: "/api/admin/users/[id]", method: "PATCH", count: 1, errors4xx: 1, p95Ms: 12 }));
    expect(body).toMatchObject({ slowRequestMs: expect.any(Number), window: { requests: expect.any(Number) } });
  });

  it("resource-usage answers 5m from memory and 7d from rollups, and names a bad range", async () => {
    const five = await (await resourceUsage.GET(request("/api/security-performance/performance/resource-usage?range=5m", { cookie: admin }), params())).json();
    expect(five).toMatchObject({ range: "5m", source: "memory", current: { cores: expect.any(Array) } });
    expect(five.points.length).toBeGreaterThan(0);
    expect(five.points[0]).toMatchObject({ t: expect.any(Number), cpu: expect.any(Number), memoryUsedBytes: expect.any(Number) });
    // a value of its own per database: an answer remembered from the other suite's database would show
    const sum = provider === "sqlite" ? 9 : 12;
    await app.db.metricRollup.create({ data: { metric: "cpu.usage", bucketStart: new Date(Date.now() - 3_600_000), count: 30, min: 0.1, max: 0.5, sum, labels: "{}" } });
    const week = await (await resourceUsage.GET(request("/api/security-performance/performance/resource-usage?range=7d", { cookie: admin }), params())).json();
    expect(week).toMatchObject({ range: "7d", source: "rollups", stepSeconds: 1800 });
    expect(week.points).toContainEqual(expect.objectContaining({ cpu: expect.closeTo(sum / 30, 9) }));
    const bad = await resourceUsage.GET(request("/api/security-performance/performance/resource-usage?range=2y", { cookie: admin }), params());
    expect(bad.status).toBe(422);
    expect((await bad.json()).errors).toEqual([{ field: "query.range", message: expect.stringContaining("5m, 1h, 24h or 7d") }]);
  });

  it("resource-usage carries its version's ETag: a poll before the next sample gets a body-less 304", async () => {
    const path = "/api/security-performance/performance/resource-usage?range=5m";
    let notModified: Response | null = null;
    // Samples arrive every 200 ms here; a poll that straddles one gets the new version (a 200).
    for (let attempt = 0; attempt < 5 && !notModified; attempt++) {
      const first = await resourceUsage.GET(request(path, { cookie: admin }), params());
      const etag = first.headers.get("etag")!;
      expect(etag).toBe(etagOf(await first.text()));
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
      const again = await resourceUsage.GET(request(path, { cookie: admin, headers: { "if-none-match": etag } }), params());
      if (again.status === 304) notModified = again;
      else expect(again.headers.get("etag")).not.toBe(etag);
    }
    expect(notModified?.status).toBe(304);
    expect(await notModified!.text()).toBe("");
    expect(notModified!.headers.get("vary")).toContain("Accept-Encoding");
  });

  it("alert transitions are written to the audit log as alert.fired and alert.resolved", async () => {
    const monitor = new AlertMonitor(alertRules({ memory: { forSamples: 2, clearSamples: 1 } }));
    const t0 = Date.now();
    monitor.evaluate({ memory: 0.97 }, t0);
    monitor.evaluate({ memory: 0.97 }, t0 + 2_000);
    monitor.evaluate({ memory: 0.5 }, t0 + 4_000);
    await getAuditWriter().flush();
    const rows = await app.db.auditEvent.findMany({ where: { type: { in: ["alert.fired", "alert.resolved"] } }, orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.type, r.level, r.outcome, r.actorType])).toEqual([["alert.fired", "high", "fired", "system"], ["alert.resolved", "info", "resolved", "system"]]);
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ rule: "memory", from: "ok", to: "critical", value: 0.97, threshold: 0.95 });
  });

  it("/api/metrics is Prometheus text with base units, _total counters and histograms", async () => {
    const response = await prometheus.GET(request("/api/metrics", { bearer: await app.apiKey(["metrics:read"]) }), params());
    expect(response.headers.get("content-type")).toContain("text/plain");
    const text = await response.text();
    expect(text).toContain("# TYPE printguard_http_requests_total counter");
    expect(text).toContain('printguard_http_requests_total{route="/api/admin/users/[id]",method="PATCH",status_class="4xx"} 1');
    expect(text).toContain("# TYPE printguard_http_request_duration_seconds histogram");
    expect(text).toContain('printguard_http_request_duration_seconds_bucket{route="/api/admin/users/[id]",method="PATCH",le="0.025"} 1');
    expect(text).toContain('printguard_http_request_duration_seconds_bucket{route="/api/admin/users/[id]",method="PATCH",le="0.01"} 0');
    expect(text).toMatch(/printguard_http_request_duration_seconds_sum\{route="\/api\/admin\/users\/\[id\]",method="PATCH"\} 0\.012/);
    expect(text).toMatch(/^printguard_cpu_usage_ratio [0-9.e-]+$/m);
    expect(text).toMatch(/^printguard_memory_used_bytes \d+/m);
    expect(text).toMatch(/^printguard_process_resident_memory_bytes \d+/m);
  });
}

describe("monitoring API on SQLite", () => suite("sqlite"));
describeWithService("postgres", pgUp)("monitoring API on PostgreSQL", () => suite("postgresql"));
