import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CacheStats, ClearScope } from "@/lib/cache/types";
import type { CompressionStats } from "@/lib/http/compression-stats";
import { apiRequest } from "../api/client";

export interface CacheStatsResponse {
  cache: CacheStats;
  compression: CompressionStats;
}

const STATS_PATH = "/api/security-performance/performance/cache/stats";
const CLEAR_PATH = "/api/security-performance/performance/cache/clear";
const cacheStatsQueryKey = ["performance", "cache-stats"] as const;

/** Cache figures, refreshed every 10 s while the page is open. */
export function useCacheStats() {
  return useQuery({
    queryKey: cacheStatsQueryKey,
    queryFn: () => apiRequest<CacheStatsResponse>(STATS_PATH),
    refetchInterval: 10_000,
  });
}

/** Clears all or one namespace; the figures are fetched again afterwards, success or not. */
export function useClearCache() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scope: ClearScope) => apiRequest<{ cleared: ClearScope }>(CLEAR_PATH, { method: "POST", body: scope }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: cacheStatsQueryKey }),
  });
}
