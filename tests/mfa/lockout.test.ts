import { describe, expect, it } from "vitest";
import { DEFAULT_LOCKOUT, lockoutDecision, locksAt, waitAfter } from "@/lib/mfa/lockout";

const at = (ms: number) => new Date(ms);
const T = 1_800_000_000_000;

describe("MFA lockout rule", () => {
  it("waits nothing for the first five wrong codes, then 1, 2, 4, 8, 16 s, then locks for 15 minutes", () => {
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => waitAfter(n))).toEqual([
      0, 0, 0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 900_000, 900_000,
    ]);
    expect(locksAt(9)).toBe(false);
    expect(locksAt(10)).toBe(true);
    expect(DEFAULT_LOCKOUT.lockAfter).toBeLessThanOrEqual(10);
  });

  it("allows at once with no failures", () => {
    expect(lockoutDecision({ failedAttempts: 0, lastFailedAt: null }, T)).toEqual({ kind: "allow" });
  });

  it("makes the sixth failure's successor wait 2 s from the last failure, then allows", () => {
    const state = { failedAttempts: 6, lastFailedAt: at(T) };
    expect(lockoutDecision(state, T + 500)).toEqual({ kind: "wait", retryAfterMs: 1_500 });
    expect(lockoutDecision(state, T + 2_000)).toEqual({ kind: "allow" });
  });

  it("is locked for 15 minutes after the tenth failure, and open again afterwards", () => {
    const state = { failedAttempts: 10, lastFailedAt: at(T) };
    expect(lockoutDecision(state, T + 60_000)).toEqual({ kind: "locked", retryAfterMs: 840_000 });
    expect(lockoutDecision(state, T + 900_000)).toEqual({ kind: "allow" });
  });
});
