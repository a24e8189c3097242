import { useQuery } from "@tanstack/react-query";
import type { SecurityStatus } from "@/lib/audit/status";
import type { AuditStats } from "@/lib/audit/stats";
import { apiRequest } from "../api/client";

const REFRESH_MS = 30_000;

export function useSecurityStatus() {
  return useQuery({
    queryKey: ["security", "status"],
    queryFn: () => apiRequest<SecurityStatus>("/api/security-performance/security/status"),
    refetchInterval: REFRESH_MS,
  });
}

/** The last 24 hours by hour. */
export function useAuditStats() {
  return useQuery({
    queryKey: ["security", "stats", "24h"],
    queryFn: () => apiRequest<AuditStats>("/api/security-performance/security/audit-log/stats?bucket=1h"),
    refetchInterval: REFRESH_MS,
  });
}
