import { z } from "zod";

/**
 * The closed list of audit event types (dotted: area.subject.outcome). A new kind of event is
 * added here first, so queries, exports and dashboards always know every type that can exist.
 */
export const auditEventTypeSchema = z.enum([
  "auth.login.succeeded",
  "auth.login.failed",
  "input.rejected",
  "input.flagged",
  "request.too_large",
  "ratelimit.exceeded",
  "ratelimit.penalty",
  "ratelimit.store_failed",
  "mfa.verify.succeeded",
  "mfa.verify.failed",
  "mfa.verify.replayed",
  "mfa.locked",
  "mfa.enrollment.started",
  "mfa.enrolled",
  "mfa.disabled",
  "mfa.reset",
  "mfa.backup_code.used",
  "mfa.backup_codes.regenerated",
  "mfa.secrets.rekeyed",
  "cache.cleared",
  "alert.fired",
  "alert.resolved",
  "request.shed",
  "audit.pruned",
  "audit.exported",
  "user.created",
  "user.role.changed",
  "user.disabled",
  "user.password.reset",
  "apikey.created",
  "apikey.revoked",
]);
export type AuditEventType = z.infer<typeof auditEventTypeSchema>;

export const auditLevelSchema = z.enum(["info", "low", "medium", "high", "critical"]);
export type AuditLevel = z.infer<typeof auditLevelSchema>;

export const auditActorSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("user"), id: z.string() }),
  z.object({ type: z.literal("apiKey"), id: z.string() }),
  z.object({ type: z.literal("anonymous") }),
  /** PrintGuard itself (retention pruning), not anyone's request. */
  z.object({ type: z.literal("system") }),
]);
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEventInputSchema = z.object({
  type: auditEventTypeSchema,
  level: auditLevelSchema,
  actor: auditActorSchema,
  ip: z.string().max(64).nullable(),
  userAgent: z.string().max(512).nullable(),
  method: z.string().max(16).nullable(),
  route: z.string().max(2048).nullable(),
  requestId: z.string().max(128).nullable(),
  /** blocked | allowed | flagged | failed | succeeded … */
  outcome: z.string().max(32),
  details: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEventInput = z.input<typeof auditEventInputSchema>;

/**
 * An event PrintGuard emits on its own (retention, alerts, key rotation): no request and no person
 * behind it, so the actor is `system` and every request field is empty.
 */
export function systemEvent(
  event: Pick<AuditEventInput, "type" | "level" | "outcome"> & { details: Record<string, unknown> },
): AuditEventInput & { details: Record<string, unknown> } {
  return { ...event, actor: { type: "system" }, ip: null, userAgent: null, method: null, route: null, requestId: null };
}
export type AuditEvent = z.output<typeof auditEventInputSchema> & { time: Date };
