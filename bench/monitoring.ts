/**
 * npm run bench:monitoring — what monitoring costs.
 *
 * 1. Throughput of GET .../performance/status, .../performance/resource-usage?range=5m and the
 *    combined .../status (with an API key, as a dashboard or scraper calls them) against the bare
 *    JSON route GET /api/health of the same build and server, autocannon on loopback, in many
 *    short rounds (each runs every route once; the order rotates) and the median of the per-round
 *    ratios. Target: ratio ≥ 0.90.
 * 2. The resource sampler's CPU share at the default 2 s interval: this process's CPU time plus
 *    that of the children it waited for (`df` of the slow probe), minus an idle run of the same
 *    length, as a share of one core. Target: ≤ 1 %.
 * A benchmark, not a test: it asserts nothing. Needs `npm run build` first. On a shared machine
 * the figures are noisy: compare ratios from one run, not absolute numbers across runs.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { Sampler } from "@/lib/monitoring/sampler/sampler";
import { cpuSecondsOf } from "./lib/process-cpu";
import { mean as avg, median } from "./lib/stats";

const ROOT = resolve(".");
const PORT = Number(process.env.BENCH_PORT ?? 3411);
// Many short rounds rather than a few long ones: the server's own CPU per request drifts by tens
// of percent within minutes on this machine, and a ratio is only as good as the pairing of its two
// runs. Each round runs every route once, back to back, and the headline is the median of the
// per-round ratios.
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 16);
const SAMPLER_S = Number(process.env.BENCH_SAMPLER_S ?? 60);
const WARM_S = Number(process.env.BENCH_WARM_S ?? 0);
const CONNECTIONS = 32;
const ADMIN = { email: "bench@monitor.test", password: "bench-admin-password" };

async function startServer(): Promise<{ child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "printguard-bench-monitoring-"));
  const child = spawn(process.execPath, ["dist/server.js"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(PORT), HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "warn", RATE_LIMIT_MODE: "off", REQUIRE_ADMIN_MFA: "false", PRINTGUARD_ADMIN_EMAIL: ADMIN.email, PRINTGUARD_ADMIN_PASSWORD: ADMIN.password },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return { child, dataDir };
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error("server did not start");
}

/** Signs in as the first admin and creates a key with both read scopes. */
async function apiKey(): Promise<string> {
  const base = `http://127.0.0.1:${PORT}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const signIn = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email: ADMIN.email, password: ADMIN.password, json: "true" }),
  });
  const session = signIn.headers.getSetCookie().find((c) => c.includes("session-token="))!.split(";")[0]!;
  const created = await fetch(`${base}/api/admin/api-keys`, {
    method: "POST",
    headers: { cookie: session, "content-type": "application/json", "sec-fetch-site": "same-origin" },
    body: JSON.stringify({ name: "bench", scopes: ["status:read", "metrics:read"] }),
  });
  // Without a key every measured request would be a cheap 401: refuse to measure that.
  if (created.status !== 201) throw new Error(`creating the bench API key answered ${created.status}: ${await created.text()}`);
  return ((await created.json()) as { key: string }).key;
}

/**
 * One autocannon run: throughput, and the server's own CPU time per request. The load generator
 * shares the two cores and pays more per response for a larger body, so throughput charges a
 * route with some of the client's work; CPU per request is the server's part alone.
 */
async function load(pid: number, path: string, headers: Record<string, string>, seconds: number): Promise<{ rps: number; cpuUs: number }> {
  const cpuBefore = cpuSecondsOf(pid);
  const result = await autocannon({ url: `http://127.0.0.1:${PORT}${path}`, headers, connections: CONNECTIONS, duration: seconds });
  if (result.non2xx > 0) console.warn(`  warning: ${result.non2xx} non-2xx answers on ${path}`);
  return { rps: result.requests.average, cpuUs: ((cpuSecondsOf(pid) - cpuBefore) * 1e6) / Math.max(result.requests.total, 1) };
}

async function throughput(): Promise<void> {
  const { child, dataDir } = await startServer();
  try {
    const key = await apiKey();
    const auth = { authorization: `Bearer ${key}`, accept: "application/json" };
    const targets = [
      { name: "bare JSON /api/health", path: "/api/health", headers: { accept: "application/json" } },
      { name: "performance/status", path: "/api/security-performance/performance/status", headers: auth },
      { name: "resource-usage?range=5m", path: "/api/security-performance/performance/resource-usage?range=5m", headers: auth },
      { name: "combined /status", path: "/api/security-performance/status", headers: auth },
    ];
    if (WARM_S > 0) {
      console.log(`waiting ${WARM_S} s for the sampler's window to fill …`);
      await new Promise((r) => setTimeout(r, WARM_S * 1000));
    }
    const pid = child.pid!;
    for (const t of targets) await load(pid, t.path, t.headers, 2); // warm up
    const runs = new Map<string, Array<{ rps: number; cpuUs: number }>>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      // Rotate, then alternate direction: over the rounds every route runs in every position,
      // before and after every other, so no route is favoured by where it stands in a round.
      const rotated = [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)];
      const order = Math.floor(round / targets.length) % 2 === 0 ? rotated : rotated.reverse();
      for (const t of order) runs.get(t.name)!.push(await load(pid, t.path, t.headers, DURATION_S));
    }
    const rpsOf = (name: string) => avg(runs.get(name)!.map((r) => r.rps));
    const cpuOf = (name: string) => avg(runs.get(name)!.map((r) => r.cpuUs));
    const bareRuns = runs.get(targets[0]!.name)!;
    const bare = rpsOf(targets[0]!.name);
    console.log(`${CONNECTIONS} connections, ${ROUNDS}×${DURATION_S}s per route, order rotated every round`);
    for (const t of targets) {
      const mean = rpsOf(t.name);
      const cpu = cpuOf(t.name);
      // The body size at the end of the run: resource-usage grows with the samples in its window
      // (full after 5 minutes of uptime; BENCH_WARM_S waits before measuring).
      const bytes = (await (await fetch(`http://127.0.0.1:${PORT}${t.path}`, { headers: t.headers })).arrayBuffer()).byteLength;
      // Each round ran every route once, back to back: a round's ratio is the least exposed to drift.
      const rounds = runs.get(t.name)!.map((r, i) => r.rps / bareRuns[i]!.rps);
      const medianCpu = median(runs.get(t.name)!.map((r, i) => bareRuns[i]!.cpuUs / r.cpuUs));
      console.log(
        `${t.name.padEnd(26)} ${mean.toFixed(0).padStart(6)} req/s   ratio ${median(rounds).toFixed(3)} (mean of runs ${(mean / bare).toFixed(3)}, rounds ${Math.min(...rounds).toFixed(2)}–${Math.max(...rounds).toFixed(2)})   ` +
          `server CPU ${cpu.toFixed(0).padStart(5)} µs/req (ratio ${medianCpu.toFixed(3)})   body ${bytes} B`,
      );
    }
    console.log("target: ratio ≥ 0.90: the median over rounds of this route's req/s over the bare route's in the same round;");
    console.log("the CPU ratio is the same median of the bare route's server CPU per request over this route's");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** CPU seconds of this process plus the children it has waited for. */
function cpuSeconds(): number {
  if (process.platform === "linux") return cpuSecondsOf("self", true);
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

async function measure(seconds: number, run: boolean): Promise<number> {
  const sampler = run ? new Sampler({ intervalMs: 2_000, slowIntervalMs: 60_000 }) : null;
  const startCpu = cpuSeconds();
  const start = performance.now();
  await sampler?.start();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  sampler?.stop();
  return (cpuSeconds() - startCpu) / ((performance.now() - start) / 1000);
}

async function samplerShare(): Promise<void> {
  await measure(3, true); // load modules, JIT
  const idle = await measure(SAMPLER_S, false);
  const busy = await measure(SAMPLER_S, true);
  console.log(`sampler at 2 s for ${SAMPLER_S} s: ${(busy * 100).toFixed(3)} % of a core, idle run ${(idle * 100).toFixed(3)} %, sampler share ${((busy - idle) * 100).toFixed(3)} % (target ≤ 1 %)`);
}

if (!existsSync(join(ROOT, "dist/server.js"))) throw new Error("run `npm run build` first");
if (process.argv.includes("--sampler-only")) await samplerShare();
else {
  await throughput();
  await samplerShare();
}
