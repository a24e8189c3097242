import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditSpool } from "@/lib/audit/spool";
import { verifyAuditChain } from "@/lib/audit/verify";
import { AuditWriter } from "@/lib/audit/writer";
import type { Db } from "@/lib/db/client";
import { emptySqliteDb } from "../support/app";
import { auditEvent } from "./support";

describe("audit writer: database outage, spool file and replay", () => {
  let db: Db;
  let close: () => Promise<void>;
  let dir: string;
  beforeAll(async () => {
    ({ db, close } = await emptySqliteDb());
  });
  afterAll(() => close());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "printguard-spool-"));
    await db.auditEvent.deleteMany();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A writer whose database can be switched off and on. */
  function outageWriter() {
    const state = { down: true, errors: [] as string[] };
    const spool = new AuditSpool(dir);
    const writer = new AuditWriter(
      async () => {
        if (state.down) throw new Error("connect ECONNREFUSED");
        return db;
      },
      (_e, context) => state.errors.push(context ?? ""),
      { spool },
    );
    return { writer, spool, state };
  }

  it("while the database is unreachable, events leave memory for an append-only file under DATA_DIR", async () => {
    const { writer, spool, state } = outageWriter();
    for (let i = 0; i < 3; i++) writer.record(auditEvent({ requestId: `down-${i}` }));
    await writer.flush();
    expect(writer.pending()).toBe(0);
    expect(spool.path).toBe(join(dir, "audit-spool.jsonl"));
    const lines = readFileSync(spool.path, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { requestId: string });
    expect(lines.map((l) => l.requestId)).toEqual(["down-0", "down-1", "down-2"]);
    expect(state.errors[0]).toContain("3 events spooled");
    // A second outage batch is appended, not overwritten.
    writer.record(auditEvent({ requestId: "down-3" }));
    await writer.flush();
    expect(readFileSync(spool.path, "utf8").trim().split("\n")).toHaveLength(4);
    expect(await db.auditEvent.count()).toBe(0);
  });

  it("when the database returns, spooled events are replayed once, before newer ones, and the file is removed", async () => {
    const { writer, spool, state } = outageWriter();
    writer.record(auditEvent({ requestId: "old-1" }));
    writer.record(auditEvent({ requestId: "old-2" }));
    await writer.flush();
    state.down = false;
    writer.record(auditEvent({ requestId: "new-1" }));
    await writer.flush();
    expect(spool.hasPending()).toBe(false);
    expect(existsSync(spool.path)).toBe(false);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual(["old-1", "old-2", "new-1"]);
    // Flushing again replays nothing a second time.
    await writer.flush();
    expect(await db.auditEvent.count()).toBe(3);
    expect(writer.replayed).toBe(2);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("a replay interrupted after storing part of the file skips what is stored when it runs again", async () => {
    const { writer, spool, state } = outageWriter();
    for (let i = 0; i < 4; i++) writer.record(auditEvent({ requestId: `spooled-${i}` }));
    await writer.flush();
    // Simulate a crash mid-replay: the file was renamed and its first two events were stored.
    const lines = readFileSync(spool.path, "utf8").trim().split("\n");
    rmSync(spool.path);
    writeFileSync(join(dir, "audit-spool.replaying.jsonl"), lines.join("\n") + "\n");
    state.down = false;
    const { appendEvents } = await import("@/lib/audit/append");
    const firstTwo = lines.slice(0, 2).map((l) => {
      const e = JSON.parse(l) as Parameters<typeof appendEvents>[1][number] & { time: string };
      return { ...e, time: new Date(e.time) };
    });
    await appendEvents(db, firstTwo);
    // A new writer (a restarted process) finds the interrupted replay and finishes it.
    const restarted = new AuditWriter(async () => db, () => {}, { spool: new AuditSpool(dir) });
    await restarted.flush();
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual(["spooled-0", "spooled-1", "spooled-2", "spooled-3"]);
    expect(spool.hasPending()).toBe(false);
    void writer;
  });

  it("flush (what SIGTERM runs) with the database down leaves every event in the spool, none lost", async () => {
    const { writer, spool } = outageWriter();
    for (let i = 0; i < 1_200; i++) writer.record(auditEvent({ requestId: `r${i}`, level: "medium", details: { n: i } }));
    await writer.flush();
    expect(writer.pending()).toBe(0);
    expect(readFileSync(spool.path, "utf8").trim().split("\n")).toHaveLength(1_200);
  });
});

describe("audit writer: bounded memory under a flood", () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await emptySqliteDb());
  });
  afterAll(() => close());

  it("identical events below high from one source become one counted row; other sources and high events keep their own", async () => {
    const writer = new AuditWriter(async () => db, (e) => {
      throw e;
    });
    for (let i = 0; i < 5_000; i++) writer.record(auditEvent({ level: "low", type: "ratelimit.exceeded", requestId: `flood-${i}`, details: { policy: "per-ip" } }));
    writer.record(auditEvent({ level: "low", type: "ratelimit.exceeded", ip: "198.51.100.9", details: { policy: "per-ip" } }));
    for (let i = 0; i < 3; i++) writer.record(auditEvent({ level: "high", requestId: `attack-${i}` }));
    expect(writer.pending()).toBe(5);
    await writer.flush();
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => [r.ip, r.level, r.count])).toEqual([
      ["203.0.113.7", "low", 5_000],
      ["198.51.100.9", "low", 1],
      ["203.0.113.7", "high", 1],
      ["203.0.113.7", "high", 1],
      ["203.0.113.7", "high", 1],
    ]);
    expect(rows[0]!.requestId).toBe("flood-0"); // the first occurrence speaks for the row
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("past its bound, distinct low events are dropped and counted while high and critical ones are all kept", async () => {
    const writer = new AuditWriter(async () => {
      throw new Error("down");
    }, () => {});
    for (let i = 0; i < 10_000; i++) writer.record(auditEvent({ level: "low", ip: `10.0.${i >> 8}.${i & 255}` }));
    writer.record(auditEvent({ level: "low", ip: "10.99.0.1" }));
    for (let i = 0; i < 100; i++) writer.record(auditEvent({ level: i % 2 ? "high" : "critical", requestId: `k${i}` }));
    expect(writer.dropped).toBe(1);
    expect(writer.pending()).toBe(10_100);
  });
});
