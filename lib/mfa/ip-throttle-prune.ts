import type { Db } from "@/lib/db/client";
import { getLogger } from "@/lib/log";

/**
 * Per-IP counts of wrong MFA codes (`MfaIpThrottle`, see verification.ts) are forgotten after a
 * quiet day: a row whose last wrong code is older than that is deleted. Without this every address
 * that ever mistyped a code kept a row forever (addresses rotate; the table only grew). A day is
 * longer than the longest lock (15 minutes) by far, so pruning never shortens a wait or a lock.
 */
export const IP_THROTTLE_FORGET_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Deletes the rows quiet for IP_THROTTLE_FORGET_MS at `now`; returns how many. */
export async function pruneIpThrottles(db: Db, now: Date): Promise<number> {
  const { count } = await db.mfaIpThrottle.deleteMany({ where: { lastFailedAt: { lt: new Date(now.getTime() - IP_THROTTLE_FORGET_MS) } } });
  return count;
}

const globalKey = Symbol.for("printguard.mfa.ip-throttle-prune");
type GlobalWithPrune = typeof globalThis & { [globalKey]?: NodeJS.Timeout };

/** Prunes hourly, once per process (instrumentation may run more than once in development). */
export function scheduleIpThrottlePrune(db: () => Promise<Db>): void {
  const g = globalThis as GlobalWithPrune;
  if (g[globalKey]) return;
  const run = async () => {
    try {
      const removed = await pruneIpThrottles(await db(), new Date());
      if (removed) getLogger().info({ removed }, "quiet MFA address counts forgotten");
    } catch (error) {
      getLogger().warn({ err: error }, "pruning MFA address counts failed; will retry in an hour");
    }
  };
  g[globalKey] = setInterval(() => void run(), PRUNE_EVERY_MS).unref();
  void run();
}
