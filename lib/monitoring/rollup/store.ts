import type { Db } from "@/lib/db/client";
import type { RollupRow } from "./accumulate";

export const ROLLUP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Writes a minute's rows. Another process on the same database may already have written the same
 * minute (two instances, or a restart within the minute): counts and sums add up, min/max widen.
 */
export async function writeRollups(db: Db, rows: RollupRow[]): Promise<void> {
  for (const row of rows) {
    const where = { metric_bucketStart_labels: { metric: row.metric, bucketStart: row.bucketStart, labels: row.labels } };
    const existing = await db.metricRollup.findUnique({ where });
    if (!existing) {
      try {
        await db.metricRollup.create({ data: row });
        continue;
      } catch {
        // created meanwhile by another writer: merge below
      }
    }
    const now = existing ?? (await db.metricRollup.findUnique({ where }));
    if (!now) continue;
    await db.metricRollup.update({
      where,
      data: { count: now.count + row.count, sum: now.sum + row.sum, min: Math.min(now.min, row.min), max: Math.max(now.max, row.max) },
    });
  }
}

/** Deletes rows older than the retention; returns how many went. */
export async function pruneRollups(db: Db, now = Date.now()): Promise<number> {
  const { count } = await db.metricRollup.deleteMany({ where: { bucketStart: { lt: new Date(now - ROLLUP_RETENTION_MS) } } });
  return count;
}

export interface RollupPoint {
  /** Start of the bucket (ms). */
  t: number;
  metric: string;
  labels: string;
  mean: number;
  max: number;
}

/**
 * Rows of `metrics` in [from, to), merged into buckets of `bucketMs` (mean = Σsum / Σcount,
 * max = max of max), oldest first.
 */
export async function queryRollups(db: Db, metrics: readonly string[], from: number, to: number, bucketMs: number): Promise<RollupPoint[]> {
  const rows = await db.metricRollup.findMany({
    where: { metric: { in: [...metrics] }, bucketStart: { gte: new Date(from), lt: new Date(to) } },
    select: { metric: true, labels: true, bucketStart: true, count: true, sum: true, max: true },
    orderBy: { bucketStart: "asc" },
  });
  return mergeIntoBuckets(rows, bucketMs);
}

/** Pure part of queryRollups. */
export function mergeIntoBuckets(
  rows: Array<{ metric: string; labels: string; bucketStart: Date; count: number; sum: number; max: number }>,
  bucketMs: number,
): RollupPoint[] {
  const merged = new Map<string, { t: number; metric: string; labels: string; count: number; sum: number; max: number }>();
  for (const row of rows) {
    const t = Math.floor(row.bucketStart.getTime() / bucketMs) * bucketMs;
    const key = `${t}\u0000${row.metric}\u0000${row.labels}`;
    const m = merged.get(key);
    if (m) {
      m.count += row.count;
      m.sum += row.sum;
      m.max = Math.max(m.max, row.max);
    } else {
      merged.set(key, { t, metric: row.metric, labels: row.labels, count: row.count, sum: row.sum, max: row.max });
    }
  }
  return [...merged.values()].map((m) => ({ t: m.t, metric: m.metric, labels: m.labels, mean: m.count ? m.sum / m.count : 0, max: m.max })).sort((a, b) => a.t - b.t);
}
