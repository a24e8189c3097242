/**
 * Cache and compression figures, measured side by side in one run:
 *  1. get rate (ops/s) of L1 alone, of L1 + L2 when the value is in L1, and of L1 + L2 when L1 is
 *     too small to hold the working set (so most gets are Redis round trips);
 *  2. bytes br and gzip save on representative JSON API responses, and what compressing costs.
 * Redis at REDIS_URL (default redis://127.0.0.1:6379); without it the L2 rows say so.
 * A benchmark prints figures; it never fails a build.
 *
 *   npm run bench:cache
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Redis as IoRedis } from "ioredis";
import { MultiLevelCache } from "../lib/cache/multi-level";
import { compress } from "../lib/http/compression";

// Benchmarks may read the environment directly (eslint allows it under bench/): they are not the app.
const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const KEYS = 2_000;
const CONCURRENCY = 32;
const DURATION_MS = 1_500;

function printJob(i: number) {
  return { id: `job-${i}`, name: `bracket v${i}.stl`, printer: "voron-24-01", status: i % 3 ? "printing" : "queued", progress: (i % 100) / 100, material: { type: "PETG", nozzle: 240, bed: 80 }, updatedAt: new Date(1_760_000_000_000 + i * 1000).toISOString() };
}

async function getRate(cache: MultiLevelCache, namespace: string): Promise<{ opsPerSecond: number; l1HitRate: number }> {
  const before = (await cache.stats()).l1.namespaces[namespace] ?? { hits: 0, misses: 0 };
  let ops = 0;
  const end = performance.now() + DURATION_MS;
  const started = performance.now();
  const worker = async () => {
    while (performance.now() < end) {
      await cache.get(namespace, `job-${Math.floor(Math.random() * KEYS)}`);
      ops++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const after = (await cache.stats()).l1.namespaces[namespace]!;
  const hits = after.hits - before.hits;
  const misses = after.misses - before.misses;
  return { opsPerSecond: ops / ((performance.now() - started) / 1000), l1HitRate: hits / (hits + misses) };
}

async function fill(cache: MultiLevelCache, namespace: string): Promise<void> {
  for (let i = 0; i < KEYS; i++) await cache.set(namespace, `job-${i}`, printJob(i), 600_000);
}

async function redisAnswers(): Promise<boolean> {
  const probe = new IoRedis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function cacheBench(): Promise<void> {
  console.log(`\n1. get rate: ${KEYS} keys of ~${JSON.stringify(printJob(1)).length} B, ${CONCURRENCY} callers at once, ${DURATION_MS} ms each\n`);
  const rows: Array<[string, string, string]> = [];
  const l1 = new MultiLevelCache({ l1MaxBytes: 64 * 1024 * 1024, defaultTtlMs: 600_000 });
  await fill(l1, "bench");
  const l1Only = await getRate(l1, "bench");
  rows.push(["L1 only", l1Only.opsPerSecond.toFixed(0), `${(l1Only.l1HitRate * 100).toFixed(1)} %`]);

  if (await redisAnswers()) {
    const prefix = `printguard-bench:${randomBytes(4).toString("hex")}`;
    const open = (maxBytes: number) =>
      new MultiLevelCache({ l1MaxBytes: maxBytes, defaultTtlMs: 600_000, redis: { client: new IoRedis(REDIS_URL), subscriber: new IoRedis(REDIS_URL), prefix } });
    const warm = open(64 * 1024 * 1024);
    await warm.ready();
    await fill(warm, "bench");
    const both = await getRate(warm, "bench");
    rows.push(["L1 + L2, value in L1", both.opsPerSecond.toFixed(0), `${(both.l1HitRate * 100).toFixed(1)} %`]);
    // An L1 of 64 KiB holds about a tenth of the working set: most gets go to Redis.
    const small = open(64 * 1024);
    await small.ready();
    const l2 = await getRate(small, "bench");
    rows.push(["L1 (64 KiB) + L2, mostly Redis", l2.opsPerSecond.toFixed(0), `${(l2.l1HitRate * 100).toFixed(1)} %`]);
    await warm.clear({ scope: "all" });
    await Promise.all([warm.close(), small.close()]);
  } else {
    rows.push(["L1 + L2", `skipped: Redis not answering at ${REDIS_URL}`, ""]);
  }
  console.log(table(["level", "gets/s", "L1 hit rate"], rows));
  if (rows.length === 3) console.log(`\nL1 alone / mostly-Redis: ${(Number(rows[0]![1]) / Number(rows[2]![1])).toFixed(1)}×`);
}

function representativeBodies(): Array<[string, unknown]> {
  const users = Array.from({ length: 40 }, (_, i) => ({ id: `cm${randomBytes(10).toString("hex")}`, email: `operator${i}@print-farm.example.com`, name: `Operator ${i}`, role: i % 5 ? "user" : "admin", disabled: i % 17 === 0, mfaEnabled: i % 2 === 0, createdAt: new Date(1_760_000_000_000 + i * 3_600_000).toISOString() }));
  const apiKeys = Array.from({ length: 15 }, (_, i) => ({ id: `cm${randomBytes(10).toString("hex")}`, name: `print frontend ${i}`, prefix: randomBytes(5).toString("hex"), scopes: ["status:read", "metrics:read"], createdAt: new Date(1_760_000_000_000 + i * 86_400_000).toISOString(), createdBy: "admin@localhost", lastUsedAt: null, revokedAt: null }));
  const audit = Array.from({ length: 100 }, (_, i) => ({ id: 1000 + i, time: new Date(1_760_000_000_000 + i * 5000).toISOString(), type: i % 4 ? "ratelimit.exceeded" : "input.rejected", level: i % 4 ? "low" : "high", actorType: "anonymous", ip: `203.0.113.${i % 250}`, method: "POST", route: "/api/jobs", requestId: randomBytes(8).toString("hex"), outcome: "blocked", details: { policy: "per-ip", limit: 300, family: i % 4 ? undefined : "sql_injection", field: "body.prompt" } }));
  const stats = { cache: { l1: { enabled: true, hits: 91234, misses: 2345, hitRate: 0.974, evictions: 12, entries: 812, bytes: 1_203_334, namespaces: Object.fromEntries(["http.admin-users", "http.admin-api-keys", "jobs", "printers"].map((n, i) => [n, { hits: 1000 * i, misses: 20 * i, hitRate: 0.98, evictions: i, entries: 10 * i, bytes: 12_000 * i }])) } } };
  return [["users list (40)", { users }], ["api keys list (15)", { apiKeys }], ["audit page (100 events)", { events: audit, nextCursor: "1100" }], ["cache stats", stats], ["me (small)", { kind: "user", userId: "u1", email: "a@b.c", role: "admin", mfa: true }]];
}

async function compressionBench(): Promise<void> {
  console.log("\n2. compression of representative JSON responses (COMPRESSION_MIN_BYTES=1024: smaller ones are sent as they are)\n");
  const rows: Array<string[]> = [];
  let total = 0;
  let totalBr = 0;
  for (const [name, value] of representativeBodies()) {
    const body = Buffer.from(JSON.stringify(value));
    const timed = async (encoding: "br" | "gzip") => {
      const runs = 50;
      const start = performance.now();
      let out: Buffer = Buffer.alloc(0);
      for (let i = 0; i < runs; i++) out = await compress(body, encoding);
      return { bytes: out.byteLength, us: ((performance.now() - start) / runs) * 1000 };
    };
    const br = await timed("br");
    const gz = await timed("gzip");
    const compressed = body.byteLength >= 1024;
    total += body.byteLength;
    totalBr += compressed ? br.bytes : body.byteLength;
    const change = (n: number) => `${n <= body.byteLength ? "−" : "+"}${Math.abs((1 - n / body.byteLength) * 100).toFixed(0)} %`;
    rows.push([name, String(body.byteLength), `${br.bytes} (${change(br.bytes)})`, `${gz.bytes} (${change(gz.bytes)})`, `${br.us.toFixed(0)} / ${gz.us.toFixed(0)}`, compressed ? "yes" : "no"]);
  }
  console.log(table(["response", "bytes", "br bytes", "gzip bytes", "µs br / gzip", "compressed"], rows));
  console.log(`\nall five responses: ${total} B → ${totalBr} B with br above the threshold (${total - totalBr} B saved, −${((1 - totalBr / total) * 100).toFixed(0)} %)`);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

console.log("PrintGuard cache benchmark (figures vary with machine load; compare rows of one run)");
await cacheBench();
await compressionBench();
