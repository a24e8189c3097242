import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";
import { createTempPostgresDatabase, describeWithService, postgresAvailable } from "../support/services";

const postgresUp = await postgresAvailable();

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const INIT = "20261127000000_init";
const MODEL_TABLES = ["User", "ApiKey", "MfaSecret", "BackupCode", "AuditEvent", "MetricRollup"];

type Provider = DatabaseConfig["provider"];
type SqliteConfig = Extract<DatabaseConfig, { provider: "sqlite" }>;
type PostgresConfig = Extract<DatabaseConfig, { provider: "postgresql" }>;
type Row = Record<string, unknown>;

/** A fresh, empty database plus raw read access to it (independent of the code under test). */
interface Target<D extends DatabaseConfig = DatabaseConfig> {
  database: D;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  tables(): Promise<string[]>;
  dispose(): Promise<void>;
}

const migrationsDir = (provider: Provider) => join(ROOT, "prisma", provider, "migrations");
const folderNames = (dir: string) =>
  readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
const fileChecksum = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");
const millis = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value));

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A private copy of the provider's migrations, free to edit. */
function copyMigrations(provider: Provider): string {
  const dir = join(tempDir("pg-mig-copy-"), "migrations");
  cpSync(migrationsDir(provider), dir, { recursive: true });
  return dir;
}

async function sqliteTarget(): Promise<Target<SqliteConfig>> {
  // Nested, not-yet-existing folders: migrate() must create them.
  const file = join(tempDir("pg-mig-sqlite-"), "nested", "data", "printguard.db");
  const withDb = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { fileMustExist: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    database: { provider: "sqlite", file },
    query: async (sql, params = []) => withDb((db) => db.prepare(sql).all(...params) as Row[]),
    tables: async () => withDb((db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]),
    dispose: async () => undefined, // the temp folder goes in afterAll
  };
}

async function postgresTarget(): Promise<Target<PostgresConfig>> {
  const temp = await createTempPostgresDatabase("pg_mig");
  const query = async (sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: temp.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  return {
    database: { provider: "postgresql", url: temp.url },
    query,
    tables: async () =>
      (await query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).map((r) => String(r.table_name)),
    dispose: temp.drop,
  };
}

function migrateSuite<D extends DatabaseConfig>(provider: D["provider"], makeTarget: () => Promise<Target<D>>) {
  const targets: Target<D>[] = [];
  const fresh = async () => {
    const target = await makeTarget();
    targets.push(target);
    return target;
  };
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.dispose()));
  });
  const names = folderNames(migrationsDir(provider));

  it("applies the init migration to an empty database and records it as Prisma would", async () => {
    expect(names).toContain(INIT);
    const target = await fresh();
    const before = Date.now();
    const lines: string[] = [];
    // No migrationsRoot: the default prisma/<provider>/migrations under process.cwd() is used.
    const result = await migrate(target.database, { log: (line) => lines.push(line) });

    expect(result).toEqual({ applied: names, skipped: [] });
    expect(lines).toEqual(names.map((name) => `applied ${name}`));
    expect(await target.tables()).toEqual(expect.arrayContaining([...MODEL_TABLES, "_prisma_migrations"]));

    const rows = await target.query("SELECT * FROM _prisma_migrations");
    expect(rows.map((r) => r.migration_name)).toEqual(names);
    const row = rows.find((r) => r.migration_name === INIT)!;
    expect(Object.keys(row).sort()).toEqual(
      ["applied_steps_count", "checksum", "finished_at", "id", "logs", "migration_name", "rolled_back_at", "started_at"],
    );
    expect(row).toMatchObject({
      checksum: fileChecksum(join(migrationsDir(provider), INIT, "migration.sql")),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Prisma keeps SQLite timestamps as Unix milliseconds and PostgreSQL ones as timestamptz.
    expect(typeof row.started_at).toBe(provider === "sqlite" ? "number" : "object");
    expect(millis(row.started_at)).toBeGreaterThanOrEqual(before - 1_000); // server clock vs ours
    expect(millis(row.finished_at)).toBeGreaterThanOrEqual(millis(row.started_at));
    expect(millis(row.finished_at)).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it("applies nothing on a second run", async () => {
    const target = await fresh();
    await migrate(target.database);
    const lines: string[] = [];
    expect(await migrate(target.database, { log: (line) => lines.push(line) })).toEqual({ applied: [], skipped: names });
    expect(lines).toEqual(names.map((name) => `skipped ${name} (already applied)`));
    expect(await target.query("SELECT migration_name FROM _prisma_migrations")).toHaveLength(names.length);
  });

  it("applies each migration exactly once when several runs start at the same time", async () => {
    const target = await fresh();
    const results = await Promise.all([1, 2, 3].map(() => migrate(target.database)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(names);
    for (const r of results) expect([...r.applied, ...r.skipped].sort()).toEqual(names);
    expect(await target.query("SELECT migration_name FROM _prisma_migrations")).toHaveLength(names.length);
  });

  it("refuses a migration edited after it was applied, naming it", async () => {
    const target = await fresh();
    const root = copyMigrations(provider);
    await migrate(target.database, { migrationsRoot: root });
    appendFileSync(join(root, INIT, "migration.sql"), "\n-- edited after being applied\n");
    await expect(migrate(target.database, { migrationsRoot: root })).rejects.toThrow(
      new RegExp(`Migration ${INIT} was edited after it was applied`),
    );
  });

  it("accepts a recorded checksum taken with other line endings (git autocrlf), like Prisma", async () => {
    const target = await fresh();
    const root = copyMigrations(provider);
    await migrate(target.database, { migrationsRoot: root });
    const file = join(root, INIT, "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
    expect(await migrate(target.database, { migrationsRoot: root })).toEqual({ applied: [], skipped: names });
  });

  it("rolls back a failing migration with its record, and applies it once fixed", async () => {
    const target = await fresh();
    const root = copyMigrations(provider);
    await migrate(target.database, { migrationsRoot: root });
    const extra = "20991231000000_extra";
    mkdirSync(join(root, extra));
    const good = `CREATE TABLE "Extra" ("id" INTEGER NOT NULL PRIMARY KEY);\n`;
    writeFileSync(join(root, extra, "migration.sql"), `${good}SELECT * FROM "NoSuchTable";\n`);

    await expect(migrate(target.database, { migrationsRoot: root })).rejects.toThrow(
      new RegExp(`Migration ${extra} failed and was rolled back`),
    );
    expect(await target.tables()).not.toContain("Extra");
    expect(await target.query("SELECT migration_name FROM _prisma_migrations")).toHaveLength(names.length);

    writeFileSync(join(root, extra, "migration.sql"), good);
    expect(await migrate(target.database, { migrationsRoot: root })).toEqual({ applied: [extra], skipped: names });
    expect(await target.tables()).toContain("Extra");
  });

  return { fresh };
}

describe("migrate: SQLite", () => {
  const { fresh } = migrateSuite("sqlite", sqliteTarget);

  it("creates the parent folder and switches the file to WAL", async () => {
    const target = await fresh();
    expect(existsSync(target.database.file)).toBe(false);
    await migrate(target.database);
    expect(await target.query("PRAGMA journal_mode")).toEqual([{ journal_mode: "wal" }]);
  });

  it("several processes migrating the same new file at once: each migration applied exactly once", async () => {
    // better-sqlite3 is synchronous, so in-process runs never overlap; separate processes do.
    const target = await fresh();
    const script = `
      const [file, startAt, modulePath] = process.argv.slice(1);
      const { migrate } = await import(modulePath);
      await new Promise((resolve) => setTimeout(resolve, Number(startAt) - Date.now()));
      process.stdout.write(JSON.stringify(await migrate({ provider: "sqlite", file })));`;
    const startAt = String(Date.now() + 2_000); // all children past their start-up by then
    const moduleUrl = pathToFileURL(join(ROOT, "lib/db/migrate.ts")).href;
    const run = () =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script, target.database.file, startAt, moduleUrl], { cwd: ROOT });
    const results = (await Promise.all([1, 2, 3, 4].map(run))).map((r) => JSON.parse(r.stdout) as { applied: string[]; skipped: string[] });
    expect(results.flatMap((r) => r.applied).sort()).toEqual(folderNames(migrationsDir("sqlite")));
    expect(await target.query("SELECT migration_name FROM _prisma_migrations")).toHaveLength(results[0]!.applied.length + results[0]!.skipped.length);
  });

  it("keeps child rows when a later migration redefines a parent table (Prisma's SQLite pattern)", async () => {
    // Prisma rebuilds a table to alter it (create new, copy, DROP, rename) and relies on
    // PRAGMA foreign_keys=OFF, which is ignored inside a transaction: with keys on, the DROP
    // would cascade-delete every ApiKey of every user.
    const target = await fresh();
    const root = copyMigrations("sqlite");
    await migrate(target.database, { migrationsRoot: root });
    await target.query(`INSERT INTO "User" (id, email, passwordHash, updatedAt) VALUES ('u1', 'a@example.com', 'h', 0) RETURNING id`);
    await target.query(`INSERT INTO "ApiKey" (id, name, prefix, hash, scopes, createdById) VALUES ('k1', 'n', 'p', 'h', 's', 'u1') RETURNING id`);
    const redefine = "20991231000000_user_locale";
    mkdirSync(join(root, redefine));
    writeFileSync(join(root, redefine, "migration.sql"), `
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY, "email" TEXT NOT NULL, "name" TEXT, "passwordHash" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'user', "disabled" BOOLEAN NOT NULL DEFAULT false,
    "sessionsValidFrom" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL, "locale" TEXT
);
INSERT INTO "new_User" ("id", "email", "name", "passwordHash", "role", "disabled", "sessionsValidFrom", "createdAt", "updatedAt")
  SELECT "id", "email", "name", "passwordHash", "role", "disabled", "sessionsValidFrom", "createdAt", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
`);
    expect((await migrate(target.database, { migrationsRoot: root })).applied).toEqual([redefine]);
    expect(await target.query(`SELECT id, createdById FROM "ApiKey"`)).toEqual([{ id: "k1", createdById: "u1" }]);
    expect(await target.query(`PRAGMA foreign_key_check`)).toEqual([]);
  });
});

describeWithService("postgres", postgresUp)("migrate: PostgreSQL", () => {
  const { fresh } = migrateSuite("postgresql", postgresTarget);

  it("waits for the advisory lock another migrator holds (Prisma's key 72707369)", async () => {
    const target = await fresh();
    const holder = new pg.Client({ connectionString: target.database.url });
    await holder.connect();
    try {
      await holder.query("SELECT pg_advisory_lock(72707369)");
      let settled = false;
      const run = migrate(target.database).finally(() => (settled = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(settled).toBe(false);
      await holder.query("SELECT pg_advisory_unlock(72707369)");
      expect((await run).applied).toContain(INIT);
    } finally {
      await holder.end();
    }
    // Released at the end of the run: nobody holds it any more.
    expect(await target.query(`SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
       WHERE l.locktype = 'advisory' AND l.objid = 72707369 AND d.datname = current_database()`)).toEqual([]);
  });
});
