/**
 * PrintGuard's production server: Next's request handler on a plain Node HTTP server, so that
 * SIGTERM can be handled in order — stop accepting, let in-flight requests finish (bounded by
 * SHUTDOWN_TIMEOUT_MS), close Next, then run the shutdown hooks (flush, close the database).
 * `next start` exits once its own server is closed, with no place for that last step.
 * Built by `npm run build` into dist/server.js; started by `npm start`.
 */
import { createServer } from "node:http";
import next from "next";
import { ConfigError, getConfig } from "@/lib/config";
import { PEER_HEADER, RAW_URL_HEADER } from "@/lib/guard/peer";
import { relayContentEncoding } from "@/lib/http/compression-relay";
import { answerDispatchFailure } from "@/lib/http/dispatch-failure";
import { markOwnServer } from "@/lib/http/own-server";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/http/request-id";
import { openResponseSlot, RESPONSE_SLOT_HEADER } from "@/lib/http/response-slot";
import { arrivedOverHttps } from "@/lib/http/scheme";
import { turnBatcher } from "@/lib/http/turn-batch";
import { markShuttingDown, runShutdownHooks } from "@/lib/lifecycle";
import { observeHttp } from "@/lib/monitoring/http-observer";
import { loadRouteTable } from "@/lib/monitoring/route-table";
import { fixedSecurityHeaders } from "@/lib/security/headers";

function log(line: string): void {
  console.log(`[printguard] ${line}`);
}

function logError(line: string): void {
  console.error(`[printguard] ${line}`);
}

async function main(): Promise<void> {
  const config = getConfig();
  const app = next({ dev: false, dir: process.cwd(), port: config.port, hostname: config.host ?? "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();

  // The proxy sees neither the socket nor the request target as sent: hand both over in headers
  // that no client can forge (any copy a client sent is overwritten here). The mark also tells the
  // proxy that the fixed response headers are written here (lib/security/headers.ts), and route
  // handlers that Content-Encoding is relayed (lib/http/compression-relay.ts).
  markOwnServer();
  // Request metrics and the in-flight count for load shedding (lib/monitoring), per route pattern of this build.
  const observe = observeHttp(loadRouteTable(process.cwd()), config.monitoring.slowRequestMs);
  // Requests that arrive in one event-loop turn go to Next together, so their async steps
  // interleave and each step's code runs warm (lib/http/turn-batch.ts): about twice the throughput.
  const dispatch = turnBatcher((error) => logError(`request dispatch failed: ${error instanceof Error ? error.message : String(error)}`));
  const server = createServer((req, res) => {
    observe(req, res);
    req.headers[PEER_HEADER] = req.socket.remoteAddress ?? "";
    req.headers[RAW_URL_HEADER] = req.url ?? "/";
    // The proxy writes its per-request response headers (RateLimit) straight onto `res` through this.
    req.headers[RESPONSE_SLOT_HEADER] = openResponseSlot(res);
    // Route handlers compress JSON themselves (br or gzip); Next drops their Content-Encoding, so it is relayed.
    relayContentEncoding(res);
    // The request id is settled here as well (the caller's own when safe, else a fresh one), so the
    // proxy need not hand it to route handlers through Next's request-header override: that override
    // (every header copied, validated and re-applied) costs more per request than the guard's checks.
    const incoming = req.headers[REQUEST_ID_HEADER];
    const requestId = requestIdOf(Array.isArray(incoming) ? incoming.join(", ") : incoming);
    req.headers[REQUEST_ID_HEADER] = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    // Security headers without a per-request value, on every response (pages, API, assets, Next's
    // own 404s): written once here rather than returned by the proxy, which Next would copy into
    // the request and the response header by header. The proxy adds the page CSP with its nonce.
    const forwardedProto = req.headers["x-forwarded-proto"];
    const https = arrivedOverHttps("http:", typeof forwardedProto === "string" ? forwardedProto : undefined, config.guard.trustProxy);
    const fixedHeaders = fixedSecurityHeaders(req.url ?? "/", https);
    for (const [name, value] of Object.entries(fixedHeaders)) res.setHeader(name, value);
    dispatch(() => handle(req, res).catch((error: unknown) => answerDispatchFailure(res, requestId, fixedHeaders, error, logError)));
  });
  server.once("error", (error: NodeJS.ErrnoException) => {
    console.error(`PrintGuard cannot listen on ${config.host ?? "*"}:${config.port}: ${error.code ?? error.message}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => log(`ready on ${config.appUrl} (listening on ${config.host ?? "all interfaces"}:${config.port})`));

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    markShuttingDown();
    log(`${signal}: draining in-flight requests (up to ${config.shutdownTimeoutMs} ms)`);
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const timer = setTimeout(() => {
      log("drain timeout: closing remaining connections");
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    await closed;
    clearTimeout(timer);
    await app.close();
    await runShutdownHooks(log);
    log("stopped");
    process.exit(0);
  };
  process.once("SIGTERM", (s) => void stop(s));
  process.once("SIGINT", (s) => void stop(s));
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `PrintGuard failed to start: ${(error as Error).message}`);
  process.exit(1);
});
