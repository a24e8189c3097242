// The verifier against a real migrated database (SQLite, and PostgreSQL when it answers), with a
// controlled clock: every `now` is passed in, nothing sleeps.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/client";
import { mfaStatus, removeMfa, replaceBackupCodes, startEnrollment } from "@/lib/mfa/enrollment";
import { IP_THROTTLE_FORGET_MS, pruneIpThrottles } from "@/lib/mfa/ip-throttle-prune";
import { waitAfter } from "@/lib/mfa/lockout";
import { totpAt } from "@/lib/mfa/totp";
import { verifyCode } from "@/lib/mfa/verification";
import { openMigratedDb } from "../support/db";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();
const key = { id: "test-key", key: randomBytes(32) };
const keys = [key];
const T0 = 1_800_000_000_000; // the start of a 30-second step
let counter = 0;
/** The wait the address earns after its n-th wrong code. */
const waitAfterIp = (n: number) => waitAfter(n);

function suite(open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await open()));
  afterAll(() => close());

  /** A user with MFA enabled at T0 (through the real enrollment) and their secret and backup codes. */
  async function enrolledUser() {
    const user = await db.user.create({ data: { email: `mfa${++counter}-${Date.now()}@example.com`, passwordHash: "x" } });
    const { secret } = await startEnrollment(db, user, key, new Date(T0));
    const confirmed = await verifyCode(db, user.id, totpAt(secret, T0), { keys, mode: "enroll", now: new Date(T0) });
    expect(confirmed).toEqual({ ok: true, method: "totp", backupCodesRemaining: null });
    const backupCodes = await replaceBackupCodes(db, user.id, new Date(T0));
    return { userId: user.id, secret, backupCodes };
  }

  it("stores the secret encrypted with the key id, and a pending enrollment is not enabled until a valid code", async () => {
    const user = await db.user.create({ data: { email: `pending${++counter}@example.com`, passwordHash: "x" } });
    const { secret } = await startEnrollment(db, user, key, new Date(T0));
    const row = await db.mfaSecret.findUniqueOrThrow({ where: { userId: user.id } });
    expect(row.keyId).toBe("test-key");
    expect(row.encryptedSecret).not.toContain(secret);
    expect((await mfaStatus(db, user.id)).pending).toBe(true);
    // A wrong code and a backup-shaped code do not enable it; verify mode does not see a pending secret.
    expect(await verifyCode(db, user.id, "000000", { keys, mode: "enroll", now: new Date(T0) })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await verifyCode(db, user.id, totpAt(secret, T0), { keys, now: new Date(T0) })).toEqual({ ok: false, reason: "not-enrolled" });
    expect((await mfaStatus(db, user.id)).enabled).toBe(false);
    expect(await verifyCode(db, user.id, totpAt(secret, T0 + 30_000), { keys, mode: "enroll", now: new Date(T0 + 30_000) })).toMatchObject({ ok: true });
    expect(await mfaStatus(db, user.id)).toMatchObject({ enabled: true, pending: false });
    await expect(startEnrollment(db, user, key)).rejects.toThrow(/already on/);
  });

  it("accepts each time step once: the same code again, or an older step after a newer one, is a replay", async () => {
    const { userId, secret } = await enrolledUser();
    const t = T0 + 60_000;
    expect(await verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t) })).toMatchObject({ ok: true, method: "totp" });
    expect(await verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t + 5_000) })).toMatchObject({ ok: false, reason: "replayed" });
    // The previous step's code is still inside the ±1 window, but older than the accepted one.
    expect(await verifyCode(db, userId, totpAt(secret, t - 30_000), { keys, now: new Date(t + 6_000) })).toMatchObject({ ok: false, reason: "replayed" });
    expect(await verifyCode(db, userId, totpAt(secret, t + 30_000), { keys, now: new Date(t + 30_000) })).toMatchObject({ ok: true });
    expect((await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).lastUsedStep).toBe(Math.floor((t + 30_000) / 30_000));
  });

  it("refuses the enrollment code again right after enrolling (it used that step)", async () => {
    const { userId, secret } = await enrolledUser();
    expect(await verifyCode(db, userId, totpAt(secret, T0), { keys, now: new Date(T0 + 1_000) })).toMatchObject({ ok: false, reason: "replayed" });
  });

  it("two requests racing with one code: exactly one wins", async () => {
    const { userId, secret } = await enrolledUser();
    const t = T0 + 120_000;
    const results = await Promise.all([1, 2, 3].map(() => verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t) })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("accepts ±1 step of drift and refuses 2 steps", async () => {
    const { userId, secret } = await enrolledUser();
    const t = T0 + 600_000;
    expect(await verifyCode(db, userId, totpAt(secret, t + 30_000), { keys, now: new Date(t) })).toMatchObject({ ok: true }); // phone ahead
    expect(await verifyCode(db, userId, totpAt(secret, t + 60_000 + 60_000), { keys, now: new Date(t + 60_000) })).toMatchObject({ ok: false, reason: "invalid" });
  });

  it("backup codes work once each, any case and spacing; a new set voids the old one", async () => {
    const { userId, backupCodes } = await enrolledUser();
    const now = new Date(T0 + 5_000);
    expect(await verifyCode(db, userId, backupCodes[0]!.toUpperCase().replaceAll("-", " "), { keys, now })).toEqual({ ok: true, method: "backup", backupCodesRemaining: 9 });
    expect(await verifyCode(db, userId, backupCodes[0]!, { keys, now })).toMatchObject({ ok: false, reason: "invalid" });
    const stored = await db.backupCode.findMany({ where: { userId } });
    expect(stored.every((row) => !backupCodes.some((code) => row.codeHash.includes(code.replaceAll("-", ""))))).toBe(true);
    const fresh = await replaceBackupCodes(db, userId, now);
    expect(await verifyCode(db, userId, backupCodes[1]!, { keys, now })).toMatchObject({ ok: false, reason: "invalid" });
    expect(await verifyCode(db, userId, fresh[0]!, { keys, now })).toMatchObject({ ok: true, method: "backup", backupCodesRemaining: 9 });
    expect(await mfaStatus(db, userId)).toMatchObject({ backupCodesRemaining: 9, backupCodesLow: false });
    for (const code of fresh.slice(1, 8)) await verifyCode(db, userId, code, { keys, now });
    expect(await mfaStatus(db, userId)).toMatchObject({ backupCodesRemaining: 2, backupCodesLow: true });
  });

  it("wrong codes: five free, then increasing waits (refused unchecked), lockout at ten, reset by a success", async () => {
    const { userId, secret } = await enrolledUser();
    let t = T0 + 900_000;
    const wrong = (at: number) => verifyCode(db, userId, "000000", { keys, now: new Date(at) });
    for (let i = 1; i <= 5; i++) expect(await wrong(t)).toMatchObject({ ok: false, reason: "invalid", failedAttempts: i, lockedNow: false });
    // After the fifth: a 1 s wait. Even the right code is refused unchecked and nothing is counted.
    expect(await verifyCode(db, userId, totpAt(secret, t + 500), { keys, now: new Date(t + 500) })).toEqual({ ok: false, reason: "wait", retryAfterMs: 500 });
    expect((await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).failedAttempts).toBe(5);
    const waits = [1_000, 2_000, 4_000, 8_000];
    for (const [index, wait] of waits.entries()) {
      t += wait;
      expect(await wrong(t)).toMatchObject({ ok: false, failedAttempts: 6 + index, lockedNow: false, retryAfterMs: wait * 2 });
    }
    t += 16_000;
    expect(await wrong(t)).toMatchObject({ ok: false, reason: "invalid", failedAttempts: 10, lockedNow: true, retryAfterMs: 900_000 });
    expect(await verifyCode(db, userId, totpAt(secret, t + 60_000), { keys, now: new Date(t + 60_000) })).toEqual({ ok: false, reason: "locked", retryAfterMs: 840_000 });
    // The lock is stored, not held in memory.
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).toMatchObject({ failedAttempts: 10, lastFailedAt: new Date(t) });
    t += 900_000;
    expect(await verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t) })).toMatchObject({ ok: true });
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).toMatchObject({ failedAttempts: 0, lastFailedAt: null });
  });

  it("forgets an address's wrong codes after a quiet day, and keeps every address still within one", async () => {
    const now = new Date(T0 + 40 * 86_400_000);
    const quiet = `2001:db8::${++counter}`;
    const recent = `2001:db8::${++counter}`;
    const edge = `2001:db8::${++counter}`;
    await db.mfaIpThrottle.create({ data: { ip: quiet, failedAttempts: 9, lastFailedAt: new Date(now.getTime() - IP_THROTTLE_FORGET_MS - 1), updatedAt: now } });
    await db.mfaIpThrottle.create({ data: { ip: recent, failedAttempts: 10, lastFailedAt: new Date(now.getTime() - 60_000), updatedAt: now } });
    await db.mfaIpThrottle.create({ data: { ip: edge, failedAttempts: 3, lastFailedAt: new Date(now.getTime() - IP_THROTTLE_FORGET_MS), updatedAt: now } });
    expect(await pruneIpThrottles(db, now)).toBe(1);
    const left = await db.mfaIpThrottle.findMany({ where: { ip: { in: [quiet, recent, edge] } }, select: { ip: true } });
    expect(left.map((row) => row.ip).sort()).toEqual([edge, recent].sort());
  });

  it("a burst of parallel wrong codes gets no more checks than the same codes one after another", async () => {
    const { userId, secret } = await enrolledUser();
    const t = T0 + 2_000_000;
    const burst = await Promise.all(Array.from({ length: 20 }, () => verifyCode(db, userId, "000000", { keys, now: new Date(t) })));
    const checked = burst.filter((outcome) => !outcome.ok && outcome.reason === "invalid");
    // Five free wrong codes, then a 1 s wait: the other fifteen are refused unchecked.
    expect(checked).toHaveLength(5);
    expect(burst.filter((outcome) => !outcome.ok && outcome.reason === "wait")).toHaveLength(15);
    expect(checked.map((outcome) => ("failedAttempts" in outcome ? outcome.failedAttempts : 0)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).toMatchObject({ failedAttempts: 5, lastFailedAt: new Date(t) });
    // After the wait the right code passes and clears the count.
    expect(await verifyCode(db, userId, totpAt(secret, t + 1_000), { keys, now: new Date(t + 1_000) })).toMatchObject({ ok: true });
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId } })).toMatchObject({ failedAttempts: 0, lastFailedAt: null });
  });

  it("a burst of parallel wrong codes from one address, one per account, gets no more checks than in a row", async () => {
    const ip = `192.0.2.${++counter}`;
    const people = await Promise.all(Array.from({ length: 12 }, () => enrolledUser()));
    const t = T0 + 3_000_000;
    const burst = await Promise.all(people.map((person) => verifyCode(db, person.userId, "000000", { keys, now: new Date(t), ip })));
    // Five free wrong codes for the address, then a 1 s wait for everyone there.
    expect(burst.filter((outcome) => !outcome.ok && outcome.reason === "invalid")).toHaveLength(5);
    expect(burst.filter((outcome) => !outcome.ok && outcome.reason === "wait")).toHaveLength(7);
    expect(await db.mfaIpThrottle.findUniqueOrThrow({ where: { ip } })).toMatchObject({ failedAttempts: 5 });
  });

  it("wrong codes are also counted per IP across users: ten from one address lock it for everyone there, until a success", async () => {
    const ip = `198.51.100.${++counter}`;
    const people = await Promise.all([1, 2, 3, 4, 5].map(() => enrolledUser()));
    let t = T0 + 5_000_000;
    // Two wrong codes each from five users: no user reaches a wait, the address reaches ten.
    let fromIp = 0;
    for (const [index, person] of people.entries()) {
      for (let i = 0; i < 2; i++) {
        t += waitAfterIp(fromIp); // wait out the address's growing delay
        const outcome = await verifyCode(db, person.userId, "000000", { keys, now: new Date(t), ip });
        expect(outcome).toMatchObject({ ok: false, reason: "invalid", failedAttempts: i + 1, lockedNow: index === 4 && i === 1 });
        fromIp++;
      }
    }
    const stranger = await enrolledUser();
    const right = (at: number, from: string | null) => verifyCode(db, stranger.userId, totpAt(stranger.secret, at), { keys, now: new Date(at), ip: from });
    expect(await right(t, ip)).toMatchObject({ ok: false, reason: "locked" });
    // Another address is not affected, and its success does not unlock the first one.
    expect(await right(t, "203.0.113.9")).toMatchObject({ ok: true });
    expect(await db.mfaIpThrottle.findUniqueOrThrow({ where: { ip } })).toMatchObject({ failedAttempts: 10 });
    // After the lock, a success from that address resets its count.
    t += 900_000;
    expect(await right(t, ip)).toMatchObject({ ok: true });
    expect(await db.mfaIpThrottle.findUnique({ where: { ip } })).toBeNull();
  });

  it("a replayed code counts as a failure", async () => {
    const { userId, secret } = await enrolledUser();
    const t = T0 + 3_000_000;
    await verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t) });
    expect(await verifyCode(db, userId, totpAt(secret, t), { keys, now: new Date(t) })).toMatchObject({ reason: "replayed", failedAttempts: 1 });
  });

  it("removing MFA deletes the secret and the backup codes", async () => {
    const { userId } = await enrolledUser();
    expect(await removeMfa(db, userId)).toBe(true);
    expect(await db.backupCode.count({ where: { userId } })).toBe(0);
    expect(await mfaStatus(db, userId)).toMatchObject({ enabled: false, pending: false });
  });
}

describe("MFA verification on SQLite", () => suite(() => openMigratedDb("sqlite", "mfa")));

describeWithService("postgres", pgUp)("MFA verification on PostgreSQL", () => suite(() => openMigratedDb("postgresql", "mfa")));
