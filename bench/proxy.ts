/**
 * npm run bench:proxy — what the request guard costs.
 *
 * Builds the same app with an empty proxy.ts beside this one (in a temp copy), starts both
 * production servers, and drives a JSON route with autocannon on loopback, alternating A/B runs,
 * on several pairs of freshly started processes (BENCH_PROCESSES, BENCH_ROUNDS, BENCH_DURATION_S).
 * Prints throughput, p99 and the server's CPU time per request of each, and the guard/empty ratios, for the in-process limiter and
 * (when Redis answers at 127.0.0.1:6379) the Redis limiter. Targets: ≥ 0.95 (memory), ≥ 0.90 (Redis).
 * A benchmark, not a test: it asserts nothing. Needs `npm run build` first.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { cpuSecondsOf } from "./lib/process-cpu";
import { mean as avg, median } from "./lib/stats";

const ROOT = resolve(".");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 4);
const CONNECTIONS = 32;
// A realistic print-frontend call: query values and the headers a program sends. The job name
// differs on every request, as it would in real traffic: the guard remembers header and path values
// it has found clean (they repeat per client and route), never query or body values, so this
// measures the sanitizer's real work on the query rather than a remembered answer.
const PATH = "/api/health?printer=prusa-mk4&job=bracket%20v2%20(final).stl";
let sequence = 0;
const nextPath = () => `/api/health?printer=prusa-mk4&job=bracket%20v2%20(final)%20${(sequence++).toString(36)}.stl`;
// A client address of its own per run (RFC 2544's benchmarking range), passed by a trusted proxy hop:
// counters and penalties that earlier runs or tests left in a shared Redis for 127.0.0.1 must not
// turn this run's requests into cheap 429s.
const CLIENT = `198.18.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 254) + 1}`;
const HEADERS = { "user-agent": "print-frontend/2.3 (+node)", accept: "application/json", "x-client-version": "2.3.0", "x-forwarded-for": CLIENT };
// Limits high enough that the bench measures the limiter's cost, not its refusals.
const HUGE = 100_000_000;
const GENEROUS_LIMITS = JSON.stringify({
  global: { capacity: HUGE, refill: HUGE, interval: "1s" },
  "per-ip": { limit: HUGE },
  "per-ip-burst": { capacity: HUGE, refill: HUGE, interval: "1s" },
});

const EMPTY_PROXY = `import { NextResponse } from "next/server";
export function proxy() {
  return NextResponse.next();
}
export const config = { matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"] };
`;

function buildEmptyVariant(): string {
  const dir = mkdtempSync(join(tmpdir(), "printguard-bench-empty-"));
  const skip = new Set(["node_modules", ".next", "dist", "data", "test-results", ".git"]);
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.has(src.slice(ROOT.length + 1).split("/")[0]!) });
  // Turbopack refuses a node_modules symlinked from outside the project; hard links are as cheap.
  execFileSync("cp", ["-al", join(ROOT, "node_modules"), join(dir, "node_modules")]);
  writeFileSync(join(dir, "proxy.ts"), EMPTY_PROXY);
  console.log(`building the empty-proxy variant in ${dir} …`);
  execFileSync("npm", ["run", "-s", "build"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

async function startServer(cwd: string, port: number, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), "printguard-bench-data-"));
  const child = spawn(process.execPath, ["dist/server.js"], {
    cwd,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", RATE_LIMIT_POLICIES: GENEROUS_LIMITS, TRUST_PROXY: "1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  child.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  serverPids.set(port, child.pid!);
  for (let i = 0; i < 400; i++) {
    try {
      // As the bench's client: 127.0.0.1 itself may be under a penalty left in a shared Redis.
      if ((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: HEADERS })).ok) return child;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server on ${port} did not start`);
}

const serverPids = new Map<number, number>();

/**
 * Waits until freshly started servers are idle: each runs start-up work for seconds after it first
 * answers (the sampler's first probes, migrations, pruning), and three of them start together. A
 * comparison begun before that ends charges one side with another process's start-up (seen here:
 * the first comparison of every pair, memory's, came out ~10 % worse than Redis's right after it).
 */
async function settle(ports: number[]): Promise<void> {
  const cpu = () => ports.reduce((sum, port) => sum + cpuSecondsOf(serverPids.get(port)!), 0);
  for (let i = 0; i < 30; i++) {
    const before = cpu();
    await new Promise((r) => setTimeout(r, 1000));
    if (cpu() - before <= 0.02) return; // ≤ 2 % of a core over the last second
  }
}

/**
 * One autocannon run. Besides throughput and p99 it reads the server's own CPU time per request:
 * on a 2-core machine that also runs the load generator (and, in a working session, other jobs),
 * throughput swings with whatever else runs, while CPU time per request is what the guard adds.
 */
async function load(port: number, seconds: number): Promise<{ rps: number; p99: number; cpuUs: number }> {
  const pid = serverPids.get(port)!;
  const cpuBefore = cpuSecondsOf(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${PATH}`,
    headers: HEADERS,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  if (result.non2xx > 0) console.warn(`  warning: ${result.non2xx} non-2xx answers on port ${port}: this run's figures are not comparable`);
  const cpuUs = ((cpuSecondsOf(pid) - cpuBefore) * 1e6) / Math.max(result.requests.total, 1);
  return { rps: result.requests.average, p99: result.latency.p99, cpuUs };
}

async function redisUp(): Promise<boolean> {
  try {
    execFileSync("redis-cli", ["-h", "127.0.0.1", "-p", "6379", "ping"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

interface Runs {
  guard: number[];
  empty: number[];
  guardP99: number[];
  emptyP99: number[];
  guardCpu: number[];
  emptyCpu: number[];
  /** Per pair of server processes: the ratio of their mean throughputs. */
  perProcess: number[];
}

const newRuns = (): Runs => ({ guard: [], empty: [], guardP99: [], emptyP99: [], guardCpu: [], emptyCpu: [], perProcess: [] });

/** ROUNDS alternating runs of one guard server and one empty-proxy server, added to `runs`. */
async function compare(runs: Runs, guardPort: number, emptyPort: number): Promise<void> {
  await load(guardPort, 3); // warm up both (JIT, connection pools)
  await load(emptyPort, 3);
  const mine = { guard: [] as number[], empty: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so drift on a shared 2-core machine does not favour one side.
    const order = round % 2 === 0 ? [guardPort, emptyPort] : [emptyPort, guardPort];
    for (const port of order) {
      const r = await load(port, DURATION_S);
      const side = port === guardPort ? "guard" : "empty";
      runs[side].push(r.rps);
      mine[side].push(r.rps);
      runs[side === "guard" ? "guardP99" : "emptyP99"].push(r.p99);
      runs[side === "guard" ? "guardCpu" : "emptyCpu"].push(r.cpuUs);
    }
  }
  runs.perProcess.push(avg(mine.guard) / avg(mine.empty));
}

function report(label: string, runs: Runs): void {
  console.log(
    `${label.padEnd(22)} guard ${avg(runs.guard).toFixed(0).padStart(6)} req/s p99 ${avg(runs.guardP99).toFixed(1).padStart(5)} ms | ` +
      `empty proxy ${avg(runs.empty).toFixed(0).padStart(6)} req/s p99 ${avg(runs.emptyP99).toFixed(1).padStart(5)} ms | ` +
      `throughput ratio ${(avg(runs.guard) / avg(runs.empty)).toFixed(3)}, p99 ratio ${(avg(runs.emptyP99) / Math.max(avg(runs.guardP99), 1e-3)).toFixed(3)}`,
  );
  // Each round's two runs stand next to each other in time: their ratio is the least exposed to
  // drift (other work on the machine, heap growth), so the median of those ratios is the figure.
  const paired = runs.guard.map((g, i) => g / runs.empty[i]!).sort((a, b) => a - b);
  console.log(`${"".padEnd(22)} median of ${paired.length} paired round ratios ${median(paired).toFixed(3)} (range ${paired[0]!.toFixed(3)}–${paired.at(-1)!.toFixed(3)})`);
  console.log(`${"".padEnd(22)} per pair of fresh processes: ${runs.perProcess.map((r) => r.toFixed(3)).join(", ")}`);
  console.log(
    `${"".padEnd(22)} server CPU per request: guard ${avg(runs.guardCpu).toFixed(0)} µs | empty proxy ${avg(runs.emptyCpu).toFixed(0)} µs | ratio ${(avg(runs.emptyCpu) / avg(runs.guardCpu)).toFixed(3)} (empty/guard)`,
  );
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, "dist/server.js"))) throw new Error("run `npm run build` first");
  const emptyDir = buildEmptyVariant();
  const redis = await redisUp();
  const memoryRuns = newRuns();
  const redisRuns = newRuns();
  const children: ChildProcess[] = [];
  const stop = (child: ChildProcess) =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once("exit", resolve).kill("SIGTERM"));
  const stopAll = async () => {
    await Promise.all(children.splice(0).map(stop));
  };
  try {
    console.log(
      `GET ${PATH} (job name varied per request), ${CONNECTIONS} connections; ${PROCESSES} pairs of fresh server processes, ` +
        `${ROUNDS}×${DURATION_S}s per side each, alternating`,
    );
    // Fresh processes per trial: one Node process can run ±10 % faster or slower than the next
    // start of the same build (JIT and heap layout), which one long pair would take for the guard's cost.
    for (let trial = 0; trial < PROCESSES; trial++) {
      children.push(await startServer(emptyDir, 3401, {}), await startServer(ROOT, 3402, {}));
      if (redis) children.push(await startServer(ROOT, 3403, { REDIS_URL: "redis://127.0.0.1:6379" }));
      await settle(redis ? [3401, 3402, 3403] : [3401, 3402]);
      // Which limiter goes first alternates between pairs, so neither always meets a colder empty server.
      const comparisons = [() => compare(memoryRuns, 3402, 3401), ...(redis ? [() => compare(redisRuns, 3403, 3401)] : [])];
      for (const run of trial % 2 === 0 ? comparisons : comparisons.reverse()) await run();
      await stopAll();
    }
    report("memory limiter", memoryRuns);
    if (redis) report("Redis limiter", redisRuns);
    else console.log("Redis limiter: skipped (Redis not answering at 127.0.0.1:6379)");
    console.log("targets: ratio ≥ 0.95 (memory), ≥ 0.90 (Redis); p99 ratio = empty p99 / guard p99 (1 = no added tail)");
  } finally {
    await stopAll();
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

await main();
