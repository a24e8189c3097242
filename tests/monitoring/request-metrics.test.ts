import { describe, expect, it } from "vitest";
import { newRequestMetrics, recentWindow, recordRequest, routeSummaries, slowRequests, SLOT_MS } from "@/lib/monitoring/request-metrics";
import { routeTableFrom, UNMATCHED, NEXT_ASSETS } from "@/lib/monitoring/route-table";

const T0 = 1_700_000_000_000;

describe("request metrics", () => {
  it("counts per route pattern and method, with 4xx, 5xx and percentiles", () => {
    const state = newRequestMetrics(500, T0);
    for (let i = 1; i <= 100; i++) recordRequest(state, { route: "/api/x/[id]", method: "GET", status: i <= 90 ? 200 : i <= 95 ? 404 : 503, durationMs: i, requestId: `r${i}` }, T0 + i);
    recordRequest(state, { route: "/api/x/[id]", method: "BREW", status: 200, durationMs: 1, requestId: null }, T0);
    const [get, other] = routeSummaries(state);
    expect(get).toMatchObject({ route: "/api/x/[id]", method: "GET", count: 100, errors4xx: 5, errors5xx: 5, p50Ms: 50, p95Ms: 95, p99Ms: 99, meanMs: 50.5 });
    expect(other).toMatchObject({ method: "OTHER", count: 1 });
  });

  it("keeps the slowest recent requests above the threshold, newest first", () => {
    const state = newRequestMetrics(1_000, T0);
    recordRequest(state, { route: "/a", method: "GET", status: 200, durationMs: 999, requestId: "fast" }, T0);
    recordRequest(state, { route: "/b", method: "POST", status: 500, durationMs: 1_500, requestId: "slow1" }, T0 + 1);
    recordRequest(state, { route: "/c", method: "GET", status: 200, durationMs: 2_000, requestId: "slow2" }, T0 + 2);
    expect(slowRequests(state).map((r) => [r.requestId, r.route, r.status, r.durationMs])).toEqual([["slow2", "/c", 200, 2000], ["slow1", "/b", 500, 1500]]);
  });

  it("the recent window covers the last minute only (controlled clock)", () => {
    const state = newRequestMetrics(1_000, T0);
    for (let i = 0; i < 50; i++) recordRequest(state, { route: "/a", method: "GET", status: i < 10 ? 500 : i < 15 ? 429 : 200, durationMs: 10, requestId: null }, T0);
    const now = recentWindow(state, T0 + 30_000);
    expect(now).toMatchObject({ requests: 50, errors5xx: 10, rateLimited: 5, errorRate: 0.2, p95Ms: 10 });
    expect(now.requestsPerSecond).toBeCloseTo(50 / 30, 1);
    const later = recentWindow(state, T0 + 6 * SLOT_MS + 1);
    expect(later).toMatchObject({ requests: 0, errorRate: 0, p95Ms: null });
  });
});

describe("route table from Next's routes-manifest", () => {
  const table = routeTableFrom({
    staticRoutes: [{ page: "/", regex: "^/(?:/)?$" }, { page: "/dashboard", regex: "" }, { page: "/api/health", regex: "" }],
    dynamicRoutes: [
      { page: "/api/admin/users/[id]", regex: "^/api/admin/users/([^/]+?)(?:/)?$" },
      { page: "/api/[...path]", regex: "^/api/(.+?)(?:/)?$" },
    ],
  });
  it("labels paths with the pattern Next serves them with, bounded for unknown paths", () => {
    expect(table.match("/")).toBe("/");
    expect(table.match("/dashboard/")).toBe("/dashboard");
    expect(table.match("/api/health")).toBe("/api/health");
    expect(table.match("/api/admin/users/abc123")).toBe("/api/admin/users/[id]");
    expect(table.match("/api/nope/deeper")).toBe("/api/[...path]");
    expect(table.match("/_next/static/chunks/x.js")).toBe(NEXT_ASSETS);
    expect(table.match("/wp-login.php")).toBe(UNMATCHED);
  });
});
