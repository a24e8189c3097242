import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import autocannon from "autocannon";
import { cpuSecondsOf } from "./lib/process-cpu";
const HUGE = 100_000_000;
const LIMITS = JSON.stringify({ global: { capacity: HUGE, refill: HUGE, interval: "1s" }, "per-ip": { limit: HUGE }, "per-ip-burst": { capacity: HUGE, refill: HUGE, interval: "1s" } });
const variants: Array<{ name: string; cwd: string; env: Record<string, string> }> = JSON.parse(process.env.VARIANTS!);
const HEADERS = { "user-agent": "print-frontend/2.3 (+node)", accept: "application/json", "x-client-version": "2.3.0", "x-forwarded-for": "198.18.7.9" };
let seq = 0;
const nextPath = () => `/api/health?printer=prusa-mk4&job=bracket%20v2%20(final)%20${(seq++).toString(36)}.stl`;
const servers: Array<{ name: string; port: number; child: ChildProcess }> = [];
let port = 3600;
for (const v of variants) {
  const p = port++;
  const child = spawn(process.execPath, ["dist/server.js"], { cwd: v.cwd, env: { PATH: process.env.PATH, NODE_ENV: "production", PORT: String(p), HOST: "127.0.0.1", DATA_DIR: mkdtempSync("/tmp/zzs-"), LOG_LEVEL: "warn", RATE_LIMIT_POLICIES: LIMITS, TRUST_PROXY: "1", ...v.env }, stdio: ["ignore", "ignore", "inherit"] });
  servers.push({ name: v.name, port: p, child });
}
for (const s of servers) for (let i = 0; i < 400; i++) { try { if ((await fetch(`http://127.0.0.1:${s.port}/api/health`)).ok) break; } catch {} await new Promise(r => setTimeout(r, 150)); }
async function load(s: (typeof servers)[0], seconds: number) {
  const c0 = cpuSecondsOf(s.child.pid!);
  const r = await autocannon({ url: `http://127.0.0.1:${s.port}`, connections: 32, duration: seconds, requests: [{ method: "GET", headers: HEADERS, setupRequest: (req: any) => ({ ...req, path: nextPath() }) }] } as any);
  if (r.non2xx) console.log("non2xx", s.name, r.non2xx);
  return { rps: r.requests.average, cpu: (cpuSecondsOf(s.child.pid!) - c0) * 1e6 / r.requests.total };
}
for (const s of servers) await load(s, 3);
const ROUNDS = Number(process.env.ROUNDS ?? 8);
const res = new Map(servers.map(s => [s.name, [] as Array<{ rps: number; cpu: number }>]));
for (let r = 0; r < ROUNDS; r++) {
  const rot = [...servers.slice(r % servers.length), ...servers.slice(0, r % servers.length)];
  for (const s of rot) res.get(s.name)!.push(await load(s, 3));
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const base = servers[0]!.name;
for (const s of servers) {
  const runs = res.get(s.name)!;
  const ratios = runs.map((x, i) => x.rps / res.get(base)![i]!.rps);
  console.log(s.name.padEnd(14), "rps", med(runs.map(x => x.rps)).toFixed(0).padStart(5), "cpu µs/req", med(runs.map(x => x.cpu)).toFixed(0).padStart(5), "median ratio vs", base, med(ratios).toFixed(3));
}
for (const s of servers) s.child.kill("SIGKILL");
process.exit(0);
