import type { Db } from "@/lib/db/client";
import { chainHash, GENESIS_HASH, type ChainFields } from "./chain";
import { parseCheckpoint, type Checkpoint } from "./checkpoint";

export type StoredRow = ChainFields & { prevHash: string; hash: string };

export type BreakReason =
  /** The row's contents no longer match its hash: it was edited. */
  | "hash-mismatch"
  /** The row does not point at its predecessor's hash: a row before it was replaced. */
  | "link-mismatch"
  /** A seq is absent: rows were deleted (outside retention). */
  | "missing"
  /** The oldest row is not the first one ever and no pruning checkpoint vouches for what came before. */
  | "unanchored-start"
  /** The row where a pruning checkpoint ends does not carry the hash the checkpoint recorded. */
  | "checkpoint-mismatch";

export type VerifyResult =
  | { ok: true; checked: number; firstSeq: number | null; lastSeq: number | null; headHash: string }
  | { ok: false; checked: number; brokenAt: number; reason: BreakReason; message: string };

const MESSAGES: Record<BreakReason, string> = {
  "hash-mismatch": "the event's contents do not match its hash (edited)",
  "link-mismatch": "the event does not link to its predecessor's hash (a row before it was replaced)",
  missing: "the event is missing (deleted)",
  "unanchored-start": "events before this one were removed without a pruning checkpoint",
  "checkpoint-mismatch": "the event's hash differs from the one the pruning checkpoint recorded",
};

/**
 * Checks rows fed in seq order against the chain rule. Pure and incremental, so a million rows
 * are verified page by page in constant memory. `checkpoints` (from audit.pruned events) are what
 * lets a chain whose oldest rows were pruned still be verified from its first kept row.
 */
export class ChainVerifier {
  private prev: { seq: number; hash: string } | null = null;
  private checked = 0;
  private firstSeq: number | null = null;
  private failure: Extract<VerifyResult, { ok: false }> | null = null;

  constructor(private readonly checkpoints: Checkpoint[]) {}

  /** Returns false once the chain is broken (stop feeding). */
  push(row: StoredRow): boolean {
    if (this.failure) return false;
    const fail = (brokenAt: number, reason: BreakReason) => {
      this.failure = { ok: false, checked: this.checked, brokenAt, reason, message: `seq ${brokenAt}: ${MESSAGES[reason]}` };
      return false;
    };
    if (this.prev === null) {
      this.firstSeq = row.seq;
      if (row.seq !== 1 || row.prevHash !== GENESIS_HASH) {
        const anchor = this.checkpoints.find((c) => c.throughSeq === row.seq - 1);
        // Partly pruned (a prune interrupted mid-delete): a later checkpoint covers this row; its
        // hash is checked when the walk reaches that checkpoint's last seq.
        const covering = this.checkpoints.some((c) => c.throughSeq >= row.seq);
        if (anchor ? anchor.lastHash !== row.prevHash : !covering) return fail(row.seq, anchor ? "link-mismatch" : "unanchored-start");
      }
    } else {
      if (row.seq !== this.prev.seq + 1) return fail(this.prev.seq + 1, "missing");
      if (row.prevHash !== this.prev.hash) return fail(row.seq, "link-mismatch");
    }
    if (chainHash(row.prevHash, row) !== row.hash) return fail(row.seq, "hash-mismatch");
    const checkpoint = this.checkpoints.find((c) => c.throughSeq === row.seq);
    if (checkpoint && checkpoint.lastHash !== row.hash) return fail(row.seq, "checkpoint-mismatch");
    this.prev = { seq: row.seq, hash: row.hash };
    this.checked++;
    return true;
  }

  result(): VerifyResult {
    if (this.failure) return this.failure;
    return { ok: true, checked: this.checked, firstSeq: this.firstSeq, lastSeq: this.prev?.seq ?? null, headHash: this.prev?.hash ?? GENESIS_HASH };
  }
}

const PAGE = 5_000;

/** Walks the stored chain in seq order and reports the first broken or missing link. */
export async function verifyAuditChain(db: Db): Promise<VerifyResult> {
  const pruned = await db.auditEvent.findMany({ where: { type: "audit.pruned" }, select: { details: true } });
  const verifier = new ChainVerifier(pruned.flatMap((r) => parseCheckpoint(r.details) ?? []));
  let after = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: PAGE });
    for (const row of rows) if (!verifier.push(row)) return verifier.result();
    if (rows.length < PAGE) return verifier.result();
    after = rows[rows.length - 1]!.seq;
  }
}
