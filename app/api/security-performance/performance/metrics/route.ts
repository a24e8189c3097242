import { access, apiRoute } from "@/lib/http/handler";
import { recentWindow, requestMetrics, routeSummaries, slowRequests } from "@/lib/monitoring/request-metrics";
import { inFlight } from "@/lib/monitoring/in-flight";

export const dynamic = "force-dynamic";

/**
 * Who may call: an admin session, or an API key with `metrics:read`.
 * Request metrics: the last minute overall, per route pattern since start (count, 4xx, 5xx,
 * p50/p95/p99 from a log-linear histogram, ≤ 10 % above the true value), the slowest recent requests.
 */
export const GET = apiRoute({ access: access.scope("metrics:read") }, async () => {
  const state = requestMetrics();
  return {
    since: new Date(state.startedAt).toISOString(),
    slowRequestMs: state.slowThresholdMs,
    inFlight: inFlight().count,
    window: recentWindow(state),
    routes: routeSummaries(state),
    slowRequests: slowRequests(state).map((r) => ({ ...r, time: new Date(r.time).toISOString() })),
  };
});
