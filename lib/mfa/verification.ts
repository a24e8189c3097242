import type { Db } from "@/lib/db/client";
import { UNKNOWN_CLIENT } from "@/lib/http/client-ip";
import { hashBackupCode, normalizeBackupCode } from "./backup-codes";
import { DEFAULT_LOCKOUT, lockoutDecision, locksAt, strictest, type LockoutRule, type LockoutState } from "./lockout";
import { decryptSecret, type MfaKey } from "./secret-crypto";
import { matchTotp, TOTP_CODE } from "./totp";

/** What checking one code decided. Failures carry what the caller needs to say and to audit. */
export type VerifyOutcome =
  | { ok: true; method: "totp" | "backup"; backupCodesRemaining: number | null }
  | { ok: false; reason: "invalid" | "replayed"; failedAttempts: number; lockedNow: boolean; retryAfterMs: number }
  | { ok: false; reason: "wait" | "locked"; retryAfterMs: number }
  | { ok: false; reason: "not-enrolled" };

export interface VerifyOptions {
  keys: readonly MfaKey[];
  now?: Date;
  /** "enroll" checks a pending secret (TOTP only) and enables it on success; "verify" needs an enabled one. */
  mode?: "verify" | "enroll";
  rule?: LockoutRule;
  /** The client's address: wrong codes are also counted per IP, across users (null: not known). */
  ip?: string | null;
}

/** Lost compare-and-swaps on one account's count before an attempt is refused unchecked. */
const MAX_COUNT_RACES = 8;

/** A 6-digit TOTP code or a backup code (any case, spaces and hyphens ignored). */
export function isWellFormedCode(code: string): boolean {
  return TOTP_CODE.test(code) || normalizeBackupCode(code) !== null;
}

/**
 * Checks one code for `userId` and records the result durably: the accepted time step (a code is
 * accepted once: every later use of that step or an earlier one is a replay), the used backup
 * code, or one more consecutive failure for the user and for the client IP. Refuses unchecked
 * while the lockout rule says wait for either; a success resets both counts.
 */
export async function verifyCode(db: Db, userId: string, code: string, options: VerifyOptions): Promise<VerifyOutcome> {
  const now = options.now ?? new Date();
  const mode = options.mode ?? "verify";
  const rule = options.rule ?? DEFAULT_LOCKOUT;
  // "unknown" (no trusted socket address, e.g. under `next dev`) would be one bucket for everyone.
  const ip = options.ip && options.ip !== UNKNOWN_CLIENT ? options.ip : null;

  // Pass the gate and count this attempt as a failure in one step, before the code is checked: a
  // conditional write on the count just read (compare-and-swap). Of attempts racing past the gate,
  // one wins each count; the others read again and meet the gate with the new count, so a burst of
  // parallel guesses gets no more checks than the same guesses one after another. A correct code
  // clears the count again below.
  let row: NonNullable<Awaited<ReturnType<Db["mfaSecret"]["findUnique"]>>> | null = null;
  let ipRow: { ip: string; failedAttempts: number; lastFailedAt: Date | null } | null = null;
  for (let attempt = 0; ; attempt++) {
    row = await db.mfaSecret.findUnique({ where: { userId } });
    if (!row || (mode === "verify") !== (row.enabledAt !== null)) return { ok: false, reason: "not-enrolled" };
    ipRow = ip ? await db.mfaIpThrottle.findUnique({ where: { ip } }) : null;
    const gate = strictest(lockoutDecision(row, now.getTime(), rule), ipRow ? lockoutDecision(ipRow, now.getTime(), rule) : { kind: "allow" });
    if (gate.kind !== "allow") return { ok: false, reason: gate.kind, retryAfterMs: gate.retryAfterMs };
    const counted = await db.mfaSecret.updateMany({
      where: { userId, failedAttempts: row.failedAttempts },
      data: { failedAttempts: row.failedAttempts + 1, lastFailedAt: now, updatedAt: now },
    });
    if (counted.count === 1) break;
    // Lost the race to other attempts for this account: under sustained contention, refuse unchecked.
    if (attempt >= MAX_COUNT_RACES) return { ok: false, reason: "wait", retryAfterMs: rule.baseDelayMs };
  }
  const counted: LockoutState = { failedAttempts: row.failedAttempts + 1, lastFailedAt: now };

  const succeeded = async (result: Extract<VerifyOutcome, { ok: true }>) => {
    if (ipRow) await db.mfaIpThrottle.deleteMany({ where: { ip: ipRow.ip } });
    return result;
  };
  const failed = (reason: "invalid" | "replayed") => recordFailure(db, counted, ip, reason, now, rule);

  const trimmed = code.trim();
  if (TOTP_CODE.test(trimmed)) {
    const secret = decryptSecret(row, userId, options.keys);
    const match = matchTotp(secret, trimmed, now.getTime());
    if (match.valid) {
      // One conditional write: two requests racing with the same code cannot both win.
      const claimed = await db.mfaSecret.updateMany({
        where: { userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: match.step } }] },
        data: { lastUsedStep: match.step, failedAttempts: 0, lastFailedAt: null, updatedAt: now, ...(mode === "enroll" ? { enabledAt: now } : {}) },
      });
      if (claimed.count === 1) return succeeded({ ok: true, method: "totp", backupCodesRemaining: null });
      return failed("replayed");
    }
  } else if (mode === "verify") {
    const normalized = normalizeBackupCode(trimmed);
    if (normalized !== null) {
      const used = await db.backupCode.updateMany({
        where: { userId, codeHash: hashBackupCode(normalized), usedAt: null },
        data: { usedAt: now },
      });
      if (used.count === 1) {
        await db.mfaSecret.update({ where: { userId }, data: { failedAttempts: 0, lastFailedAt: null, updatedAt: now } });
        const remaining = await db.backupCode.count({ where: { userId, usedAt: null } });
        return succeeded({ ok: true, method: "backup", backupCodesRemaining: remaining });
      }
    }
  }
  return failed("invalid");
}

/** The outcome of a wrong code, already counted for the user (`user`), now also for the client IP. */
async function recordFailure(db: Db, user: LockoutState, ip: string | null, reason: "invalid" | "replayed", now: Date, rule: LockoutRule): Promise<VerifyOutcome> {
  const row = user;
  const ipRow = ip
    ? await db.mfaIpThrottle.upsert({
        where: { ip },
        create: { ip, failedAttempts: 1, lastFailedAt: now, updatedAt: now },
        update: { failedAttempts: { increment: 1 }, lastFailedAt: now, updatedAt: now },
        select: { failedAttempts: true, lastFailedAt: true },
      })
    : null;
  const next = strictest(lockoutDecision(row, now.getTime(), rule), ipRow ? lockoutDecision(ipRow, now.getTime(), rule) : { kind: "allow" });
  return {
    ok: false,
    reason,
    // The user's count: what the audit event and the messages speak of.
    failedAttempts: row.failedAttempts,
    lockedNow: locksAt(row.failedAttempts, rule) || (ipRow !== null && locksAt(ipRow.failedAttempts, rule)),
    retryAfterMs: next.kind === "allow" ? 0 : next.retryAfterMs,
  };
}
