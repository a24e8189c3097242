/**
 * Next calls register() once per server process and waits for it before serving requests.
 * Node-only work is imported dynamically so the edge bundle never sees it.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { prepareAppOrExit } = await import("@/lib/startup");
    await prepareAppOrExit();
    // Resource sampler, alerts and metric rollups: once per process, after migrations.
    const { startMonitoringOrExit } = await import("@/lib/monitoring/start");
    await startMonitoringOrExit();
  }
}
