import { getConfig } from "@/lib/config";
import { getDb, type Db } from "@/lib/db/client";
import { onShutdown } from "@/lib/lifecycle";
import { getLogger } from "@/lib/log";
import { redactDetails } from "./redact";
import { scheduleAuditRetention } from "./retention";
import { auditEventInputSchema, type AuditEventInput } from "./schema";
import { AuditSpool } from "./spool";
import { getSecurityStatus, type SecurityStatus } from "./status";
import { AuditWriter } from "./writer";

export type { AuditEventInput, AuditEventType, AuditLevel, AuditActor } from "./schema";
export { systemEvent } from "./schema";
export { getSecurityStatus, type SecurityStatus } from "./status";

const globalKey = Symbol.for("printguard.audit");
type GlobalWithAudit = typeof globalThis & { [globalKey]?: AuditWriter };

/** The process-wide writer (on globalThis: proxy.ts and route handlers share it). */
export function getAuditWriter(): AuditWriter {
  const g = globalThis as GlobalWithAudit;
  if (!g[globalKey]) {
    const writer = new AuditWriter(getDb, (error, context) => getLogger().error({ err: error }, context ?? "audit write failed"), {
      spool: new AuditSpool(getConfig().dataDir),
    });
    g[globalKey] = writer;
    onShutdown("audit", () => writer.flush());
  }
  return g[globalKey];
}

/**
 * Records a security-relevant event. Returns at once: the event is validated, its details
 * redacted, and it is written in the background. An invalid event is a bug: it is logged, not thrown.
 */
export function recordAudit(input: AuditEventInput): void {
  const parsed = auditEventInputSchema.safeParse(input);
  if (!parsed.success) {
    getLogger().error({ issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, "invalid audit event");
    return;
  }
  const details = redactDetails(parsed.data.details) as Record<string, unknown>;
  getAuditWriter().record({ ...parsed.data, details, time: new Date() });
}

/** Starts the daily retention prune (AUDIT_RETENTION_DAYS) once per process; lib/startup.ts calls it. */
export function startAuditRetention(): void {
  scheduleAuditRetention({ db: getDb, appender: getAuditWriter });
}

const statusKey = Symbol.for("printguard.audit.current-status");
interface StatusMemo {
  writer: AuditWriter;
  stored: number;
  second: number;
  status: Promise<SecurityStatus>;
}
type GlobalWithStatus = typeof globalThis & { [statusKey]?: WeakMap<Db, StatusMemo> };

/**
 * The threat summary now, computed at most once per second and per batch of events this process
 * stores (its aggregates read a day of audit rows, and dashboards and the print frontend poll it):
 * this process's own new events show at once, another instance's within a second. Concurrent
 * callers share one computation; a failed one is not kept.
 */
export async function currentSecurityStatus(now = new Date()): Promise<SecurityStatus> {
  const db = await getDb();
  const writer = getAuditWriter();
  const stored = writer.written;
  const second = Math.floor(now.getTime() / 1000);
  const memos = ((globalThis as GlobalWithStatus)[statusKey] ??= new WeakMap());
  const memo = memos.get(db);
  if (memo && memo.writer === writer && memo.stored === stored && memo.second === second) return memo.status;
  const status = getSecurityStatus({ db, now });
  memos.set(db, { writer, stored, second, status });
  status.catch(() => {
    if (memos.get(db)?.status === status) memos.delete(db);
  });
  return status;
}
