import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportAuditEvents } from "@/lib/audit/export";
import { auditFiltersSchema, type AuditFilters } from "@/lib/audit/filters";
import { InvalidCursorError, listAuditEvents, type Provider } from "@/lib/audit/query";
import type { AuditEvent } from "@/lib/audit/schema";
import { auditStats } from "@/lib/audit/stats";
import { getSecurityStatus } from "@/lib/audit/status";
import { AuditWriter } from "@/lib/audit/writer";
import { buildConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { openMigratedDb } from "../support/db";
import { describeWithService, postgresAvailable } from "../support/services";
import { auditEvent } from "./support";

const pgUp = await postgresAvailable();
const NOW = new Date("2026-06-30T12:00:00.000Z");
const MIN = 60_000;

function filters(input: Record<string, string>): AuditFilters {
  return auditFiltersSchema.parse(input);
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

// The tests of a suite share one database and build on each other's rows (pagination adds two
// late events, the export test a bulk of 1 150): run the file whole, in order.
function querySuite(provider: Provider, open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  let db: Db;
  let close: () => Promise<void>;
  let writer: AuditWriter;
  const record = async (events: Array<Partial<AuditEvent>>) => {
    for (const e of events) writer.record(auditEvent(e));
    await writer.flush();
  };
  const list = (f: Record<string, string>, limit = 50, cursor?: string) => listAuditEvents(db, filters(f), { provider, limit, cursor, now: NOW });

  beforeAll(async () => {
    ({ db, close } = await open());
    writer = new AuditWriter(async () => db, (e) => {
      throw e;
    });
    await record([
      { type: "auth.login.failed", level: "medium", outcome: "failed", ip: "198.51.100.1", route: "/api/auth/callback/credentials", details: { email: "Mallory@Example.com" }, time: new Date(NOW.getTime() - 50 * MIN) },
      { type: "input.rejected", level: "high", ip: "203.0.113.7", route: "/api/health", details: { family: "xss", evidence: "<script>" }, time: new Date(NOW.getTime() - 40 * MIN) },
      { type: "input.rejected", level: "critical", ip: "203.0.113.7", route: "/api/jobs", details: { family: "sql_injection" }, time: new Date(NOW.getTime() - 30 * MIN) },
      { type: "ratelimit.exceeded", level: "low", ip: "203.0.113.8", outcome: "blocked", details: { policy: "per-ip" }, time: new Date(NOW.getTime() - 20 * MIN) },
      { type: "user.role.changed", level: "info", actor: { type: "user", id: "admin-1" }, ip: "192.0.2.10", outcome: "succeeded", details: { userId: "u2", role: "admin" }, time: new Date(NOW.getTime() - 10 * MIN) },
      { type: "apikey.created", level: "info", actor: { type: "apiKey", id: "key-9" }, ip: "192.0.2.11", outcome: "succeeded", details: { name: "frontend" }, time: new Date(NOW.getTime() - 5 * MIN) },
      { type: "cache.cleared", level: "info", actor: { type: "user", id: "admin-1" }, ip: "192.0.2.10", outcome: "succeeded", route: '=HYPERLINK("http://evil","x"),"quoted"', time: new Date(NOW.getTime() - 10 * 24 * 60 * MIN) },
    ]);
  }, 60_000);
  afterAll(() => close());

  it("lists newest first with every filter: time range, type, level, actor, IP", async () => {
    const all = await list({});
    expect(all.events.map((e) => e.type)).toEqual(["apikey.created", "user.role.changed", "ratelimit.exceeded", "input.rejected", "input.rejected", "auth.login.failed", "cache.cleared"]);
    expect(all.nextCursor).toBeNull();
    expect((await list({ type: "input.rejected" })).events.map((e) => e.level)).toEqual(["critical", "high"]);
    expect((await list({ level: "high,critical" })).events).toHaveLength(2);
    expect((await list({ actor: "admin-1" })).events.map((e) => e.type)).toEqual(["user.role.changed", "cache.cleared"]);
    expect((await list({ actor: "anonymous" })).events).toHaveLength(4);
    expect((await list({ ip: "203.0.113.7", level: "critical" })).events.map((e) => e.route)).toEqual(["/api/jobs"]);
    const range = await list({ from: new Date(NOW.getTime() - 35 * MIN).toISOString(), to: new Date(NOW.getTime() - 8 * MIN).toISOString() });
    expect(range.events.map((e) => e.type)).toEqual(["user.role.changed", "ratelimit.exceeded", "input.rejected"]);
    expect(all.events[1]).toMatchObject({ actor: { type: "user", id: "admin-1" }, details: { userId: "u2", role: "admin" } });
  });

  it("a filter on several types or levels pages in the same order as the whole list, one row at a time", async () => {
    const expected = (await list({})).events.filter((e) => ["input.rejected", "auth.login.failed"].includes(e.type)).map((e) => e.seq);
    const seen: number[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ type: "input.rejected,auth.login.failed" }, 1, cursor);
      seen.push(...page.events.map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expected);
    expect(seen).toHaveLength(3);
  });

  it("free text matches route and details case-insensitively, within the last 24 hours unless from/to say otherwise", async () => {
    expect((await list({ q: "mallory@example" })).events.map((e) => e.type)).toEqual(["auth.login.failed"]);
    expect((await list({ q: "SQL_INJECTION" })).events.map((e) => e.route)).toEqual(["/api/jobs"]);
    expect((await list({ q: "HYPERLINK" })).events).toHaveLength(0); // 10 days old: outside the default window
    const old = new Date(NOW.getTime() - 10.5 * 24 * 60 * MIN).toISOString();
    const to = new Date(NOW.getTime() - 9.5 * 24 * 60 * MIN).toISOString();
    expect((await list({ q: "hyperlink", from: old, to })).events).toHaveLength(1);
    const tooWide = auditFiltersSchema.safeParse({ q: "x", from: old, to: NOW.toISOString() });
    expect(tooWide.success).toBe(false);
    expect(tooWide.error?.issues[0]?.path).toEqual(["q"]);
  });

  it("cursor pages continue where they left off while newer events arrive, without repeats or gaps", async () => {
    const first = await list({}, 3);
    expect(first.events).toHaveLength(3);
    await record([
      { type: "input.rejected", level: "high", requestId: "late-1", time: new Date(NOW.getTime() - MIN) },
      { type: "input.rejected", level: "high", requestId: "late-2", time: new Date(NOW.getTime() - MIN) },
    ]);
    const second = await list({}, 3, first.nextCursor!);
    const third = await list({}, 3, second.nextCursor!);
    expect(third.nextCursor).toBeNull();
    const seen = [...first.events, ...second.events, ...third.events].map((e) => e.seq);
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 7]); // the seven from before, once each, newest first
    // Two events in the same millisecond are ordered by seq and split cleanly across pages.
    const top = await list({}, 1);
    const next = await list({}, 1, top.nextCursor!);
    expect([top.events[0]!.requestId, next.events[0]!.requestId]).toEqual(["late-2", "late-1"]);
    await expect(list({}, 3, "bm90LWEtY3Vyc29y")).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("CSV export streams the filtered set with escaping and formula-injection protection; JSON export matches the list", async () => {
    const csv = await readAll(exportAuditEvents(db, filters({ actor: "admin-1" }), { provider, format: "csv", now: NOW }));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("seq,time,type,level,actorType,actorId,ip,userAgent,method,route,requestId,outcome,count,details,hash");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^5,2026-06-30T11:50:00.000Z,user.role.changed,info,user,admin-1,192.0.2.10,curl\/8,GET,\/api\/health,req-1,succeeded,1,"{""userId"":""u2"",""role"":""admin""}",[0-9a-f]{64}$/);
    expect(lines[2]).toContain(`,"'=HYPERLINK(""http://evil"",""x""),""quoted""",`);
    const json = JSON.parse(await readAll(exportAuditEvents(db, filters({ type: "input.rejected" }), { provider, format: "json", now: NOW }))) as Array<{ seq: number }>;
    expect(json.map((e) => e.seq)).toEqual((await list({ type: "input.rejected" })).events.map((e) => e.seq));
    expect(JSON.parse(await readAll(exportAuditEvents(db, filters({ ip: "0.0.0.0" }), { provider, format: "json" })))).toEqual([]);
  });

  it("an export larger than one database page holds every row once", async () => {
    const many = Array.from({ length: 1_150 }, (_, i) => ({ type: "ratelimit.exceeded" as const, level: "medium" as const, ip: "198.51.100.77", requestId: `bulk-${i}`, details: { n: i }, time: new Date(NOW.getTime() - 3 * MIN) }));
    await record(many);
    const csv = await readAll(exportAuditEvents(db, filters({ ip: "198.51.100.77" }), { provider, format: "csv", now: NOW }));
    const ids = csv.trimEnd().split("\r\n").slice(1).map((l) => l.split(",")[10]);
    expect(ids).toHaveLength(1_150);
    expect(new Set(ids).size).toBe(1_150);
  });

  it("stats count events (aggregated rows by their count) by level and type per bucket", async () => {
    await record(Array.from({ length: 4 }, () => ({ type: "ratelimit.exceeded" as const, level: "low" as const, ip: "198.51.100.200", details: { policy: "x" }, time: new Date(NOW.getTime() - 25 * MIN) })));
    const stats = await auditStats(db, { provider, from: new Date(NOW.getTime() - 60 * MIN), to: NOW, bucketSeconds: 900 });
    expect(stats.buckets.map((b) => b.start)).toEqual(["2026-06-30T11:00:00.000Z", "2026-06-30T11:15:00.000Z", "2026-06-30T11:30:00.000Z", "2026-06-30T11:45:00.000Z"]);
    const [b0, b1, b2, b3] = stats.buckets;
    expect(b0).toMatchObject({ total: 1, byLevel: { medium: 1 }, byType: { "auth.login.failed": 1 } });
    expect(b1).toMatchObject({ total: 1, byLevel: { high: 1 } });
    expect(b2).toMatchObject({ total: 2 + 4, byLevel: { critical: 1, low: 1 + 4 }, byType: { "ratelimit.exceeded": 5, "input.rejected": 1 } });
    expect(b3!.byType).toMatchObject({ "user.role.changed": 1, "apikey.created": 1, "ratelimit.exceeded": 1_150, "input.rejected": 2 });
  });

  it("security status: counts by level for the last hour and day, top offending IPs, protection modes", async () => {
    const config = buildConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "printguard-cfg-")), SANITIZER_MODE: "enforce", SANITIZER_FAMILY_MODES: "xss=monitor", RATE_LIMIT_MODE: "monitor", AUDIT_RETENTION_DAYS: "30" });
    const status = await getSecurityStatus({ db, config, now: NOW });
    expect(status.lastHour.byLevel).toMatchObject({ critical: 1, high: 3, medium: 1_151, low: 5, info: 2 });
    expect(status.lastDay.total).toBe(status.lastHour.total); // the 10-day-old event is in neither
    expect(status.topOffenders.slice(0, 3)).toEqual([
      { ip: "198.51.100.77", events: 1_150 },
      { ip: "198.51.100.200", events: 4 },
      { ip: "203.0.113.7", events: 4 },
    ]);
    expect(status.protections).toEqual({
      sanitizer: { mode: "enforce", families: { sql_injection: "enforce", xss: "monitor", command_injection: "enforce", path_traversal: "enforce" } },
      rateLimit: { mode: "monitor", failMode: "open", store: "memory" },
      audit: { retentionDays: 30 },
    });
  });
}

describe("audit queries (SQLite)", () => {
  querySuite("sqlite", () => openMigratedDb("sqlite", "query"));
});

describeWithService("postgres", pgUp)("audit queries (PostgreSQL)", () => {
  querySuite("postgresql", () => openMigratedDb("postgresql", "audit"));
});
