import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createTempPostgresDatabase } from "./services";

/**
 * A fresh database of its own, migrated by the project's migration step and opened through Prisma:
 * a SQLite file in a temporary folder, or a temporary PostgreSQL database. `close` disconnects and
 * removes it. `name` keeps the folders and databases of different suites apart.
 */
export async function openMigratedDb(provider: "sqlite" | "postgresql", name: string): Promise<{ db: Db; close: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), `printguard-${name}-`));
    const database = { provider, file: join(dir, "db.sqlite") };
    await migrate(database);
    const db = await openDb(database);
    return { db, close: async () => (await db.$disconnect(), rmSync(dir, { recursive: true, force: true })) };
  }
  const pg = await createTempPostgresDatabase(`pg_${name.replace(/\W/g, "_")}`);
  const database = { provider, url: pg.url };
  await migrate(database);
  const db = await openDb(database);
  return { db, close: async () => (await db.$disconnect(), await pg.drop()) };
}
