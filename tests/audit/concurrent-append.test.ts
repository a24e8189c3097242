import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { appendEvents } from "@/lib/audit/append";
import { verifyAuditChain } from "@/lib/audit/verify";
import { openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createTempPostgresDatabase, describeWithService, postgresAvailable } from "../support/services";
import { auditEvent } from "./support";

const pgUp = await postgresAvailable();

// Two instances of the app sharing one PostgreSQL (DESIGN.md's second deployment shape) append to
// one hash chain. Each has its own client (its own connections), as two processes would.
describeWithService("postgres", pgUp)("audit chain appends from two instances at once (PostgreSQL)", () => {
  let clients: Db[] = [];
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const pg = await createTempPostgresDatabase("pg_audit_two");
    drop = pg.drop;
    await migrate({ provider: "postgresql", url: pg.url });
    clients = await Promise.all([openDb({ provider: "postgresql", url: pg.url }), openDb({ provider: "postgresql", url: pg.url })]);
  });
  afterAll(async () => {
    await Promise.all(clients.map((db) => db.$disconnect()));
    await drop?.();
  });

  it("take turns at the chain head: every batch is stored, no seq is lost or doubled, the chain verifies", async () => {
    const batches = Array.from({ length: 24 }, (_, b) =>
      Array.from({ length: 5 }, (_, i) => ({ ...auditEvent({ requestId: `batch-${b}-${i}` }), id: randomUUID(), count: 1 })),
    );
    const results = await Promise.allSettled(batches.map((batch, b) => appendEvents(clients[b % 2]!, batch)));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const rows = await clients[0]!.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true } });
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(await verifyAuditChain(clients[1]!)).toMatchObject({ ok: true });
  });
});
