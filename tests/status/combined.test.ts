import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as combined from "@/app/api/security-performance/status/route";
import { currentSecurityStatus, getAuditWriter, recordAudit } from "@/lib/audit";
import type { Scope } from "@/lib/auth/roles";
import { securityVerdict, worstStatus } from "@/lib/status/combined";
import { params, request, startTestApp, type Provider, type TestApp } from "../support/app";
import { auditEvent } from "../audit/support";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();
const ALL_SCOPES: Scope[] = ["status:read", "metrics:read", "audit:read", "cache:write"];
type Init = Parameters<typeof request>[1];
const call = (init: Init) => combined.GET(request("/api/security-performance/status", init), params());

describe("combined status verdict", () => {
  const counts = (byLevel: Partial<Record<"info" | "low" | "medium" | "high" | "critical", number>>) => ({
    total: 0,
    byLevel: { info: 0, low: 0, medium: 0, high: 0, critical: 0, ...byLevel },
  });
  it("critical events in the last hour are critical, high ones degrade, the rest is ok", () => {
    expect(securityVerdict(counts({ critical: 1, high: 3 }))).toBe("critical");
    expect(securityVerdict(counts({ high: 1, medium: 40 }))).toBe("degraded");
    expect(securityVerdict(counts({ medium: 40, low: 9, info: 100 }))).toBe("ok");
  });
  it("the overall status is the worse of the two halves", () => {
    expect(worstStatus("ok", "degraded")).toBe("degraded");
    expect(worstStatus("critical", "degraded")).toBe("critical");
    expect(worstStatus("ok", "ok")).toBe("ok");
  });
});

function suite(provider: Provider) {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(provider);
  });
  afterAll(() => app.close());

  it("anonymous 401, user 403, key without status:read 403, key with it 200, admin 200", async () => {
    const anonymous = await call({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("content-type")).toBe("application/problem+json");
    expect((await call({ cookie: (await app.signedIn("user")).cookie })).status).toBe(403);
    const without = await call({ bearer: await app.apiKey(ALL_SCOPES.filter((s) => s !== "status:read")) });
    expect(without.status).toBe(403);
    expect((await call({ bearer: await app.apiKey(["status:read"]) })).status).toBe(200);
    expect((await call({ cookie: (await app.signedIn("admin")).cookie })).status).toBe(200);
  });

  it("joins both halves: a critical event of the last hour makes the whole status critical", async () => {
    recordAudit(auditEvent({ level: "critical", ip: "203.0.113.77", userAgent: null, requestId: "combined-status-1", details: { family: "sql_injection" } }));
    await getAuditWriter().flush();
    const body = await (await call({ cookie: (await app.signedIn("admin")).cookie })).json();
    expect(body.status).toBe("critical");
    expect(body.security.status).toBe("critical");
    expect(body.security.lastHour.byLevel.critical).toBeGreaterThanOrEqual(1);
    expect(body.security.protections.sanitizer.mode).toBe("enforce");
    expect(body.performance.requests).toBeDefined();
    expect(body.security.topOffenders).toContainEqual(expect.objectContaining({ ip: "203.0.113.77" }));
  });

  it("the threat summary is computed once per second and per stored batch: own new events show at once", async () => {
    const now = new Date();
    const [before, sameSecond] = await Promise.all([currentSecurityStatus(now), currentSecurityStatus(new Date(now.getTime() - (now.getTime() % 1000)))]);
    // Callers within the same second share one computation (one answer object).
    expect(sameSecond).toBe(before);
    recordAudit(auditEvent({ level: "high", ip: "203.0.113.78", userAgent: null, requestId: "combined-status-2", details: { family: "xss" } }));
    await getAuditWriter().flush();
    // Same second, but a batch was stored since: computed again, and the event counts.
    const after = await currentSecurityStatus(now);
    expect(after).not.toBe(before);
    expect(after.lastHour.byLevel.high).toBe(before.lastHour.byLevel.high + 1);
    // The next second is computed afresh even with nothing new stored (another instance may have written).
    const later = await currentSecurityStatus(new Date(now.getTime() + 1000));
    expect(later).not.toBe(after);
    expect(later.generatedAt).toBe(new Date(now.getTime() + 1000).toISOString());
  });

  it("lists offending IPs only to callers that may read the audit log", async () => {
    const statusOnly = await (await call({ bearer: await app.apiKey(["status:read"]) })).json();
    expect(statusOnly.security.lastHour.total).toBeGreaterThanOrEqual(1);
    expect(statusOnly.security).not.toHaveProperty("topOffenders");
    const withAudit = await (await call({ bearer: await app.apiKey(["status:read", "audit:read"]) })).json();
    expect(withAudit.security.topOffenders.length).toBeGreaterThanOrEqual(1);
  });
}

describe("combined status API on SQLite", () => suite("sqlite"));
describeWithService("postgres", pgUp)("combined status API on PostgreSQL", () => suite("postgresql"));

describe("status HTTP caching", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("sqlite");
  });
  afterAll(() => app.close());

  it("sends the time-stamped combined status uncached", async () => {
    const response = await call({ bearer: await app.apiKey(["status:read"]) });
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("etag")).toBeNull();
  });
});
