// The built server as an operator runs it: audit events survive SIGTERM and a database outage.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDb, type Db } from "@/lib/db/client";
import { spawnServer, stopServer, waitReady } from "../support/server";
import { createTempPostgresDatabase, describeWithService, POSTGRES_ADMIN_URL, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();
const ATTACK = "/api/health?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E";

async function attack(url: string, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${url}${ATTACK}&n=${tag}${i}`);
    expect(response.status).toBe(403);
    ids.push(((await response.json()) as { requestId: string }).requestId);
  }
  return ids;
}

async function waitFor<T>(probe: () => Promise<T | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("audit writer in the production server (SQLite)", () => {
  it("SIGTERM right after blocked requests flushes every buffered event before the database closes", async () => {
    const server = await spawnServer({ RATE_LIMIT_MODE: "off" });
    await waitReady(server);
    const ids = await attack(server.url, 25, "t");
    await stopServer(server); // well inside the writer's 1 s flush interval
    expect(server.stdout()).toContain("shutdown: audit done");
    expect(server.stdout().indexOf("shutdown: audit done")).toBeLessThan(server.stdout().indexOf("shutdown: database done"));
    const db = await openDb({ provider: "sqlite", file: join(server.dataDir, "printguard.db") });
    try {
      const rows = await db.auditEvent.findMany({ where: { requestId: { in: ids } } });
      expect(rows).toHaveLength(25);
      expect(rows.every((r) => r.type === "input.rejected" && ["high", "critical"].includes(r.level) && r.outcome === "blocked")).toBe(true);
    } finally {
      await db.$disconnect();
      await stopServer(server, { removeData: true });
    }
  }, 120_000);
});

describeWithService("postgres", pgUp)("audit writer in the production server (PostgreSQL outage)", () => {
  it("while PostgreSQL refuses connections, events go to DATA_DIR/audit-spool.jsonl; when it is back they are stored once", async () => {
    const database = await createTempPostgresDatabase("pg_audit_outage");
    const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
    await admin.connect();
    const server = await spawnServer({
      DATABASE_URL: database.url,
      AUTH_SECRET: randomBytes(32).toString("hex"),
      MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      RATE_LIMIT_MODE: "off",
      LOG_LEVEL: "error",
    });
    let db: Db | null = null;
    try {
      await waitReady(server);
      // The outage: no new connections, existing ones cut.
      await admin.query(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS false`);
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [database.name]);
      const ids = await attack(server.url, 5, "o");
      const spool = join(server.dataDir, "audit-spool.jsonl");
      await waitFor(async () => existsSync(spool) && readFileSync(spool, "utf8").trim().split("\n").length >= 5);
      const spooled = readFileSync(spool, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { requestId: string }).requestId);
      expect(spooled).toEqual(expect.arrayContaining(ids));

      await admin.query(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`);
      db = await openDb({ provider: "postgresql", url: database.url });
      const reader = db;
      const rows = await waitFor(async () => {
        const found = await reader.auditEvent.findMany({ where: { requestId: { in: ids } } });
        return found.length === ids.length ? found : null;
      }, 30_000);
      expect(rows).toHaveLength(5);
      await waitFor(async () => !existsSync(spool));
      // Replayed once: later flushes add no copies.
      await attack(server.url, 1, "after");
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await reader.auditEvent.count({ where: { requestId: { in: ids } } })).toBe(5);
    } finally {
      await admin.query(`ALTER DATABASE "${database.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
      await db?.$disconnect();
      await stopServer(server, { removeData: true });
      await admin.end();
      await database.drop();
    }
  }, 150_000);
});
