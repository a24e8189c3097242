import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pruneAudit } from "@/lib/audit/retention";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AuditWriter } from "@/lib/audit/writer";
import { openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { auditEvent } from "./support";

const run = promisify(execFile);
const DAY = 24 * 3600 * 1000;
const NOW = new Date("2026-06-30T12:00:00Z");

describe("audit hash chain: verification and retention (SQLite)", () => {
  let dir: string;
  let file: string;
  let db: Db;
  let writer: AuditWriter;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "printguard-chain-"));
    file = join(dir, "printguard.db");
    await migrate({ provider: "sqlite", file });
    db = await openDb({ provider: "sqlite", file });
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await db.auditEvent.deleteMany();
    writer = new AuditWriter(async () => db, (e) => {
      throw e;
    });
  });

  /** `n` events, one a day, the newest `NOW`. */
  async function seed(n: number) {
    for (let i = n - 1; i >= 0; i--) writer.record(auditEvent({ requestId: `e${n - i}`, time: new Date(NOW.getTime() - i * DAY) }));
    await writer.flush();
  }

  async function verifyScript(): Promise<{ code: number; out: string }> {
    try {
      const { stdout } = await run("npx", ["tsx", "scripts/audit-verify.ts"], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${file}`, LOG_LEVEL: "silent" } });
      return { code: 0, out: stdout };
    } catch (error) {
      const e = error as { code: number; stderr: string };
      return { code: e.code, out: e.stderr };
    }
  }

  it("an untouched chain verifies, through the API function and `npm run audit:verify`", async () => {
    await seed(10);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: 10, firstSeq: 1, lastSeq: 10 });
    const script = await verifyScript();
    expect(script).toMatchObject({ code: 0 });
    expect(script.out).toContain("audit chain intact: 10 events (seq 1–10)");
  }, 60_000);

  it("editing a stored row makes verification fail at that row, in the API function and the script", async () => {
    await seed(10);
    await db.auditEvent.update({ where: { seq: 6 }, data: { ip: "192.0.2.1" } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 6, reason: "hash-mismatch", checked: 5 });
    const script = await verifyScript();
    expect(script.code).toBe(1);
    expect(script.out).toContain("audit chain BROKEN at seq 6 (hash-mismatch)");
  }, 60_000);

  it("a row edited with its hash recomputed is caught at the next row's link", async () => {
    await seed(5);
    const { chainHash } = await import("@/lib/audit/chain");
    const row = await db.auditEvent.findUniqueOrThrow({ where: { seq: 3 } });
    const forged = { ...row, outcome: "allowed" };
    await db.auditEvent.update({ where: { seq: 3 }, data: { outcome: "allowed", hash: chainHash(row.prevHash, forged) } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: "link-mismatch" });
  });

  it("a deleted row is reported as the missing link; deleting the oldest rows without pruning is caught too", async () => {
    await seed(8);
    await db.auditEvent.delete({ where: { seq: 4 } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: "missing" });
    await db.auditEvent.deleteMany({ where: { seq: { lte: 5 } } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 6, reason: "unanchored-start" });
  });

  it("retention removes events past AUDIT_RETENTION_DAYS, audits itself, and the chain still verifies", async () => {
    await seed(100); // one a day: 100 days
    const result = await pruneAudit(db, writer, { now: NOW, retentionDays: 90 });
    expect(result.deleted).toBe(9); // days 99..91 ago; the event exactly 90 days old stays
    const oldest = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "asc" } });
    expect(oldest.seq).toBe(10);
    const pruned = await db.auditEvent.findFirstOrThrow({ where: { type: "audit.pruned" } });
    expect(pruned).toMatchObject({ actorType: "system", outcome: "succeeded", seq: 101 });
    expect(JSON.parse(pruned.details)).toMatchObject({ throughSeq: 9, deleted: 9, retentionDays: 90 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 10, lastSeq: 101 });
    // A second prune on the next day continues from the first one's checkpoint.
    await pruneAudit(db, writer, { now: new Date(NOW.getTime() + DAY), retentionDays: 90 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 11 });
    // Nothing to prune: no event, nothing deleted.
    expect((await pruneAudit(db, writer, { now: new Date(NOW.getTime() + DAY), retentionDays: 90 })).deleted).toBe(0);
    // Deleting kept rows after pruning is still caught.
    await db.auditEvent.delete({ where: { seq: 11 } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 12, reason: "unanchored-start" });
  });

  it("a prune interrupted after its checkpoint, with part of the rows deleted, still verifies; a forged row in the rest does not", async () => {
    await seed(30);
    // What pruneAudit does first: the checkpoint of seq 1..19, chained as an audit.pruned event...
    const last = await db.auditEvent.findUniqueOrThrow({ where: { seq: 19 } });
    await writer.appendNow([auditEvent({ type: "audit.pruned", level: "info", actor: { type: "system" }, details: { throughSeq: 19, lastHash: last.hash }, time: NOW })]);
    // ...then the process stops after deleting only 1..11.
    await db.auditEvent.deleteMany({ where: { seq: { lte: 11 } } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 12, lastSeq: 31 });
    await db.auditEvent.update({ where: { seq: 15 }, data: { route: "/elsewhere" } });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 15, reason: "hash-mismatch" });
    // The next daily run finishes the job and the chain verifies again from seq 20.
    await db.auditEvent.deleteMany({ where: { seq: 15 } });
    await pruneAudit(db, writer, { now: NOW, retentionDays: 10 });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, firstSeq: 20 });
  });
});
