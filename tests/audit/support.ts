import type { AuditEvent } from "@/lib/audit/schema";

/** A complete audit event as the writer receives it; override what a test is about. */
export function auditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    type: "input.rejected",
    level: "high",
    actor: { type: "anonymous" },
    ip: "203.0.113.7",
    userAgent: "curl/8",
    method: "GET",
    route: "/api/health",
    requestId: "req-1",
    outcome: "blocked",
    details: { family: "sql_injection" },
    time: new Date(),
    ...overrides,
  };
}
