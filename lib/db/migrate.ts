import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseConfig } from "@/lib/config";

// Applies prisma/<provider>/migrations with the raw drivers, because `prisma migrate` needs a
// native schema engine that cannot be installed everywhere we run. The bookkeeping is Prisma's
// own `_prisma_migrations` table, row for row, so the Prisma CLI can take over at any time.

export interface MigrateOptions {
  /** Folder holding the `<timestamp>_<name>/migration.sql` folders. Default: <cwd>/prisma/<provider>/migrations. */
  migrationsRoot?: string;
  log?: (line: string) => void;
}
export interface MigrateResult { applied: string[]; skipped: string[] }
export interface Migration { name: string; sql: string; checksum: string }
interface Recorded { checksum: string; finished_at: unknown; rolled_back_at: unknown }
type Note = (name: string, outcome: "apply" | "skip") => void;

/** A migration that cannot be applied; the message names it. */
export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Prisma's advisory-lock key for Migrate: sharing it keeps us and `prisma migrate` from overlapping. */
const PG_LOCK_KEY = 72707369;
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

// Prisma's DDL for each provider, verbatim apart from IF NOT EXISTS.
const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`;
const PG_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id VARCHAR(36) PRIMARY KEY NOT NULL, checksum VARCHAR(64) NOT NULL, finished_at TIMESTAMPTZ,
    migration_name VARCHAR(255) NOT NULL, logs TEXT, rolled_back_at TIMESTAMPTZ,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_steps_count INTEGER NOT NULL DEFAULT 0)`;
const SELECT_RECORDED = `SELECT checksum, finished_at, rolled_back_at FROM _prisma_migrations WHERE migration_name = `;
const INSERT_RECORD = `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, applied_steps_count, started_at, finished_at)`;

/** SHA-256 hex of a migration script, as Prisma computes it. */
export function checksum(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

/**
 * Migrations in apply order. Folder names start with a UTC timestamp, so name order is time order
 * (Prisma's rule too). A folder without migration.sql fails the read rather than being skipped.
 */
export function listMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  const names = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  return names.sort().map((name) => {
    const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
    return { name, sql, checksum: checksum(sql) };
  });
}

/** "apply" or "skip" for one migration given its rows; throws where Prisma would refuse to go on. */
function decide(migration: Migration, rows: Recorded[]): "apply" | "skip" {
  const live = rows.filter((row) => row.rolled_back_at == null); // rolled-back rows no longer count
  if (live.some((row) => row.finished_at == null)) {
    // Only the Prisma CLI leaves such a row (ours are transactional); the schema state is unknown.
    throw new MigrationError(`Migration ${migration.name} is recorded as started but not finished; resolve it with \`prisma migrate resolve\` first`);
  }
  if (live.length === 0) return "apply";
  // Like Prisma, accept the script with either line ending: git may convert them on checkout.
  const { sql } = migration;
  const accepted = [sql, sql.replace(/\r\n/g, "\n"), sql.replace(/\n/g, "\r\n")].map(checksum);
  if (!live.every((row) => accepted.includes(row.checksum))) {
    throw new MigrationError(`Migration ${migration.name} was edited after it was applied (checksum differs); add a new migration instead`);
  }
  return "skip";
}

function failed(migration: Migration, error: unknown): MigrationError {
  if (error instanceof MigrationError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MigrationError(`Migration ${migration.name} failed and was rolled back: ${message}`, { cause: error });
}

/** Applies the pending migrations of `database`, each in one transaction with its `_prisma_migrations` row. */
export async function migrate(database: DatabaseConfig, options: MigrateOptions = {}): Promise<MigrateResult> {
  // Migrations are read from the working directory at run time; the ignore comment stops Next from
  // tracing (and shipping) the whole project because of this dynamic path.
  const dir = resolve(/*turbopackIgnore: true*/ options.migrationsRoot ?? join(process.cwd(), "prisma", database.provider, "migrations"));
  const migrations = listMigrations(dir);
  const result: MigrateResult = { applied: [], skipped: [] };
  const note: Note = (name, outcome) => {
    (outcome === "apply" ? result.applied : result.skipped).push(name);
    options.log?.(outcome === "apply" ? `applied ${name}` : `skipped ${name} (already applied)`);
  };
  if (database.provider === "sqlite") migrateSqlite(database.file, migrations, note);
  else await migratePostgres(database.url, migrations, note);
  return result;
}

// Fully synchronous on purpose: an await while holding the write lock would let another
// connection in this process block the event loop in its busy handler, and neither could finish.
function migrateSqlite(file: string, migrations: Migration[], note: Note): void {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  try {
    // WAL persists in the file, so app readers never wait for a writer. Switching journal mode
    // fails with SQLITE_BUSY at once (no busy handler) while another process opens the file.
    retryWhileBusy(() => db.pragma("journal_mode = WAL"));
    // Prisma's table-redefinition scripts rely on `PRAGMA foreign_keys=OFF`, a no-op inside a
    // transaction; with keys on, their DROP TABLE would cascade-delete child rows. So keys are off
    // for this connection and checked explicitly before each commit.
    db.pragma("foreign_keys = OFF");
    db.exec(SQLITE_TABLE);
    const recorded = db.prepare<[string], Recorded>(`${SELECT_RECORDED}?`);
    const insert = db.prepare(`${INSERT_RECORD} VALUES (?, ?, ?, NULL, NULL, 1, ?, ?)`);
    for (const migration of migrations) {
      // IMMEDIATE takes the write lock now, so the check below cannot race another process.
      db.exec("BEGIN IMMEDIATE");
      try {
        const outcome = decide(migration, recorded.all(migration.name));
        if (outcome === "apply") {
          const startedAt = Date.now(); // Prisma stores SQLite timestamps as Unix milliseconds
          db.exec(migration.sql);
          const violations = db.pragma("foreign_key_check") as unknown[];
          if (violations.length > 0) throw new Error(`${violations.length} foreign key violation(s)`);
          insert.run(randomUUID(), migration.checksum, migration.name, startedAt, Date.now());
        }
        db.exec("COMMIT");
        note(migration.name, outcome);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw failed(migration, error);
      }
    }
  } finally {
    db.close();
  }
}

/** Retries `action` on SQLITE_BUSY until the busy timeout, pausing synchronously (see above). */
function retryWhileBusy(action: () => unknown): void {
  const deadline = Date.now() + SQLITE_BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      action();
      return;
    } catch (error) {
      const busy = String((error as { code?: unknown }).code).startsWith("SQLITE_BUSY");
      if (!busy || Date.now() > deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 25); // 25 ms synchronous sleep
    }
  }
}

async function migratePostgres(url: string, migrations: Migration[], note: Note): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Session-level lock for the whole run: a second instance waits here, then finds nothing to do.
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    await client.query(PG_TABLE);
    for (const migration of migrations) {
      const { rows } = await client.query<Recorded>(`${SELECT_RECORDED}$1`, [migration.name]);
      const outcome = decide(migration, rows);
      if (outcome === "apply") {
        try {
          await client.query("BEGIN");
          await client.query(migration.sql);
          // now() is the transaction start, clock_timestamp() the moment the script finished.
          await client.query(`${INSERT_RECORD} VALUES ($1, $2, $3, NULL, NULL, 1, now(), clock_timestamp())`,
            [randomUUID(), migration.checksum, migration.name]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw failed(migration, error);
        }
      }
      note(migration.name, outcome);
    }
  } finally {
    // Unlocking a lock never taken (the lock query failed) only raises a notice.
    await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
