import type { Db } from "@/lib/db/client";
import { decodeCursor, encodeCursor, type Cursor } from "./cursor";
import { effectiveWindow, type AuditFilters } from "./filters";

export type AuditWhere = NonNullable<NonNullable<Parameters<Db["auditEvent"]["findMany"]>[0]>["where"]>;
type StoredRow = Awaited<ReturnType<Db["auditEvent"]["findMany"]>>[number];
export type Provider = "sqlite" | "postgresql";

/** An audit event as the API shows it. */
export interface AuditEventDto {
  id: string;
  seq: number;
  time: string;
  type: string;
  level: string;
  actor: { type: string; id: string | null };
  ip: string | null;
  userAgent: string | null;
  method: string | null;
  route: string | null;
  requestId: string | null;
  outcome: string;
  count: number;
  details: unknown;
  hash: string;
}

export function toDto(row: StoredRow): AuditEventDto {
  let details: unknown;
  try {
    details = JSON.parse(row.details);
  } catch {
    details = row.details;
  }
  return {
    id: row.id,
    seq: row.seq,
    time: row.time.toISOString(),
    type: row.type,
    level: row.level,
    actor: { type: row.actorType, id: row.actorId },
    ip: row.ip,
    userAgent: row.userAgent,
    method: row.method,
    route: row.route,
    requestId: row.requestId,
    outcome: row.outcome,
    count: row.count,
    details,
    hash: row.hash,
  };
}

/**
 * Filters → Prisma where. Each equality filter leads one of the (column, time) indexes; `q` is a
 * LIKE over a few text columns, bounded by the time window (see effectiveWindow). PostgreSQL's
 * LIKE is case-sensitive, SQLite's is not for ASCII: `mode: insensitive` makes them agree.
 */
export function auditWhere(filters: AuditFilters, options: { provider: Provider; now: Date; cursor?: Cursor | null }): AuditWhere {
  const and: AuditWhere[] = [];
  const { from, to } = effectiveWindow(filters, options.now);
  if (from) and.push({ time: { gte: from } });
  if (to) and.push({ time: { lte: to } });
  if (filters.type) and.push({ type: filters.type.length === 1 ? filters.type[0] : { in: filters.type } });
  if (filters.level) and.push({ level: filters.level.length === 1 ? filters.level[0] : { in: filters.level } });
  if (filters.actor) {
    and.push(filters.actor === "anonymous" || filters.actor === "system" ? { actorType: filters.actor, actorId: null } : { actorId: filters.actor });
  }
  if (filters.ip) and.push({ ip: filters.ip });
  if (filters.q) {
    const contains = (options.provider === "postgresql" ? { contains: filters.q, mode: "insensitive" } : { contains: filters.q }) as { contains: string };
    and.push({
      OR: [{ route: contains }, { details: contains }, { userAgent: contains }, { requestId: contains }, { actorId: contains }, { ip: contains }, { type: contains }],
    });
  }
  if (options.cursor) {
    // "time ≤ t AND (time < t OR seq < s)": the leading range keeps the time index usable.
    const { time, seq } = options.cursor;
    and.push({ time: { lte: time } }, { OR: [{ time: { lt: time } }, { seq: { lt: seq } }] });
  }
  return and.length ? { AND: and } : {};
}

export const NEWEST_FIRST = [{ time: "desc" as const }, { seq: "desc" as const }];

export interface AuditPage {
  events: AuditEventDto[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

/** Past this many values, a list filter is one IN query rather than one query per value. */
const MAX_SPLIT = 10;

/**
 * Up to `take` rows, newest first, strictly older than `cursor`. A filter on several types or
 * levels would make SQLite sort every match (an IN over an index yields rows out of time order),
 * so it runs one index-ordered query per value and merges their heads: each is a short walk of
 * its (type, time) or (level, time) index, whatever the table's size.
 */
export async function findPage(db: Db, filters: AuditFilters, options: { provider: Provider; now: Date; cursor: Cursor | null; take: number }) {
  const query = (f: AuditFilters) =>
    db.auditEvent.findMany({ where: auditWhere(f, { provider: options.provider, now: options.now, cursor: options.cursor }), orderBy: NEWEST_FIRST, take: options.take });
  const split = (filters.type?.length ?? 0) > 1 && filters.type!.length <= MAX_SPLIT ? "type" : (filters.level?.length ?? 0) > 1 && filters.level!.length <= MAX_SPLIT ? "level" : null;
  if (!split) return query(filters);
  const values = filters[split]!;
  const parts = await Promise.all(values.map((value) => query({ ...filters, [split]: [value] })));
  return parts
    .flat()
    .sort((a, b) => b.time.getTime() - a.time.getTime() || b.seq - a.seq)
    .slice(0, options.take);
}

/** One page, newest first, keyset-paginated; no COUNT(*) (a million-row count costs more than the page). */
export async function listAuditEvents(
  db: Db,
  filters: AuditFilters,
  options: { provider: Provider; limit: number; cursor?: string; now?: Date },
): Promise<AuditPage> {
  const cursor = options.cursor ? decodeCursor(options.cursor) : null;
  if (options.cursor && !cursor) throw new InvalidCursorError("cursor is not one this API gave out");
  const rows = await findPage(db, filters, { provider: options.provider, now: options.now ?? new Date(), cursor, take: options.limit + 1 });
  const page = rows.slice(0, options.limit);
  const last = page[page.length - 1];
  return {
    events: page.map(toDto),
    nextCursor: rows.length > options.limit && last ? encodeCursor({ time: last.time, seq: last.seq }) : null,
  };
}
