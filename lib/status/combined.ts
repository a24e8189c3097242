import type { Principal } from "@/lib/auth/principal";
import { hasScope } from "@/lib/auth/principal";
import { currentSecurityStatus, type SecurityStatus } from "@/lib/audit";
import { getPerformanceStatus, type PerformanceStatus } from "@/lib/monitoring";

export type OverallStatus = "ok" | "degraded" | "critical";

/** The security half's own verdict: critical events in the last hour are critical, high ones degrade. */
export function securityVerdict(lastHour: SecurityStatus["lastHour"]): OverallStatus {
  if (lastHour.byLevel.critical > 0) return "critical";
  if (lastHour.byLevel.high > 0) return "degraded";
  return "ok";
}

const SEVERITY: Record<OverallStatus, number> = { ok: 0, degraded: 1, critical: 2 };

/** The worse of two verdicts. */
export function worstStatus(a: OverallStatus, b: OverallStatus): OverallStatus {
  return SEVERITY[a] >= SEVERITY[b] ? a : b;
}

export interface CombinedStatus {
  status: OverallStatus;
  time: string;
  performance: PerformanceStatus;
  /** Offending IPs are audit data: listed only for callers that may read the audit log. */
  security: Omit<SecurityStatus, "topOffenders"> & { status: OverallStatus; topOffenders?: SecurityStatus["topOffenders"] };
}

/**
 * GET /api/security-performance/status: both halves and one overall verdict. A caller with
 * `status:read` sees counts and modes; offending IPs need `audit:read` as well (least privilege).
 */
export async function getCombinedStatus(principal: Principal, now = new Date()): Promise<CombinedStatus> {
  const security = await currentSecurityStatus(now);
  const performance = getPerformanceStatus(now.getTime());
  const { topOffenders, ...securitySummary } = security;
  const securityStatus = securityVerdict(security.lastHour);
  return {
    status: worstStatus(performance.status, securityStatus),
    time: now.toISOString(),
    performance,
    security: { ...securitySummary, status: securityStatus, ...(hasScope(principal, "audit:read") ? { topOffenders } : {}) },
  };
}
