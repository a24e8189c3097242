"use client";

import { useState } from "react";
import { errorMessage } from "../api/client";
import { formatMs, formatPercent } from "./format";
import { LiveControls } from "./live-controls";
import { usePerformanceMetrics } from "./use-monitoring";

/** Request performance: the last minute, latency percentiles and errors per route, slow requests. */
export function PerformanceView() {
  const [paused, setPaused] = useState(false);
  const metrics = usePerformanceMetrics(paused);
  if (metrics.isPending) return <p role="status">Loading request metrics…</p>;
  if (metrics.isError) return <p className="alert alert-error" role="alert">{errorMessage(metrics.error)}</p>;
  const { window, routes, slowRequests, slowRequestMs, since } = metrics.data;
  return (
    <>
      <LiveControls paused={paused} onPaused={setPaused} updatedAt={metrics.dataUpdatedAt} />
      <section className="section" aria-labelledby="window-title">
        <h2 id="window-title">Last minute</h2>
        <dl className="stat-grid">
          <Stat label="Requests per second" value={window.requestsPerSecond.toFixed(2)} />
          <Stat label="p50 latency" value={formatMs(window.p50Ms)} />
          <Stat label="p95 latency" value={formatMs(window.p95Ms)} />
          <Stat label="p99 latency" value={formatMs(window.p99Ms)} />
          <Stat label="Server errors (5xx)" value={`${window.errors5xx} (${formatPercent(window.errorRate)})`} />
          <Stat label="Client errors (4xx)" value={String(window.errors4xx)} />
          <Stat label="Rate-limited (429)" value={String(window.rateLimited)} />
        </dl>
      </section>

      <section className="section" aria-labelledby="routes-title">
        <h2 id="routes-title">Routes</h2>
        <p className="muted">Since {new Date(since).toLocaleString()}. Percentiles come from a histogram and read at most 10 % high.</p>
        {routes.length === 0 ? (
          <p className="muted">No requests counted yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" aria-describedby="routes-title">
              <thead>
                <tr>
                  <th scope="col">Route</th>
                  <th scope="col">Method</th>
                  <th scope="col" className="numeric">Requests</th>
                  <th scope="col" className="numeric">4xx</th>
                  <th scope="col" className="numeric">5xx</th>
                  <th scope="col" className="numeric">p50</th>
                  <th scope="col" className="numeric">p95</th>
                  <th scope="col" className="numeric">p99</th>
                </tr>
              </thead>
              <tbody>
                {routes.map((r) => (
                  <tr key={`${r.method} ${r.route}`}>
                    <td>
                      <code>{r.route}</code>
                    </td>
                    <td>{r.method}</td>
                    <td className="numeric">{r.count}</td>
                    <td className="numeric">{r.errors4xx}</td>
                    <td className="numeric">{r.errors5xx}</td>
                    <td className="numeric">{formatMs(r.p50Ms)}</td>
                    <td className="numeric">{formatMs(r.p95Ms)}</td>
                    <td className="numeric">{formatMs(r.p99Ms)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="slow-title">
        <h2 id="slow-title">Slow requests</h2>
        <p className="muted">The most recent requests that took {formatMs(slowRequestMs)} or longer (<code>SLOW_REQUEST_MS</code>).</p>
        {slowRequests.length === 0 ? (
          <p className="muted">None recently.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Route</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="numeric">Duration</th>
                  <th scope="col">Request id</th>
                </tr>
              </thead>
              <tbody>
                {slowRequests.map((r, i) => (
                  <tr key={`${r.requestId ?? ""}-${i}`}>
                    <td>{new Date(r.time).toLocaleTimeString()}</td>
                    <td>
                      {r.method} <code>{r.route}</code>
                    </td>
                    <td>{r.status}</td>
                    <td className="numeric">{formatMs(r.durationMs)}</td>
                    <td>{r.requestId ? <code>{r.requestId}</code> : "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
