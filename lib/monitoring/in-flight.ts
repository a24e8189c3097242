/**
 * Requests in flight in this process, counted by server.ts at the node http level (a request
 * enters when its headers are parsed and leaves when its response closes, finished or aborted).
 * On globalThis so the proxy's shedding check reads the same number. Under `next dev` or a bare
 * `next start` nobody counts, and the number stays 0.
 */
interface InFlight {
  count: number;
}

const globalKey = Symbol.for("printguard.monitoring.inFlight");
type GlobalWithInFlight = typeof globalThis & { [globalKey]?: InFlight };

export function inFlight(): InFlight {
  const g = globalThis as GlobalWithInFlight;
  return (g[globalKey] ??= { count: 0 });
}
