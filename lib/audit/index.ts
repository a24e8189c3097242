import { getDb } from "@/lib/db/client";
import { onShutdown } from "@/lib/lifecycle";
import { getLogger } from "@/lib/log";
import { redactDetails } from "./redact";
import { auditEventInputSchema, type AuditEventInput } from "./schema";
import { AuditWriter } from "./writer";

export type { AuditEventInput, AuditEventType, AuditLevel, AuditActor } from "./schema";

const globalKey = Symbol.for("printguard.audit");
type GlobalWithAudit = typeof globalThis & { [globalKey]?: AuditWriter };

/** The process-wide writer (on globalThis: proxy.ts and route handlers share it). */
export function getAuditWriter(): AuditWriter {
  const g = globalThis as GlobalWithAudit;
  if (!g[globalKey]) {
    const writer = new AuditWriter(getDb, (error) => getLogger().error({ err: error }, "audit write failed; will retry"));
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
