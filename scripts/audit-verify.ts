// `npm run audit:verify`: walks the configured database's audit hash chain and reports the first
// broken or missing link. Exit code 0 when intact, 1 when broken, 2 when it could not run.
import { verifyAuditChain } from "@/lib/audit/verify";
import { ConfigError, getConfig } from "@/lib/config";
import { closeDb, getDb } from "@/lib/db/client";

try {
  getConfig();
  const result = await verifyAuditChain(await getDb());
  if (result.ok) {
    const range = result.firstSeq === null ? "empty log" : `seq ${result.firstSeq}–${result.lastSeq}`;
    console.log(`audit chain intact: ${result.checked} events (${range}), head ${result.headHash}`);
  } else {
    console.error(`audit chain BROKEN at seq ${result.brokenAt} (${result.reason}): ${result.message}; ${result.checked} events verified before it`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `audit:verify failed: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await closeDb();
}
