"use client";

import { useState } from "react";
import { errorMessage } from "../api/client";
import { CHART_COLORS, TimeSeriesChart } from "../charts/time-series-chart";
import { formatBytes, formatPercent, formatRate, formatTime } from "./format";
import { LiveControls } from "./live-controls";
import type { Range, SeriesPoint } from "./types";
import { useResourceUsage } from "./use-monitoring";

/** Disk usage per mount as flat fields (`disk:/`, `disk:/data`) the chart can plot. */
function withDiskFields(points: SeriesPoint[]): { points: Array<Record<string, unknown> & { t: number }>; mounts: string[] } {
  const mounts = new Set<string>();
  const flat = points.map((p) => {
    const row: Record<string, unknown> & { t: number } = { ...p };
    for (const [mount, ratio] of Object.entries(p.disks)) {
      mounts.add(mount);
      row[`disk:${mount}`] = ratio;
    }
    return row;
  });
  return { points: flat, mounts: [...mounts].sort().slice(0, 4) };
}

export function ResourcesView() {
  const [range, setRange] = useState<Range>("5m");
  const [paused, setPaused] = useState(false);
  const usage = useResourceUsage(range, paused);
  const error = usage.isError ? errorMessage(usage.error) : null;
  const { points, mounts } = withDiskFields(usage.data?.points ?? []);
  const shown = usage.data ? points : undefined;
  const long = range === "24h" || range === "7d";
  const common = { isPending: usage.isPending, error, formatTime, longRange: long };
  return (
    <>
      <LiveControls range={range} onRange={setRange} paused={paused} onPaused={setPaused} updatedAt={usage.dataUpdatedAt} />
      {usage.data ? (
        <p className="muted">
          {usage.data.source === "memory" ? "Full resolution from memory" : "Per-minute rollups from the database"}, one point per {usage.data.stepSeconds} s
          {usage.data.current ? ` · ${usage.data.current.cores.length} cores · ${formatBytes(usage.data.current.memoryTotalBytes)} memory` : ""}.
        </p>
      ) : null}
      <div className="chart-grid">
        <TimeSeriesChart
          id="cpu"
          title="CPU usage"
          points={shown}
          series={[
            { key: "cpu", label: "Machine", color: CHART_COLORS[0]! },
            { key: "processCpu", label: "PrintGuard process", color: CHART_COLORS[1]! },
          ]}
          format={(v) => formatPercent(v, 0)}
          yDomain={[0, 1]}
          {...common}
        />
        <TimeSeriesChart
          id="memory"
          title="Memory"
          points={shown}
          series={[
            { key: "memoryUsedBytes", label: "Machine used", color: CHART_COLORS[0]! },
            { key: "rssBytes", label: "Process RSS", color: CHART_COLORS[1]! },
            { key: "heapUsedBytes", label: "Process heap", color: CHART_COLORS[2]! },
            { key: "swapUsedBytes", label: "Swap used", color: CHART_COLORS[3]! },
          ]}
          format={formatBytes}
          {...common}
        />
        <TimeSeriesChart
          id="disk"
          title="Disk usage"
          points={shown}
          series={mounts.map((mount, i) => ({ key: `disk:${mount}`, label: mount, color: CHART_COLORS[i % CHART_COLORS.length]! }))}
          format={(v) => formatPercent(v, 0)}
          yDomain={[0, 1]}
          {...common}
        />
        <TimeSeriesChart
          id="disk-io"
          title="Disk I/O"
          points={shown}
          series={[
            { key: "diskReadBps", label: "Read", color: CHART_COLORS[0]! },
            { key: "diskWriteBps", label: "Write", color: CHART_COLORS[1]! },
          ]}
          format={formatRate}
          {...common}
        />
        <TimeSeriesChart
          id="network"
          title="Network"
          points={shown}
          series={[
            { key: "netRxBps", label: "Received", color: CHART_COLORS[0]! },
            { key: "netTxBps", label: "Sent", color: CHART_COLORS[1]! },
          ]}
          format={formatRate}
          {...common}
        />
        <TimeSeriesChart
          id="event-loop"
          title="Event-loop lag"
          points={shown}
          series={[{ key: "eventLoopLagMs", label: "Mean lag", color: CHART_COLORS[2]! }]}
          format={(v) => `${v.toFixed(1)} ms`}
          {...common}
        />
      </div>
    </>
  );
}
