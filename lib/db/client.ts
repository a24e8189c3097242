import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseConfig } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client.ts";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client.ts";

/**
 * The one Prisma client type the app codes against. Both generated clients come from the same
 * models (a test keeps prisma/sqlite and prisma/postgresql identical), so their APIs match.
 */
export type Db = SqliteClient;

/** Milliseconds SQLite waits on a lock held by another connection before failing. */
const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens a Prisma client for `database`. The only place that knows which driver adapter serves
 * which provider; everything else receives a `Db`.
 */
export async function openDb(database: DatabaseConfig): Promise<Db> {
  if (database.provider === "sqlite") {
    const client = new SqliteClient({
      adapter: new PrismaBetterSqlite3({ url: database.file, timeout: SQLITE_BUSY_TIMEOUT_MS }),
    });
    // Foreign keys are a per-connection switch in SQLite; without it onDelete: Cascade is ignored.
    await client.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    providers.set(client, "sqlite");
    return client;
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: database.url }) }) as unknown as Db;
  providers.set(client, "postgresql");
  return client;
}

const providers = new WeakMap<Db, DatabaseConfig["provider"]>();

/** Which database a client opened by openDb talks to, for the few statements that differ (locks). */
export function providerOf(db: Db): DatabaseConfig["provider"] {
  const provider = providers.get(db);
  if (!provider) throw new Error("providerOf: this client was not opened by openDb");
  return provider;
}

const globalKey = Symbol.for("printguard.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<Db> };

/**
 * The process-wide client. It lives on globalThis because proxy.ts and route handlers are
 * bundled separately (module singletons are not shared between them, globalThis is).
 */
export function getDb(): Promise<Db> {
  const g = globalThis as GlobalWithDb;
  g[globalKey] ??= openDb(getConfig().database).catch((error: unknown) => {
    g[globalKey] = undefined; // let the next caller retry, e.g. after PostgreSQL comes back
    throw error;
  });
  return g[globalKey];
}

/** Closes the process-wide client, if one was opened. Called once at shutdown. */
export async function closeDb(): Promise<void> {
  const g = globalThis as GlobalWithDb;
  const pending = g[globalKey];
  g[globalKey] = undefined;
  if (pending) await (await pending.catch(() => null))?.$disconnect();
}
