/** Monitoring: resource sampler, request metrics, alerts, load shedding, Prometheus exposition. */
export { getPerformanceStatus, type PerformanceStatus } from "./status";
export { startMonitoring } from "./start";
export { ConcurrencyLimiter, ConcurrencyLimitError, type Permit } from "./concurrency";
