import { providerOf, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/sqlite/client.ts";
import { chainHash, GENESIS_HASH } from "./chain";
import type { PendingEvent } from "./spool";

/**
 * The PostgreSQL advisory lock (transaction-scoped) that serializes appends to the chain head
 * across processes: instances sharing one database would otherwise both read head n, both write
 * n + 1, and one batch would fail on the unique seq (to be spooled and retried). SQLite needs none:
 * its write lock already serializes writers, and the embedded default has one process.
 */
const CHAIN_HEAD_LOCK = 0x70_67_61_75; // "pgau"

/**
 * Off the request path, an append may wait its turn: longer than Prisma's defaults (2 s for a
 * connection, 5 s for the transaction), which a loaded machine can exceed.
 */
const APPEND_TRANSACTION = { maxWait: 10_000, timeout: 30_000 };

/**
 * Appends `events` at the head of the hash chain in one transaction: each gets the next seq and a
 * hash over its predecessor's. With `skipStored`, events whose id is already in the table are left
 * out (a spool replay that was interrupted and runs again). Returns how many rows were written.
 */
export async function appendEvents(db: Db, events: PendingEvent[], options: { skipStored?: boolean } = {}): Promise<number> {
  if (!events.length) return 0;
  const postgres = providerOf(db) === "postgresql";
  return db.$transaction(async (tx) => {
    if (postgres) await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(${CHAIN_HEAD_LOCK})`;
    let fresh = events;
    if (options.skipStored) {
      const stored = await tx.auditEvent.findMany({ where: { id: { in: events.map((e) => e.id) } }, select: { id: true } });
      const ids = new Set(stored.map((r) => r.id));
      fresh = events.filter((e) => !ids.has(e.id));
      if (!fresh.length) return 0;
    }
    const last = await tx.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    let seq = last?.seq ?? 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const rows = fresh.map((event) => {
      seq += 1;
      const fields = {
        seq,
        time: event.time,
        type: event.type,
        level: event.level,
        actorType: event.actor.type,
        actorId: "id" in event.actor ? event.actor.id : null,
        ip: event.ip,
        userAgent: event.userAgent,
        method: event.method,
        route: event.route,
        requestId: event.requestId,
        outcome: event.outcome,
        details: JSON.stringify(event.details),
        count: event.count,
      };
      const hash = chainHash(prevHash, fields);
      const row = { id: event.id, ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // One multi-row INSERT: Prisma's createMany costs ~25× more per row on the SQLite adapter
    // (bench:audit). Prisma.sql binds every value and writes each database's placeholders and
    // DateTime format, so the rows are exactly what createMany would have stored.
    const values = rows.map(
      (r) =>
        Prisma.sql`(${r.id}, ${r.seq}, ${r.time}, ${r.type}, ${r.level}, ${r.actorType}, ${r.actorId}, ${r.ip}, ${r.userAgent}, ${r.method}, ${r.route}, ${r.requestId}, ${r.outcome}, ${r.details}, ${r.count}, ${r.prevHash}, ${r.hash})`,
    );
    await tx.$executeRaw`INSERT INTO "AuditEvent" ("id", "seq", "time", "type", "level", "actorType", "actorId", "ip", "userAgent", "method", "route", "requestId", "outcome", "details", "count", "prevHash", "hash") VALUES ${Prisma.join(values)}`;
    return rows.length;
  }, APPEND_TRANSACTION);
}
