// What the monitoring API answers, as the browser sees it (JSON: dates are strings).
import type { ActiveAlert } from "@/lib/monitoring/alerts/monitor";
import type { RouteSummary, WindowSummary } from "@/lib/monitoring/request-metrics";
import type { Range, ResourceUsage } from "@/lib/monitoring/series";
import type { PerformanceStatus } from "@/lib/monitoring/status";

export type { ActiveAlert, Range, ResourceUsage, PerformanceStatus, RouteSummary, WindowSummary };
export type { SeriesPoint } from "@/lib/monitoring/series";

export interface PerformanceMetrics {
  since: string;
  slowRequestMs: number;
  inFlight: number;
  window: WindowSummary;
  routes: RouteSummary[];
  slowRequests: Array<{ time: string; route: string; method: string; status: number; durationMs: number; requestId: string | null }>;
}
