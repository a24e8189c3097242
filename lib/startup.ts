import { getAuditWriter, startAuditRetention } from "@/lib/audit";
import { ensureFirstAdmin, firstAdminBanner } from "@/lib/auth/first-admin";
import { ConfigError, getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { onShutdown } from "@/lib/lifecycle";
import { getLogger } from "@/lib/log";
import { scheduleIpThrottlePrune } from "@/lib/mfa/ip-throttle-prune";

/**
 * Everything a fresh process needs before it serves: config validated, migrations applied, a first
 * admin present, the database closed at shutdown. Called from instrumentation.ts, which Next awaits
 * before handling any request.
 */
export async function prepareApp(): Promise<void> {
  const config = getConfig();
  const log = getLogger();
  const { applied } = await migrate(config.database, { log: (line) => log.info(line) });
  log.info({ provider: config.database.provider, applied: applied.length }, "database ready");
  const admin = await ensureFirstAdmin(await getDb(), config.firstAdmin);
  if (admin.created) console.log(firstAdminBanner(admin));
  onShutdown("database", closeDb);
  // After the database hook: shutdown hooks run newest first, so audit flushes before the close.
  // Creating the writer now also replays a spool an earlier process left behind.
  getAuditWriter();
  startAuditRetention();
  scheduleIpThrottlePrune(getDb);
}

/** prepareApp, or stop the process with one line saying why (a bad variable is named, no stack trace). */
export async function prepareAppOrExit(): Promise<void> {
  try {
    await prepareApp();
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : `PrintGuard failed to start: ${(error as Error).message}`);
    process.exit(1);
  }
}
