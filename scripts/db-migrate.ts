// `npm run db:migrate`: applies pending migrations to the configured database, then exits.
import { ConfigError, getConfig } from "@/lib/config";
import { migrate } from "@/lib/db/migrate";

/** One line for an operator. Connecting to "localhost" can fail on ::1 and 127.0.0.1 at once:
 * Node then throws an AggregateError whose own message is empty. */
function reason(error: unknown): string {
  if (error instanceof AggregateError && !error.message) return error.errors.map(reason).join("; ");
  return error instanceof Error ? error.message : String(error);
}

try {
  const { database } = getConfig();
  // Never echo a PostgreSQL URL: it may carry a password.
  const target = database.provider === "sqlite" ? `SQLite ${database.file}` : "PostgreSQL";
  const { applied, skipped } = await migrate(database, { log: (line) => console.log(line) });
  console.log(`${target}: ${applied.length} migration(s) applied, ${skipped.length} already applied`);
} catch (error) {
  // The reason, not a stack trace; ConfigError messages are already complete sentences.
  console.error(error instanceof ConfigError ? error.message : `db:migrate failed: ${reason(error)}`);
  process.exitCode = 1;
}
