import { describe, expect, it } from "vitest";
import { verificationAuditEvents } from "@/lib/mfa/audit-events";

const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

describe("audit events of a verification", () => {
  it("a success; a backup code also says it was used and how many remain", () => {
    expect(types(verificationAuditEvents("u", { ok: true, method: "totp", backupCodesRemaining: null }, "sign-in"))).toEqual(["mfa.verify.succeeded"]);
    const backup = verificationAuditEvents("u", { ok: true, method: "backup", backupCodesRemaining: 4 }, "api");
    expect(types(backup)).toEqual(["mfa.verify.succeeded", "mfa.backup_code.used"]);
    expect(backup[1]!.details).toEqual({ userId: "u", via: "api", remaining: 4 });
  });

  it("a failure, a replay, and the failure that locks (with the lock's length)", () => {
    expect(types(verificationAuditEvents("u", { ok: false, reason: "invalid", failedAttempts: 3, lockedNow: false, retryAfterMs: 0 }, "api"))).toEqual(["mfa.verify.failed"]);
    expect(types(verificationAuditEvents("u", { ok: false, reason: "replayed", failedAttempts: 1, lockedNow: false, retryAfterMs: 0 }, "api"))).toEqual(["mfa.verify.replayed"]);
    const locking = verificationAuditEvents("u", { ok: false, reason: "invalid", failedAttempts: 10, lockedNow: true, retryAfterMs: 900_000 }, "sign-in");
    expect(types(locking)).toEqual(["mfa.verify.failed", "mfa.locked"]);
    expect(locking[1]).toMatchObject({ level: "high", outcome: "blocked", details: { userId: "u", failedAttempts: 10, retryAfterSeconds: 900 } });
  });

  it("an attempt refused unchecked during a wait or a lock is a blocked failure", () => {
    expect(verificationAuditEvents("u", { ok: false, reason: "locked", retryAfterMs: 60_500 }, "sign-in")).toEqual([
      { type: "mfa.verify.failed", level: "medium", outcome: "blocked", details: { userId: "u", via: "sign-in", reason: "locked", retryAfterSeconds: 61 } },
    ]);
  });
});
