/**
 * npm run bench:proxy — what the request guard costs.
 *
 * Builds the same app with an empty proxy.ts beside this one (in a temp copy), starts both
 * production servers, and drives a JSON route with autocannon on loopback, alternating A/B runs.
 * Prints throughput, p99 and the server's CPU time per request of each, and the guard/empty ratios, for the in-process limiter and
 * (when Redis answers at 127.0.0.1:6379) the Redis limiter. Targets: ≥ 0.95 (memory), ≥ 0.90 (Redis).
 * A benchmark, not a test: it asserts nothing. Needs `npm run build` first.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";

const ROOT = resolve(".");
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
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

/** CPU seconds (user + system) a process has used so far: /proc/<pid>/stat, in USER_HZ ticks. */
function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const serverPids = new Map<number, number>();

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

async function compare(label: string, guardPort: number, emptyPort: number): Promise<void> {
  await load(guardPort, 2); // warm up both (JIT, connection pools)
  await load(emptyPort, 2);
  const guard: number[] = [];
  const empty: number[] = [];
  const guardP99: number[] = [];
  const emptyP99: number[] = [];
  const guardCpu: number[] = [];
  const emptyCpu: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate the order so drift on a shared 2-core machine does not favour one side.
    const order = round % 2 === 0 ? [guardPort, emptyPort] : [emptyPort, guardPort];
    for (const port of order) {
      const r = await load(port, DURATION_S);
      (port === guardPort ? guard : empty).push(r.rps);
      (port === guardPort ? guardP99 : emptyP99).push(r.p99);
      (port === guardPort ? guardCpu : emptyCpu).push(r.cpuUs);
    }
  }
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(
    `${label.padEnd(22)} guard ${avg(guard).toFixed(0).padStart(6)} req/s p99 ${avg(guardP99).toFixed(1).padStart(5)} ms | ` +
      `empty proxy ${avg(empty).toFixed(0).padStart(6)} req/s p99 ${avg(emptyP99).toFixed(1).padStart(5)} ms | ` +
      `throughput ratio ${(avg(guard) / avg(empty)).toFixed(3)}, p99 ratio ${(avg(emptyP99) / Math.max(avg(guardP99), 1e-3)).toFixed(3)}`,
  );
  // Each round's two runs stand next to each other in time: their ratio is the least exposed to
  // drift (other work on the machine, heap growth), so the median of those ratios is the figure.
  const paired = guard.map((g, i) => g / empty[i]!).sort((a, b) => a - b);
  const median = paired.length % 2 ? paired[(paired.length - 1) / 2]! : (paired[paired.length / 2 - 1]! + paired[paired.length / 2]!) / 2;
  console.log(`${"".padEnd(22)} median of ${paired.length} paired round ratios ${median.toFixed(3)} (range ${paired[0]!.toFixed(3)}–${paired.at(-1)!.toFixed(3)})`);
  console.log(
    `${"".padEnd(22)} server CPU per request: guard ${avg(guardCpu).toFixed(0)} µs | empty proxy ${avg(emptyCpu).toFixed(0)} µs | ratio ${(avg(emptyCpu) / avg(guardCpu)).toFixed(3)} (empty/guard)`,
  );
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, "dist/server.js"))) throw new Error("run `npm run build` first");
  const emptyDir = buildEmptyVariant();
  const children: ChildProcess[] = [];
  try {
    const empty = await startServer(emptyDir, 3401, {});
    const guardMemory = await startServer(ROOT, 3402, {});
    children.push(empty, guardMemory);
    console.log(`GET ${PATH} (job name varied per request), ${CONNECTIONS} connections, ${ROUNDS}×${DURATION_S}s per side, alternating`);
    await compare("memory limiter", 3402, 3401);
    if (await redisUp()) {
      const guardRedis = await startServer(ROOT, 3403, { REDIS_URL: "redis://127.0.0.1:6379" });
      children.push(guardRedis);
      await compare("Redis limiter", 3403, 3401);
    } else {
      console.log("Redis limiter: skipped (Redis not answering at 127.0.0.1:6379)");
    }
    console.log("targets: ratio ≥ 0.95 (memory), ≥ 0.90 (Redis); p99 ratio = empty p99 / guard p99 (1 = no added tail)");
  } finally {
    for (const child of children) child.kill("SIGTERM");
    rmSync(emptyDir, { recursive: true, force: true });
  }
}

await main();
