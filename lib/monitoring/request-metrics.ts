import { mergeInto, newHistogram, observe, percentile, resetHistogram, type Histogram } from "./histogram";

/**
 * Request metrics for every page and API route, recorded once per response by server.ts (node
 * http level, where the status and the end of the response are visible) and read by the API and
 * the Prometheus exporter. State lives on globalThis: server.ts, proxy.ts and route handlers are
 * bundled separately. Recording is O(1) with no allocation once a route has been seen.
 */
export interface RouteStats {
  route: string;
  method: string;
  count: number;
  errors4xx: number;
  errors5xx: number;
  /** Responses by status class: index 1 = 1xx … 5 = 5xx (0: anything else). */
  byClass: Uint32Array;
  histogram: Histogram;
}

export interface SlowRequest {
  time: number;
  route: string;
  method: string;
  status: number;
  durationMs: number;
  requestId: string | null;
}

interface WindowSlot {
  /** Which SLOT_MS period this slot currently holds. */
  period: number;
  count: number;
  errors4xx: number;
  errors5xx: number;
  rateLimited: number;
  histogram: Histogram;
}

export const SLOT_MS = 10_000;
export const WINDOW_SLOTS = 6; // the recent window is one minute
const SLOW_KEPT = 50;
const MAX_ROUTES = 1_000; // route patterns come from the build, so this is only a backstop
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export interface RequestMetricsState {
  startedAt: number;
  routes: Map<string, RouteStats>;
  slots: WindowSlot[];
  slow: SlowRequest[];
  slowNext: number;
  slowThresholdMs: number;
}

const globalKey = Symbol.for("printguard.monitoring.requests");
type GlobalWithRequests = typeof globalThis & { [globalKey]?: RequestMetricsState };

export function newRequestMetrics(slowThresholdMs: number, now = Date.now()): RequestMetricsState {
  return {
    startedAt: now,
    routes: new Map(),
    slots: Array.from({ length: WINDOW_SLOTS }, () => ({ period: -1, count: 0, errors4xx: 0, errors5xx: 0, rateLimited: 0, histogram: newHistogram() })),
    slow: [],
    slowNext: 0,
    slowThresholdMs,
  };
}

/** The process-wide metrics; the slow threshold is fixed by whoever touches it first (server.ts, from config). */
export function requestMetrics(slowThresholdMs = 1_000): RequestMetricsState {
  const g = globalThis as GlobalWithRequests;
  return (g[globalKey] ??= newRequestMetrics(slowThresholdMs));
}

function slotFor(state: RequestMetricsState, now: number): WindowSlot {
  const period = Math.floor(now / SLOT_MS);
  const slot = state.slots[period % WINDOW_SLOTS]!;
  if (slot.period !== period) {
    slot.period = period;
    slot.count = slot.errors4xx = slot.errors5xx = slot.rateLimited = 0;
    resetHistogram(slot.histogram);
  }
  return slot;
}

export function recordRequest(
  state: RequestMetricsState,
  input: { route: string; method: string; status: number; durationMs: number; requestId: string | null },
  now = Date.now(),
): void {
  const method = METHODS.has(input.method) ? input.method : "OTHER";
  const key = `${method} ${input.route}`;
  let stats = state.routes.get(key);
  if (!stats) {
    if (state.routes.size >= MAX_ROUTES) return;
    stats = { route: input.route, method, count: 0, errors4xx: 0, errors5xx: 0, byClass: new Uint32Array(6), histogram: newHistogram() };
    state.routes.set(key, stats);
  }
  const clientError = input.status >= 400 && input.status < 500;
  const serverError = input.status >= 500;
  stats.count++;
  const statusClass = Math.floor(input.status / 100);
  stats.byClass[statusClass >= 1 && statusClass <= 5 ? statusClass : 0]!++;
  if (clientError) stats.errors4xx++;
  if (serverError) stats.errors5xx++;
  observe(stats.histogram, input.durationMs);

  const slot = slotFor(state, now);
  slot.count++;
  if (clientError) slot.errors4xx++;
  if (serverError) slot.errors5xx++;
  if (input.status === 429) slot.rateLimited++;
  observe(slot.histogram, input.durationMs);

  if (input.durationMs >= state.slowThresholdMs) {
    const entry: SlowRequest = { time: now, route: input.route, method, status: input.status, durationMs: Math.round(input.durationMs * 10) / 10, requestId: input.requestId };
    if (state.slow.length < SLOW_KEPT) state.slow.push(entry);
    else state.slow[state.slowNext] = entry;
    state.slowNext = (state.slowNext + 1) % SLOW_KEPT;
  }
}

export interface WindowSummary {
  windowSeconds: number;
  requests: number;
  requestsPerSecond: number;
  errors4xx: number;
  errors5xx: number;
  /** 5xx share of requests in the window (0 when there were none). */
  errorRate: number;
  rateLimited: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** The last minute (the current 10 s slot and the five before it). */
export function recentWindow(state: RequestMetricsState, now = Date.now()): WindowSummary {
  const current = Math.floor(now / SLOT_MS);
  const merged = newHistogram();
  let errors4xx = 0;
  let errors5xx = 0;
  let rateLimited = 0;
  for (const slot of state.slots) {
    if (slot.period <= current - WINDOW_SLOTS || slot.period > current) continue;
    mergeInto(merged, slot.histogram);
    errors4xx += slot.errors4xx;
    errors5xx += slot.errors5xx;
    rateLimited += slot.rateLimited;
  }
  // The current slot is partly elapsed: divide by the time the window really covers.
  const covered = Math.max(1, Math.min((now - state.startedAt) / 1000, ((WINDOW_SLOTS - 1) * SLOT_MS + (now % SLOT_MS)) / 1000));
  return {
    windowSeconds: Math.round(covered),
    requests: merged.count,
    requestsPerSecond: Math.round((merged.count / covered) * 100) / 100,
    errors4xx,
    errors5xx,
    errorRate: merged.count ? errors5xx / merged.count : 0,
    rateLimited,
    p50Ms: percentile(merged, 0.5),
    p95Ms: percentile(merged, 0.95),
    p99Ms: percentile(merged, 0.99),
  };
}

export interface RouteSummary {
  route: string;
  method: string;
  count: number;
  errors4xx: number;
  errors5xx: number;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** Per-route totals since the process started, busiest first. */
export function routeSummaries(state: RequestMetricsState): RouteSummary[] {
  return [...state.routes.values()]
    .map((s) => ({
      route: s.route,
      method: s.method,
      count: s.count,
      errors4xx: s.errors4xx,
      errors5xx: s.errors5xx,
      meanMs: s.count ? Math.round((s.histogram.sum / s.count) * 100) / 100 : null,
      p50Ms: percentile(s.histogram, 0.5),
      p95Ms: percentile(s.histogram, 0.95),
      p99Ms: percentile(s.histogram, 0.99),
    }))
    .sort((a, b) => b.count - a.count);
}

/** The slowest recent requests above the threshold, newest first. */
export function slowRequests(state: RequestMetricsState): SlowRequest[] {
  return [...state.slow].sort((a, b) => b.time - a.time);
}
