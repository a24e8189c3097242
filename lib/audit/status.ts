import { getConfig, type Config } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";
import { FAMILIES } from "@/lib/security/sanitizer/types";
import { auditLevelSchema, type AuditLevel } from "./schema";

const HOUR_MS = 60 * 60 * 1000;
const TOP_OFFENDERS = 10;
/** Outcomes that count against an IP: it was refused, or an attack was seen and let through (monitor mode). */
const OFFENDING_OUTCOMES = ["blocked", "flagged", "failed"];

export interface ProtectionModes {
  sanitizer: { mode: string; families: Record<string, string> };
  rateLimit: { mode: string; failMode: string; store: "memory" | "redis" | "upstash" };
  audit: { retentionDays: number };
}

export interface SecurityStatus {
  generatedAt: string;
  lastHour: { total: number; byLevel: Record<AuditLevel, number> };
  lastDay: { total: number; byLevel: Record<AuditLevel, number> };
  topOffenders: Array<{ ip: string; events: number }>;
  protections: ProtectionModes;
}

/** What each protection does right now, from config: a family without an override follows the sanitizer's mode. */
export function protectionModes(config: Config): ProtectionModes {
  const { sanitizer, rateLimit, redis } = config.guard;
  return {
    sanitizer: {
      mode: sanitizer.mode,
      families: Object.fromEntries(FAMILIES.map((f) => [f, sanitizer.familyModes[f] ?? sanitizer.mode])),
    },
    rateLimit: { mode: rateLimit.mode, failMode: rateLimit.failMode, store: redis.kind === "none" ? "memory" : redis.kind === "url" ? "redis" : "upstash" },
    audit: { retentionDays: config.audit.retentionDays },
  };
}

async function countsByLevel(db: Db, since: Date): Promise<SecurityStatus["lastHour"]> {
  const groups = await db.auditEvent.groupBy({ by: ["level"], where: { time: { gte: since } }, _sum: { count: true } });
  const byLevel = Object.fromEntries(auditLevelSchema.options.map((l) => [l, 0])) as Record<AuditLevel, number>;
  let total = 0;
  for (const g of groups) {
    const n = g._sum.count ?? 0;
    total += n;
    if (g.level in byLevel) byLevel[g.level as AuditLevel] += n;
  }
  return { total, byLevel };
}

/**
 * The threat summary: events by level over the last hour and day, the IPs with the most refused
 * or flagged requests today, and the protections' modes. Reusable by any status endpoint.
 */
export async function getSecurityStatus(options: { db?: Db; config?: Config; now?: Date } = {}): Promise<SecurityStatus> {
  const db = options.db ?? (await getDb());
  const config = options.config ?? getConfig();
  const now = options.now ?? new Date();
  const daySince = new Date(now.getTime() - 24 * HOUR_MS);
  const [lastHour, lastDay, offenders] = await Promise.all([
    countsByLevel(db, new Date(now.getTime() - HOUR_MS)),
    countsByLevel(db, daySince),
    db.auditEvent.groupBy({
      by: ["ip"],
      where: { time: { gte: daySince }, ip: { not: null }, outcome: { in: OFFENDING_OUTCOMES } },
      _sum: { count: true },
      orderBy: { _sum: { count: "desc" } },
      take: TOP_OFFENDERS,
    }),
  ]);
  return {
    generatedAt: now.toISOString(),
    lastHour,
    lastDay,
    topOffenders: offenders.map((o) => ({ ip: o.ip!, events: o._sum.count ?? 0 })),
    protections: protectionModes(config),
  };
}
