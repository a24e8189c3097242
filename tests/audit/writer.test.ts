import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chainHash, GENESIS_HASH } from "@/lib/audit/chain";
import { redactDetails } from "@/lib/audit/redact";
import { AuditWriter } from "@/lib/audit/writer";
import type { Db } from "@/lib/db/client";
import { emptySqliteDb } from "../support/app";
import { auditEvent as event } from "./support";

describe("audit details redaction", () => {
  it("removes secrets by key name and masks long opaque strings anywhere", () => {
    const redacted = redactDetails({
      password: "hunter2",
      nested: { apiKey: "pgk_abc", code: "123456", note: "token-like pgk_abcdefghij_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA here" },
      cookie: "next-auth.session-token=x",
      family: "xss",
    }) as Record<string, unknown>;
    expect(redacted.password).toBe("[redacted]");
    expect(redacted.cookie).toBe("[redacted]");
    expect(redacted.family).toBe("xss");
    const nested = redacted.nested as Record<string, string>;
    expect(nested.apiKey).toBe("[redacted]");
    expect(nested.code).toBe("[redacted]");
    expect(nested.note).not.toContain("AAAAAAAAAAAAAAAA");
    expect(nested.note).toContain("[redacted]");
  });
});

describe("audit writer (SQLite)", () => {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await emptySqliteDb());
  });
  afterAll(() => close());

  it("writes buffered events in order with a hash chain that links every row to its predecessor", async () => {
    const writer = new AuditWriter(async () => db, (e) => {
      throw e;
    });
    for (let i = 0; i < 7; i++) writer.record(event({ requestId: `req-${i}` }));
    expect(writer.pending()).toBe(7); // nothing was written on the caller's path
    await writer.flush();
    expect(writer.pending()).toBe(0);
    const rows = await db.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.requestId)).toEqual(["req-0", "req-1", "req-2", "req-3", "req-4", "req-5", "req-6"]);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(row.hash).toBe(chainHash(prev, row));
      prev = row.hash;
    }
    // A second batch continues the chain.
    writer.record(event({ requestId: "req-7" }));
    await writer.flush();
    const last = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(last).toMatchObject({ seq: 8, requestId: "req-7", prevHash: prev });
  });

  it("keeps events while the database fails and writes them once it answers", async () => {
    let broken = true;
    const errors: unknown[] = [];
    const writer = new AuditWriter(async () => {
      if (broken) throw new Error("database unreachable");
      return db;
    }, (e) => errors.push(e));
    const before = await db.auditEvent.count();
    writer.record(event({ requestId: "while-down" }));
    await writer.flush();
    expect(errors).toHaveLength(1);
    expect(writer.pending()).toBe(1);
    broken = false;
    await writer.flush();
    expect(writer.pending()).toBe(0);
    expect(await db.auditEvent.count()).toBe(before + 1);
  });
});
