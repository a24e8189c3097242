import type { RouteAuditEvent } from "@/lib/http/handler";
import type { VerifyOutcome } from "./verification";

/**
 * The audit events one verification produces (never the code itself). `via` says where the code
 * was entered: the sign-in form or the MFA API. Every success, failure, replay and lockout is one.
 */
export function verificationAuditEvents(userId: string, outcome: VerifyOutcome, via: "sign-in" | "api" | "enrollment"): RouteAuditEvent[] {
  if (outcome.ok) {
    const events: RouteAuditEvent[] = [
      { type: "mfa.verify.succeeded", level: "info", outcome: "succeeded", details: { userId, method: outcome.method, via } },
    ];
    if (outcome.method === "backup") {
      events.push({ type: "mfa.backup_code.used", level: "low", outcome: "succeeded", details: { userId, via, remaining: outcome.backupCodesRemaining } });
    }
    return events;
  }
  if (outcome.reason === "not-enrolled") {
    return [{ type: "mfa.verify.failed", level: "low", outcome: "failed", details: { userId, via, reason: "not-enrolled" } }];
  }
  if (!("failedAttempts" in outcome)) {
    return [
      { type: "mfa.verify.failed", level: "medium", outcome: "blocked", details: { userId, via, reason: outcome.reason, retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) } },
    ];
  }
  const events: RouteAuditEvent[] = [
    outcome.reason === "replayed"
      ? { type: "mfa.verify.replayed", level: "medium", outcome: "failed", details: { userId, via, failedAttempts: outcome.failedAttempts } }
      : { type: "mfa.verify.failed", level: "low", outcome: "failed", details: { userId, via, reason: "invalid", failedAttempts: outcome.failedAttempts } },
  ];
  if (outcome.lockedNow) {
    events.push({ type: "mfa.locked", level: "high", outcome: "blocked", details: { userId, via, failedAttempts: outcome.failedAttempts, retryAfterSeconds: Math.ceil(outcome.retryAfterMs / 1000) } });
  }
  return events;
}
