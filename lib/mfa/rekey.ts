import type { Db } from "@/lib/db/client";
import { decryptSecret, encryptSecret, type MfaKey } from "./secret-crypto";

export interface RekeyResult {
  /** Secrets now encrypted under the current key that were not before. */
  rewritten: number;
  /** Users whose secret no key of the ring decrypts (a key missing from the ring, or a damaged row). */
  unreadable: string[];
  /** Secrets still under another key afterwards (the unreadable ones, and any written meanwhile by an old instance). */
  remaining: number;
}

const BATCH = 100;

/**
 * Re-encrypts every MFA secret that is not under `current` with `current`: the step of a key
 * rotation after the new key is configured and the old one is listed as previous. Each row is
 * rewritten only as it was read (compare-and-swap on its ciphertext), so an enrollment or a
 * concurrent run that replaced it meanwhile is never overwritten. Secrets never leave this
 * function; the result names users, not secrets. Safe to run again: done rows are skipped.
 */
export async function rekeySecrets(db: Db, current: MfaKey, ring: readonly MfaKey[]): Promise<RekeyResult> {
  let rewritten = 0;
  const unreadable: string[] = [];
  let after: string | undefined;
  for (;;) {
    const rows = await db.mfaSecret.findMany({
      where: { keyId: { not: current.id }, ...(after === undefined ? {} : { userId: { gt: after } }) },
      orderBy: { userId: "asc" },
      take: BATCH,
      select: { userId: true, encryptedSecret: true, keyId: true },
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      let secret: string;
      try {
        secret = decryptSecret(row, row.userId, ring);
      } catch {
        unreadable.push(row.userId);
        continue;
      }
      const updated = await db.mfaSecret.updateMany({
        where: { userId: row.userId, keyId: row.keyId, encryptedSecret: row.encryptedSecret },
        data: encryptSecret(secret, row.userId, current),
      });
      rewritten += updated.count;
    }
    after = rows[rows.length - 1]!.userId;
  }
  const remaining = await db.mfaSecret.count({ where: { keyId: { not: current.id } } });
  return { rewritten, unreadable, remaining };
}
