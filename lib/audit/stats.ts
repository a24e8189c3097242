import type { Db } from "@/lib/db/client";
import type { Provider } from "./query";
import { auditLevelSchema, type AuditLevel } from "./schema";

export const MAX_BUCKETS = 500;

export interface StatsBucket {
  /** Start of the bucket, ISO. */
  start: string;
  total: number;
  byLevel: Record<AuditLevel, number>;
  byType: Record<string, number>;
}

export interface AuditStats {
  from: string;
  to: string;
  bucketSeconds: number;
  buckets: StatsBucket[];
}

type Row = { bucket: number | bigint; type: string; level: string; n: number | bigint };

/**
 * The one SQL difference between the two databases: how a timestamp becomes an epoch second.
 * SQLite keeps Prisma DateTimes as ISO text (strftime reads it), PostgreSQL as timestamp(3) in UTC.
 * Bound numbers reach SQLite as REAL: the casts keep the division an integer one.
 */
function bucketSql(provider: Provider): string {
  return provider === "sqlite"
    ? `SELECT (CAST(strftime('%s', "time") AS INTEGER) / CAST(? AS INTEGER)) * CAST(? AS INTEGER) AS bucket, "type", "level", SUM("count") AS n
       FROM "AuditEvent" WHERE "time" >= ? AND "time" < ? GROUP BY 1, 2, 3`
    : `SELECT (FLOOR(EXTRACT(EPOCH FROM "time") / $1) * $2)::bigint AS bucket, "type", "level", SUM("count")::bigint AS n
       FROM "AuditEvent" WHERE "time" >= $3 AND "time" < $4 GROUP BY 1, 2, 3`;
}

/**
 * Event counts (aggregated rows count as many events) by level and by type per time bucket over
 * [from, to). Every bucket of the range is present, zeros included, so charts need no gap logic.
 */
export async function auditStats(db: Db, options: { provider: Provider; from: Date; to: Date; bucketSeconds: number }): Promise<AuditStats> {
  const { from, to, bucketSeconds } = options;
  const rows = await db.$queryRawUnsafe<Row[]>(bucketSql(options.provider), bucketSeconds, bucketSeconds, from, to);
  const firstBucket = Math.floor(from.getTime() / 1000 / bucketSeconds) * bucketSeconds;
  const buckets = new Map<number, StatsBucket>();
  for (let t = firstBucket; t * 1000 < to.getTime() && buckets.size < MAX_BUCKETS; t += bucketSeconds) {
    buckets.set(t, emptyBucket(t));
  }
  for (const row of rows) {
    const bucket = buckets.get(Number(row.bucket));
    if (!bucket) continue;
    const n = Number(row.n);
    bucket.total += n;
    const level = auditLevelSchema.safeParse(row.level);
    if (level.success) bucket.byLevel[level.data] += n;
    bucket.byType[row.type] = (bucket.byType[row.type] ?? 0) + n;
  }
  return { from: from.toISOString(), to: to.toISOString(), bucketSeconds, buckets: [...buckets.values()] };
}

function emptyBucket(epochSeconds: number): StatsBucket {
  return {
    start: new Date(epochSeconds * 1000).toISOString(),
    total: 0,
    byLevel: Object.fromEntries(auditLevelSchema.options.map((l) => [l, 0])) as Record<AuditLevel, number>,
    byType: {},
  };
}

