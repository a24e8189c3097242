import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as auditLog from "@/app/api/security-performance/security/audit-log/route";
import * as auditStats from "@/app/api/security-performance/security/audit-log/stats/route";
import * as auditVerify from "@/app/api/security-performance/security/audit-log/verify/route";
import * as securityStatus from "@/app/api/security-performance/security/status/route";
import { getAuditWriter, recordAudit } from "@/lib/audit";
import { params, request, startTestApp, type Provider, type TestApp } from "../support/app";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();
const BASE = "/api/security-performance/security";
type Init = Parameters<typeof request>[1];

const ENDPOINTS = [
  { name: "GET audit-log", call: (init: Init) => auditLog.GET(request(`${BASE}/audit-log`, init), params()) },
  { name: "GET audit-log?format=csv", call: (init: Init) => auditLog.GET(request(`${BASE}/audit-log?format=csv`, init), params()) },
  { name: "GET audit-log?format=json", call: (init: Init) => auditLog.GET(request(`${BASE}/audit-log?format=json`, init), params()) },
  { name: "GET audit-log/stats", call: (init: Init) => auditStats.GET(request(`${BASE}/audit-log/stats`, init), params()) },
  { name: "GET audit-log/verify", call: (init: Init) => auditVerify.GET(request(`${BASE}/audit-log/verify`, init), params()) },
  { name: "GET status", call: (init: Init) => securityStatus.GET(request(`${BASE}/status`, init), params()) },
];

async function problemFields(response: Response): Promise<string[]> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as { errors?: Array<{ field: string }> };
  return (body.errors ?? []).map((e) => e.field);
}

function suite(provider: Provider) {
  let app: TestApp;
  let admin: { userId: string; cookie: string };
  let user: { userId: string; cookie: string };
  let auditKey: string;
  let otherKey: string;
  beforeAll(async () => {
    app = await startTestApp(provider);
    admin = await app.signedIn("admin");
    user = await app.signedIn("user");
    auditKey = await app.apiKey(["audit:read"]);
    otherKey = await app.apiKey(["status:read", "metrics:read", "cache:write"]);
  });
  afterAll(() => app.close());

  for (const endpoint of ENDPOINTS) {
    it(`${endpoint.name}: anonymous 401, user 403, key without audit:read 403, admin 200, key with audit:read 200`, async () => {
      expect((await endpoint.call({})).status).toBe(401);
      expect((await endpoint.call({ cookie: user.cookie })).status).toBe(403);
      const refused = await endpoint.call({ bearer: otherKey });
      expect(refused.status).toBe(403);
      expect(await problemFields(refused)).toEqual([]);
      const asAdmin = await endpoint.call({ cookie: admin.cookie });
      expect(asAdmin.status).toBe(200);
      await asAdmin.body?.cancel();
      const asKey = await endpoint.call({ bearer: auditKey });
      expect(asKey.status).toBe(200);
      await asKey.body?.cancel();
    });
  }

  it("stored details never hold a password, code, secret, token or cookie, whatever the caller passed", async () => {
    recordAudit({
      type: "auth.login.failed",
      level: "medium",
      actor: { type: "anonymous" },
      ip: "198.51.100.4",
      userAgent: null,
      method: "POST",
      route: "/api/auth/callback/credentials",
      requestId: "redaction-1",
      outcome: "failed",
      details: { email: "a@b.c", password: "hunter2-password", code: "492039", secret: "JBSWY3DPEHPK3PXP", token: "tok-value-1", cookie: "sid=abc", nested: { apiKey: "pgk_x", note: `Bearer ${"Z".repeat(40)}` } },
    });
    await getAuditWriter().flush();
    const response = await auditLog.GET(request(`${BASE}/audit-log?q=redaction-1`, { cookie: admin.cookie }), params());
    const text = await response.text();
    const { events } = JSON.parse(text) as { events: Array<{ details: Record<string, unknown> }> };
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ email: "a@b.c", password: "[redacted]", code: "[redacted]", secret: "[redacted]", token: "[redacted]", cookie: "[redacted]", nested: { apiKey: "[redacted]" } });
    for (const leaked of ["hunter2", "492039", "JBSWY3DPEHPK3PXP", "tok-value-1", "sid=abc", "pgk_x", "Z".repeat(40)]) expect(text).not.toContain(leaked);
  });

  it("bad filters are 422 naming the field; the export is a download and is itself audited", async () => {
    expect(await problemFields(await auditLog.GET(request(`${BASE}/audit-log?level=severe`, { cookie: admin.cookie }), params()))).toEqual(["query.level.0"]);
    expect(await problemFields(await auditLog.GET(request(`${BASE}/audit-log?type=auth.nope`, { cookie: admin.cookie }), params()))).toEqual(["query.type.0"]);
    expect(await problemFields(await auditLog.GET(request(`${BASE}/audit-log?cursor=garbage`, { cookie: admin.cookie }), params()))).toEqual(["query.cursor"]);
    expect(await problemFields(await auditLog.GET(request(`${BASE}/audit-log?limit=5000`, { cookie: admin.cookie }), params()))).toEqual(["query.limit"]);
    expect(await problemFields(await auditLog.GET(request(`${BASE}/audit-log?from=yesterday`, { cookie: admin.cookie }), params()))).toEqual(["query.from"]);
    expect(await problemFields(await auditStats.GET(request(`${BASE}/audit-log/stats?bucket=1m&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z`, { cookie: admin.cookie }), params()))).toEqual(["query.bucket"]);

    const csv = await auditLog.GET(request(`${BASE}/audit-log?format=csv&type=auth.login.failed`, { bearer: auditKey }), params());
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-.+\.csv"$/);
    const lines = (await csv.text()).trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^seq,time,type,level,/);
    expect(lines.slice(1).every((l) => l.includes(",auth.login.failed,"))).toBe(true);
    await getAuditWriter().flush();
    const exported = await app.db.auditEvent.findFirstOrThrow({ where: { type: "audit.exported" }, orderBy: { seq: "desc" } });
    expect(exported).toMatchObject({ actorType: "apiKey", outcome: "succeeded" });
    expect(JSON.parse(exported.details)).toMatchObject({ format: "csv", filters: { type: ["auth.login.failed"] } });
  });

  it("verify reports an intact chain, then the first broken row after a stored row is edited", async () => {
    await getAuditWriter().flush();
    const intact = await (await auditVerify.GET(request(`${BASE}/audit-log/verify`, { cookie: admin.cookie }), params())).json();
    expect(intact).toMatchObject({ ok: true });
    const row = await app.db.auditEvent.findFirstOrThrow({ where: { requestId: "redaction-1" } });
    await app.db.auditEvent.update({ where: { id: row.id }, data: { userAgent: "edited" } });
    const broken = await (await auditVerify.GET(request(`${BASE}/audit-log/verify`, { bearer: auditKey }), params())).json();
    expect(broken).toMatchObject({ ok: false, brokenAt: row.seq, reason: "hash-mismatch" });
  });

  it("status answers the threat summary shape", async () => {
    const body = await (await securityStatus.GET(request(`${BASE}/status`, { bearer: auditKey }), params())).json();
    expect(body.lastDay.byLevel.medium).toBeGreaterThanOrEqual(1);
    expect(body.topOffenders).toContainEqual({ ip: "198.51.100.4", events: 1 });
    expect(body.protections.sanitizer.mode).toBe("enforce");
  });
}

describe("audit API (SQLite)", () => suite("sqlite"));
describeWithService("postgres", pgUp)("audit API (PostgreSQL)", () => suite("postgresql"));
