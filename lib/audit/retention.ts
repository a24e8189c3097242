import { getConfig } from "@/lib/config";
import type { Db } from "@/lib/db/client";
import { getLogger } from "@/lib/log";
import type { Checkpoint } from "./checkpoint";
import { systemEvent, type AuditEvent } from "./schema";

const DAY_MS = 24 * 60 * 60 * 1000;
const DELETE_CHUNK = 10_000;

export interface PruneResult {
  deleted: number;
  cutoff: Date;
  checkpoint: Checkpoint | null;
}

/** What pruning needs from the writer: an append that is in turn with its batches and says when it is stored. */
export interface ChainAppender {
  appendNow(events: AuditEvent[]): Promise<void>;
}

/**
 * Removes events older than `retentionDays`, as a prefix of the chain: everything before the first
 * event at or after the cutoff (an event replayed late with an old time waits until the prefix
 * reaches it), so no hole ever opens inside the chain. The checkpoint — last removed seq and its
 * hash — is appended as an `audit.pruned` event *before* anything is deleted: a prune interrupted
 * midway leaves a chain that still verifies, and the next run finishes the job.
 */
export async function pruneAudit(db: Db, appender: ChainAppender, options: { now: Date; retentionDays: number }): Promise<PruneResult> {
  const cutoff = new Date(options.now.getTime() - options.retentionDays * DAY_MS);
  const oldest = await db.auditEvent.findFirst({ orderBy: { seq: "asc" }, select: { seq: true } });
  if (!oldest) return { deleted: 0, cutoff, checkpoint: null };
  const firstKept = await db.auditEvent.findFirst({ where: { time: { gte: cutoff } }, orderBy: { seq: "asc" }, select: { seq: true } });
  const newest = await db.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" }, select: { seq: true } });
  const throughSeq = firstKept ? firstKept.seq - 1 : newest.seq;
  if (throughSeq < oldest.seq) return { deleted: 0, cutoff, checkpoint: null };

  const last = await db.auditEvent.findUniqueOrThrow({ where: { seq: throughSeq }, select: { hash: true } });
  const checkpoint = { throughSeq, lastHash: last.hash };
  const toDelete = await db.auditEvent.count({ where: { seq: { lte: throughSeq } } });
  await appender.appendNow([
    {
      ...systemEvent({
        type: "audit.pruned",
        level: "info",
        outcome: "succeeded",
        details: { ...checkpoint, deleted: toDelete, retentionDays: options.retentionDays, cutoff: cutoff.toISOString() },
      }),
      time: options.now,
    },
  ]);
  // Chunks keep each delete short, so writers are never held up for long.
  let deleted = 0;
  for (let from = oldest.seq; from <= throughSeq; from += DELETE_CHUNK) {
    const to = Math.min(from + DELETE_CHUNK - 1, throughSeq);
    deleted += (await db.auditEvent.deleteMany({ where: { seq: { gte: from, lte: to } } })).count;
  }
  return { deleted, cutoff, checkpoint };
}

const globalKey = Symbol.for("printguard.audit.retention");
type GlobalWithRetention = typeof globalThis & { [globalKey]?: NodeJS.Timeout };

const FIRST_RUN_DELAY_MS = 60_000;

/**
 * Starts the daily prune once per process (instrumentation may run more than once per process in
 * development). The first run waits a minute so start-up is not slowed by a large delete.
 */
export function scheduleAuditRetention(deps: { db: () => Promise<Db>; appender: () => ChainAppender }): void {
  const g = globalThis as GlobalWithRetention;
  if (g[globalKey]) return;
  const run = async () => {
    const retentionDays = getConfig().audit.retentionDays;
    try {
      const result = await pruneAudit(await deps.db(), deps.appender(), { now: new Date(), retentionDays });
      getLogger().info({ deleted: result.deleted, cutoff: result.cutoff.toISOString(), retentionDays }, "audit retention ran");
    } catch (error) {
      getLogger().error({ err: error }, "audit retention failed; will retry tomorrow");
    }
  };
  const first = setTimeout(() => {
    void run();
    g[globalKey] = setInterval(() => void run(), DAY_MS).unref();
  }, FIRST_RUN_DELAY_MS);
  first.unref();
  g[globalKey] = first;
}
