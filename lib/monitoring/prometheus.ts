import { collectDefaultMetrics, Registry } from "prom-client";
import { getAlertMonitor } from "./alerts/monitor";
import { countAtOrBelow } from "./histogram";
import { inFlight } from "./in-flight";
import { requestMetrics } from "./request-metrics";
import { getSampler } from "./sampler/sampler";

/**
 * The Prometheus exposition of GET /api/metrics: prom-client's own Registry (not the global
 * default one, which a second bundle copy would register twice) with the Node process metrics,
 * plus collectors that read our request metrics and the latest sample at scrape time, so
 * requests are never observed twice. Base units (seconds, bytes, ratios), `_total` counters.
 */
type Labels = Record<string, string | number>;
interface Value {
  value: number;
  labels?: Labels;
  metricName?: string;
}
interface Collector {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram";
  aggregator: "sum";
  get(): Promise<{ name: string; help: string; type: string; values: Value[]; aggregator: "sum" }>;
  reset(): void;
}

const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const STATUS_CLASSES = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

function collector(name: string, help: string, type: Collector["type"], values: () => Value[]): Collector {
  return {
    name,
    help,
    type,
    aggregator: "sum",
    async get() {
      return { name, help, type, values: values(), aggregator: "sum" };
    },
    reset() {},
  };
}

function gauge(name: string, help: string, read: () => number | null | undefined): Collector {
  return collector(name, help, "gauge", () => {
    const value = read();
    return value === null || value === undefined ? [] : [{ value }];
  });
}

function buildRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "printguard_" });
  const sample = () => getSampler()?.latest() ?? null;
  const add = (c: Collector) => registry.registerMetric(c as never);

  add(
    collector("printguard_http_requests_total", "HTTP responses by route pattern, method and status class.", "counter", () =>
      [...requestMetrics().routes.values()].flatMap((s) =>
        STATUS_CLASSES.flatMap((statusClass, i) => (s.byClass[i] ? [{ value: s.byClass[i]!, labels: { route: s.route, method: s.method, status_class: statusClass } }] : [])),
      ),
    ),
  );
  add(
    collector("printguard_http_request_duration_seconds", "Time from request headers to the end of the response.", "histogram", () =>
      [...requestMetrics().routes.values()].flatMap((s) => {
        const labels = { route: s.route, method: s.method };
        return [
          ...LATENCY_BUCKETS_SECONDS.map((le) => ({ metricName: "printguard_http_request_duration_seconds_bucket", value: countAtOrBelow(s.histogram, le * 1000), labels: { ...labels, le } })),
          { metricName: "printguard_http_request_duration_seconds_bucket", value: s.histogram.count, labels: { ...labels, le: "+Inf" } },
          { metricName: "printguard_http_request_duration_seconds_sum", value: s.histogram.sum / 1000, labels },
          { metricName: "printguard_http_request_duration_seconds_count", value: s.histogram.count, labels },
        ];
      }),
    ),
  );
  add(gauge("printguard_http_requests_in_flight", "Requests being served right now.", () => inFlight().count));
  add(gauge("printguard_cpu_usage_ratio", "Machine CPU usage over the last sampling interval (0-1).", () => sample()?.cpu.usage));
  add(collector("printguard_cpu_core_usage_ratio", "CPU usage per core over the last sampling interval (0-1).", "gauge", () => (sample()?.cpu.cores ?? []).map((value, core) => ({ value, labels: { core } }))));
  add(gauge("printguard_load1", "One-minute load average.", () => sample()?.load.one));
  add(gauge("printguard_memory_used_bytes", "Machine memory in use (total minus available).", () => sample()?.memory.usedBytes));
  add(gauge("printguard_memory_total_bytes", "Machine memory.", () => sample()?.memory.totalBytes));
  add(gauge("printguard_swap_used_bytes", "Swap in use.", () => sample()?.memory.swapUsedBytes));
  add(collector("printguard_disk_used_ratio", "Disk usage per mount (0-1).", "gauge", () => (sample()?.disks ?? []).map((d) => ({ value: d.usedRatio, labels: { mount: d.mount } }))));
  add(collector("printguard_disk_used_bytes", "Disk bytes used per mount.", "gauge", () => (sample()?.disks ?? []).map((d) => ({ value: d.usedBytes, labels: { mount: d.mount } }))));
  add(gauge("printguard_disk_read_bytes_per_second", "Bytes read from whole disks per second.", () => sample()?.diskIo?.readBytesPerSec));
  add(gauge("printguard_disk_write_bytes_per_second", "Bytes written to whole disks per second.", () => sample()?.diskIo?.writeBytesPerSec));
  add(gauge("printguard_network_receive_bytes_per_second", "Bytes received per second (all interfaces but loopback).", () => sample()?.network?.rxBytesPerSec));
  add(gauge("printguard_network_transmit_bytes_per_second", "Bytes sent per second (all interfaces but loopback).", () => sample()?.network?.txBytesPerSec));
  add(gauge("printguard_event_loop_lag_seconds", "Mean event-loop delay over the last sampling interval.", () => (sample() ? sample()!.process.eventLoopLagMs / 1000 : null)));
  add(collector("printguard_alerts_active", "Active alerts (1) by rule and level.", "gauge", () => (getAlertMonitor()?.active() ?? []).map((a) => ({ value: 1, labels: { rule: a.rule, level: a.level } }))));
  return registry;
}

const globalKey = Symbol.for("printguard.monitoring.prometheus");
type GlobalWithRegistry = typeof globalThis & { [globalKey]?: Registry };

/** The process's registry, built on first scrape. */
export function prometheusRegistry(): Registry {
  const g = globalThis as GlobalWithRegistry;
  return (g[globalKey] ??= buildRegistry());
}
