import type { IncomingMessage, ServerResponse } from "node:http";
import { inFlight } from "./in-flight";
import { recordRequest, requestMetrics, type RequestMetricsState } from "./request-metrics";
import { pathOf, type RouteTable } from "./route-table";

/**
 * Counts a request at the node http level (server.ts): in flight from now until its response
 * closes (finished or aborted), then recorded under Next's route pattern with its status and
 * duration. One listener per request; the route is matched after the response, off its path.
 */
export function observeHttp(table: RouteTable, slowRequestMs: number): (req: IncomingMessage, res: ServerResponse) => void {
  const metrics: RequestMetricsState = requestMetrics(slowRequestMs);
  const counter = inFlight();
  return (req, res) => {
    const start = performance.now();
    counter.count++;
    res.once("close", () => {
      counter.count--;
      const id = res.getHeader("x-request-id") ?? req.headers["x-request-id"];
      recordRequest(metrics, {
        route: table.match(pathOf(req.url ?? "/")),
        method: req.method ?? "GET",
        // An aborted response that never sent headers still says 200 here: count it as 499 (client closed).
        status: res.headersSent || res.writableFinished ? res.statusCode : 499,
        durationMs: performance.now() - start,
        requestId: typeof id === "string" ? id : null,
      });
    });
  };
}
