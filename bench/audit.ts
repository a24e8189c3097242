/**
 * Audit log at scale, on SQLite (the embedded default):
 *   1. ingest: events/s through the buffered writer (batches of 500, one transaction each) next to
 *      one transaction per event, measured side by side;
 *   2. a filtered page (100 rows, newest first, keyset) over AUDIT_BENCH_ROWS events (default
 *      1 000 000, spread over 90 days): median and p95 per filter, with the index SQLite picks;
 *   3. verification of the whole chain.
 * Targets: ingest ≥ 20 000 events/s, a filtered page ≤ 50 ms. Prints figures; never fails.
 *
 *   npm run bench:audit            AUDIT_BENCH_ROWS=200000 npm run bench:audit
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { appendEvents } from "../lib/audit/append";
import { chainHash } from "../lib/audit/chain";
import { encodeCursor } from "../lib/audit/cursor";
import { auditFiltersSchema } from "../lib/audit/filters";
import { listAuditEvents } from "../lib/audit/query";
import type { AuditEvent, AuditEventType, AuditLevel } from "../lib/audit/schema";
import { verifyAuditChain } from "../lib/audit/verify";
import { AuditWriter } from "../lib/audit/writer";
import { openDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";

const ROWS = Number(process.env.AUDIT_BENCH_ROWS ?? 1_000_000);
const INGEST = 50_000;
const NOW = new Date("2026-06-30T12:00:00.000Z");
const SPAN_MS = 90 * 24 * 3600 * 1000;
const RUNS = 25;

// A plausible mix: mostly rate-limit and sanitizer refusals, a few admin actions.
const MIX: Array<[AuditEventType, AuditLevel, string, number]> = [
  ["ratelimit.exceeded", "low", "blocked", 0.4],
  ["input.rejected", "high", "blocked", 0.25],
  ["auth.login.failed", "medium", "failed", 0.1],
  ["auth.login.succeeded", "info", "succeeded", 0.12],
  ["input.flagged", "medium", "allowed", 0.05],
  ["mfa.verify.failed", "medium", "failed", 0.03],
  ["input.rejected", "critical", "blocked", 0.01],
  ["user.role.changed", "info", "succeeded", 0.02],
  ["apikey.created", "info", "succeeded", 0.02],
];
const ROUTES = ["/api/health", "/api/jobs", "/api/jobs/123", "/api/auth/callback/credentials", "/api/me", "/api/printers"];

let rng = 42;
function random(): number {
  rng = (rng * 1103515245 + 12345) % 2147483648;
  return rng / 2147483648;
}
function pick(): (typeof MIX)[number] {
  let r = random();
  for (const m of MIX) if ((r -= m[3]) < 0) return m;
  return MIX[0]!;
}

function syntheticEvent(i: number, time: Date): AuditEvent {
  const [type, level, outcome] = pick();
  const user = random() < 0.2;
  return {
    type,
    level,
    actor: user ? { type: "user", id: `user-${Math.floor(random() * 200)}` } : { type: "anonymous" },
    ip: `10.${Math.floor(random() * 80)}.${Math.floor(random() * 250)}.${Math.floor(random() * 250)}`,
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) PrintFrontend/2.3",
    method: "GET",
    route: ROUTES[i % ROUTES.length]!,
    requestId: `req-${i}`,
    outcome,
    details: type.startsWith("input.") ? { family: random() < 0.5 ? "sql_injection" : "xss", location: "query.q", evidence: "1' OR '1'='1" } : { policy: "per-ip" },
    time,
  };
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)]!, p95: s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]! };
}

const dir = mkdtempSync(join(tmpdir(), "printguard-bench-audit-"));
const file = join(dir, "audit.db");
await migrate({ provider: "sqlite", file });
const db = await openDb({ provider: "sqlite", file });
console.log(`SQLite ${file}; ${ROWS.toLocaleString("en")} events; the machine is shared, so figures are noisy.\n`);

// 1. Ingest.
{
  const events = Array.from({ length: INGEST }, (_, i) => syntheticEvent(i, new Date(NOW.getTime() - SPAN_MS + i)));
  events.forEach((e, i) => (e.details = { ...e.details, n: i })); // all distinct: every event its own row, no aggregation

  // For scale on a shared machine: the same rows, hashed the same way, inserted by better-sqlite3
  // directly (no Prisma; one prepared INSERT per row), 500 per transaction, into a database of its own.
  const ceilingFile = join(dir, "ceiling.db");
  await migrate({ provider: "sqlite", file: ceilingFile });
  const ceilingDb = new Database(ceilingFile);
  const insertOne = ceilingDb.prepare(
    `INSERT INTO AuditEvent (id, seq, time, type, level, actorType, actorId, ip, userAgent, method, route, requestId, outcome, details, count, prevHash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const tc = performance.now();
  let prev = "0".repeat(64);
  const insertBatch = ceilingDb.transaction((batch: AuditEvent[], base: number) => {
    batch.forEach((e, k) => {
      const fields = { seq: base + k + 1, time: e.time, type: e.type, level: e.level, actorType: e.actor.type, actorId: "id" in e.actor ? e.actor.id : null, ip: e.ip, userAgent: e.userAgent, method: e.method, route: e.route, requestId: e.requestId, outcome: e.outcome, details: JSON.stringify(e.details), count: 1 };
      const hash = chainHash(prev, fields);
      insertOne.run(`c-${fields.seq}`, fields.seq, e.time.toISOString().replace("Z", "+00:00"), fields.type, fields.level, fields.actorType, fields.actorId, fields.ip, fields.userAgent, fields.method, fields.route, fields.requestId, fields.outcome, fields.details, 1, prev, hash);
      prev = hash;
    });
  });
  for (let i = 0; i < INGEST; i += 500) insertBatch(events.slice(i, i + 500), i);
  const ceilingRate = INGEST / ((performance.now() - tc) / 1000);
  ceilingDb.close();

  const writer = new AuditWriter(async () => db, (e) => {
    throw e;
  });
  const t0 = performance.now();
  for (const e of events) writer.record(e);
  const recordMs = performance.now() - t0;
  await writer.flush();
  const batchedMs = performance.now() - t0;
  const single = 1_000;
  const t1 = performance.now();
  for (let i = 0; i < single; i++) await appendEvents(db, [{ ...syntheticEvent(INGEST + i, new Date(NOW.getTime() - SPAN_MS + INGEST + i)), id: `single-${i}`, count: 1 }]);
  const singleMs = performance.now() - t1;
  const batchedRate = INGEST / (batchedMs / 1000);
  const singleRate = single / (singleMs / 1000);
  console.log("1. Ingest of 50 000 distinct events (hash chain included)");
  console.log(`   record() on the request path: ${((recordMs * 1000) / INGEST).toFixed(2)} µs/event (no I/O)`);
  console.log(`   AuditWriter, 500/transaction:        ${Math.round(batchedRate).toLocaleString("en")} events/s  (target ≥ 20 000: ${batchedRate >= 20_000 ? "met" : "NOT met"})`);
  console.log(`   better-sqlite3 direct, row by row:   ${Math.round(ceilingRate).toLocaleString("en")} events/s  → the writer (multi-row INSERT through Prisma) is ×${(batchedRate / ceilingRate).toFixed(2)} of it`);
  console.log(`   one transaction per event:           ${Math.round(singleRate).toLocaleString("en")} events/s  → batching is ×${(batchedRate / singleRate).toFixed(1)}`);
  console.log(`   load average now: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores\n`);
}

// 2. Seed up to ROWS with raw inserts (same columns, same chain), the fastest way to a million rows.
{
  const raw = new Database(file);
  raw.pragma("journal_mode = WAL");
  const head = raw.prepare(`SELECT seq, hash FROM AuditEvent ORDER BY seq DESC LIMIT 1`).get() as { seq: number; hash: string };
  const insert = raw.prepare(
    `INSERT INTO AuditEvent (id, seq, time, type, level, actorType, actorId, ip, userAgent, method, route, requestId, outcome, details, count, prevHash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let { seq, hash: prev } = head;
  const start = seq;
  const total = ROWS - seq;
  const t0 = performance.now();
  const chunk = raw.transaction((n: number) => {
    for (let k = 0; k < n; k++) {
      seq += 1;
      const time = new Date(NOW.getTime() - SPAN_MS + Math.floor(((seq - start) / total) * SPAN_MS));
      const e = syntheticEvent(seq, time);
      const fields = {
        seq, time, type: e.type, level: e.level, actorType: e.actor.type, actorId: "id" in e.actor ? e.actor.id : null, ip: e.ip, userAgent: e.userAgent,
        method: e.method, route: e.route, requestId: e.requestId, outcome: e.outcome, details: JSON.stringify(e.details), count: 1,
      };
      const hash = chainHash(prev, fields);
      insert.run(`seed-${seq}`, seq, time.toISOString().replace("Z", "+00:00"), fields.type, fields.level, fields.actorType, fields.actorId, fields.ip, fields.userAgent, fields.method, fields.route, fields.requestId, fields.outcome, fields.details, 1, prev, hash);
      prev = hash;
    }
  });
  for (let left = total; left > 0; left -= 50_000) chunk(Math.min(50_000, left));
  raw.exec("ANALYZE");
  console.log(`   (seeded ${total.toLocaleString("en")} more rows by raw inserts in ${((performance.now() - t0) / 1000).toFixed(1)} s)\n`);

  // 3. Filtered pages through the real query path (Prisma), with SQLite's plan for the same shape.
  const sample = raw.prepare(`SELECT ip, actorId FROM AuditEvent WHERE actorId IS NOT NULL ORDER BY seq DESC LIMIT 1`).get() as { ip: string; actorId: string };
  const middle = raw.prepare(`SELECT time, seq FROM AuditEvent WHERE seq = ?`).get(Math.floor(ROWS / 2)) as { time: string; seq: number };
  const deepCursor = encodeCursor({ time: new Date(middle.time), seq: middle.seq });
  const day = (d: number) => new Date(NOW.getTime() - d * 24 * 3600 * 1000).toISOString();
  const cases: Array<{ name: string; filters: Record<string, string>; cursor?: string; plan: string }> = [
    { name: "no filter, newest page", filters: {}, plan: `SELECT * FROM AuditEvent ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "no filter, page at depth 500k (cursor)", filters: {}, cursor: deepCursor, plan: `SELECT * FROM AuditEvent WHERE time <= '2026' AND (time < '2026' OR seq < 1) ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "type (common: input.rejected)", filters: { type: "input.rejected" }, plan: `SELECT * FROM AuditEvent WHERE type = 'input.rejected' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "type (rare: apikey.created)", filters: { type: "apikey.created" }, plan: `SELECT * FROM AuditEvent WHERE type = 'apikey.created' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "level critical", filters: { level: "critical" }, plan: `SELECT * FROM AuditEvent WHERE level = 'critical' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "level high,critical (one query per level)", filters: { level: "high,critical" }, plan: `SELECT * FROM AuditEvent WHERE level = 'high' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "type list of 3 (one query per type)", filters: { type: "input.rejected,input.flagged,auth.login.failed" }, plan: "" },
    { name: "ip", filters: { ip: sample.ip }, plan: `SELECT * FROM AuditEvent WHERE ip = '1' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "actor", filters: { actor: sample.actorId }, plan: `SELECT * FROM AuditEvent WHERE actorId = 'u' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "time range: 1 h, 30 days ago", filters: { from: day(30), to: new Date(new Date(day(30)).getTime() + 3_600_000).toISOString() }, plan: `SELECT * FROM AuditEvent WHERE time >= '1' AND time <= '2' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "type + level + 7 days", filters: { type: "auth.login.failed", level: "medium", from: day(7), to: NOW.toISOString() }, plan: `SELECT * FROM AuditEvent WHERE time >= '1' AND type = 'a' AND level = 'm' ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "q common term (24 h window)", filters: { q: "sql_injection", to: NOW.toISOString() }, plan: `SELECT * FROM AuditEvent WHERE time >= '1' AND (route LIKE '%q%' OR details LIKE '%q%' OR userAgent LIKE '%q%') ORDER BY time DESC, seq DESC LIMIT 101` },
    { name: "q rare term (24 h window)", filters: { q: "req-999999", to: NOW.toISOString() }, plan: "" },
    { name: "q no match: the whole 24 h window (worst case)", filters: { q: "no-such-text", to: NOW.toISOString() }, plan: "" },
  ];
  console.log(`2. One page of 100, newest first, over ${ROWS.toLocaleString("en")} events (${RUNS} runs; target ≤ 50 ms)`);
  console.log(`   ${"filter".padEnd(42)} ${"median".padStart(8)} ${"p95".padStart(8)}  rows  SQLite plan`);
  for (const c of cases) {
    const filters = auditFiltersSchema.parse(c.filters);
    const times: number[] = [];
    let count = 0;
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      const page = await listAuditEvents(db, filters, { provider: "sqlite", limit: 100, cursor: c.cursor, now: NOW });
      times.push(performance.now() - t);
      count = page.events.length;
    }
    const { median, p95 } = stats(times);
    const plan = c.plan ? (raw.prepare(`EXPLAIN QUERY PLAN ${c.plan}`).all() as Array<{ detail: string }>).map((p) => p.detail).join("; ") : "(as above)";
    console.log(`   ${c.name.padEnd(42)} ${median.toFixed(1).padStart(6)}ms ${p95.toFixed(1).padStart(6)}ms  ${String(count).padStart(4)}  ${plan}`);
  }
  raw.close();
}

// 4. Verification.
{
  const t0 = performance.now();
  const result = await verifyAuditChain(db);
  const ms = performance.now() - t0;
  console.log(`\n3. verify: ${result.ok ? "intact" : `BROKEN at ${result.brokenAt}`}, ${result.checked.toLocaleString("en")} events in ${(ms / 1000).toFixed(1)} s (${Math.round(result.checked / (ms / 1000)).toLocaleString("en")} events/s)`);
}

await db.$disconnect();
rmSync(dir, { recursive: true, force: true });
