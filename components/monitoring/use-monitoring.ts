import { useQuery } from "@tanstack/react-query";
import { apiRequest } from "../api/client";
import type { PerformanceMetrics, PerformanceStatus, Range, ResourceUsage } from "./types";

const BASE = "/api/security-performance/performance";
/** Live refresh period; the sampler takes a sample every 2 s by default. */
export const LIVE_REFRESH_MS = 2_000;

// Long ranges come from per-minute rollups: refreshing them every 2 s would only repeat the answer.
const REFRESH_BY_RANGE: Record<Range, number> = { "5m": LIVE_REFRESH_MS, "1h": 15_000, "24h": 60_000, "7d": 60_000 };

export function useResourceUsage(range: Range, paused: boolean) {
  return useQuery({
    queryKey: ["monitoring", "resource-usage", range],
    queryFn: () => apiRequest<ResourceUsage>(`${BASE}/resource-usage?range=${range}`),
    refetchInterval: paused ? false : REFRESH_BY_RANGE[range],
    staleTime: 0,
    placeholderData: (previous) => (previous?.range === range ? previous : undefined),
  });
}

export function usePerformanceStatus(paused = false) {
  return useQuery({
    queryKey: ["monitoring", "status"],
    queryFn: () => apiRequest<PerformanceStatus>(`${BASE}/status`),
    refetchInterval: paused ? false : LIVE_REFRESH_MS * 2,
    staleTime: 0,
  });
}

export function usePerformanceMetrics(paused: boolean) {
  return useQuery({
    queryKey: ["monitoring", "metrics"],
    queryFn: () => apiRequest<PerformanceMetrics>(`${BASE}/metrics`),
    refetchInterval: paused ? false : 5_000,
    staleTime: 0,
  });
}
