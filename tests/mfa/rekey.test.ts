// MFA key rotation against real migrated databases (SQLite, and PostgreSQL when it answers): the
// key ring decrypts secrets under a previous key, `rekeySecrets` moves them to the current one, and
// `npm run mfa:rekey` does the same from the command line with the keys from the environment.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildConfig } from "@/lib/config";
import { keyId } from "@/lib/config/secrets";
import { openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { startEnrollment } from "@/lib/mfa/enrollment";
import { mfaKeyRing } from "@/lib/mfa/key-ring";
import { rekeySecrets } from "@/lib/mfa/rekey";
import { decryptSecret, encryptSecret, type MfaKey } from "@/lib/mfa/secret-crypto";
import { newTotpSecret, totpAt } from "@/lib/mfa/totp";
import { verifyCode } from "@/lib/mfa/verification";
import { openMigratedDb } from "../support/db";
import { describeWithService, postgresAvailable } from "../support/services";

const run = promisify(execFile);
const pgUp = await postgresAvailable();
const T0 = 1_800_000_000_000;

const newKey = (): MfaKey => {
  const key = randomBytes(32);
  return { id: keyId(key), key };
};

function suite(open: () => Promise<{ db: Db; close: () => Promise<void> }>) {
  let db: Db;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await open()));
  afterAll(() => close());
  // Each test rotates its own keys: secrets another test left under its keys are not this one's.
  beforeEach(async () => {
    await db.mfaSecret.deleteMany();
  });
  let counter = 0;

  /** A user enrolled under `key` (through the real enrollment), and their secret. */
  async function enrolledUnder(key: MfaKey) {
    const user = await db.user.create({ data: { email: `rekey${++counter}-${Date.now()}@example.com`, passwordHash: "x" } });
    const { secret } = await startEnrollment(db, user, key, new Date(T0));
    expect(await verifyCode(db, user.id, totpAt(secret, T0), { keys: [key], mode: "enroll", now: new Date(T0) })).toMatchObject({ ok: true });
    return { userId: user.id, secret };
  }

  it("codes keep working through a rotation: previous key in the ring, rekey, previous key gone", async () => {
    const old = newKey();
    const current = newKey();
    const users = [await enrolledUnder(old), await enrolledUnder(old), await enrolledUnder(old)];
    const ring = [current, old];
    let t = T0 + 30_000;

    // With only the new key, a secret under the old one cannot be read: refused, never a pass.
    await expect(verifyCode(db, users[0]!.userId, totpAt(users[0]!.secret, t), { keys: [current], now: new Date(t) })).rejects.toThrow(/unknown key/);
    // With the old key listed as previous, it is.
    expect(await verifyCode(db, users[0]!.userId, totpAt(users[0]!.secret, t), { keys: ring, now: new Date(t) })).toMatchObject({ ok: true });

    const result = await rekeySecrets(db, current, ring);
    expect(result).toEqual({ rewritten: users.length, unreadable: [], remaining: 0 });
    for (const { userId, secret } of users) {
      const row = await db.mfaSecret.findUniqueOrThrow({ where: { userId } });
      expect(row.keyId).toBe(current.id);
      expect(decryptSecret(row, userId, [current])).toBe(secret);
      expect(row.encryptedSecret).not.toContain(secret);
    }
    // The old key can go: every user's next code verifies with the new key alone.
    t += 30_000;
    for (const { userId, secret } of users) {
      expect(await verifyCode(db, userId, totpAt(secret, t), { keys: [current], now: new Date(t) })).toMatchObject({ ok: true, method: "totp" });
    }
    // A second run has nothing left to do.
    expect(await rekeySecrets(db, current, [current])).toMatchObject({ rewritten: 0, unreadable: [], remaining: 0 });
  });

  it("names the users whose secret no key decrypts and leaves their rows as they were", async () => {
    const lost = newKey();
    const current = newKey();
    const { userId } = await enrolledUnder(lost);
    const before = await db.mfaSecret.findUniqueOrThrow({ where: { userId } });
    const result = await rekeySecrets(db, current, [current]);
    expect(result).toEqual({ rewritten: 0, unreadable: [userId], remaining: 1 });
    const after = await db.mfaSecret.findUniqueOrThrow({ where: { userId } });
    expect(after.encryptedSecret).toBe(before.encryptedSecret);
    expect(after.keyId).toBe(lost.id);
  });

  it("never overwrites a secret replaced between its read and its rewrite (an old instance re-enrolling meanwhile)", async () => {
    const old = newKey();
    const current = newKey();
    const { userId } = await enrolledUnder(old);
    // An instance still on the old key enrolls the user anew right after rekey has read the rows.
    const replacement = encryptSecret(newTotpSecret(), userId, old);
    const delegate = db.mfaSecret;
    const racing = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop !== "mfaSecret") return Reflect.get(target, prop, receiver);
        return new Proxy(delegate, {
          get(d, method) {
            if (method === "findMany") {
              return async (args: Parameters<typeof delegate.findMany>[0]) => {
                const rows = await delegate.findMany(args);
                await delegate.update({ where: { userId }, data: replacement });
                return rows;
              };
            }
            const value = Reflect.get(d, method, d) as unknown;
            return typeof value === "function" ? value.bind(d) : value;
          },
        });
      },
    }) as Db;
    expect(await rekeySecrets(racing, current, [current, old])).toEqual({ rewritten: 0, unreadable: [], remaining: 1 });
    const row = await db.mfaSecret.findUniqueOrThrow({ where: { userId } });
    expect(row).toMatchObject(replacement);
    // Run again (as the operator would after the old instance is gone): now it moves.
    expect(await rekeySecrets(db, current, [current, old])).toEqual({ rewritten: 1, unreadable: [], remaining: 0 });
  });
}

describe("MFA key rotation on SQLite", () => suite(() => openMigratedDb("sqlite", "rekey")));

describeWithService("postgres", pgUp)("MFA key rotation on PostgreSQL", () => suite(() => openMigratedDb("postgresql", "rekey")));

describe("MFA_ENCRYPTION_KEYS_PREVIOUS and `npm run mfa:rekey`", () => {
  const base = { DATA_DIR: "/tmp/printguard-rekey-config", AUTH_SECRET: "x".repeat(32) };

  it("lists previous keys after the current one in the ring; a malformed list is one clear line", () => {
    const [current, old, older] = [randomBytes(32), randomBytes(32), randomBytes(32)].map((k) => k.toString("base64"));
    const config = buildConfig({ ...base, MFA_ENCRYPTION_KEY: current, MFA_ENCRYPTION_KEYS_PREVIOUS: ` ${old}, ${older},${current}` });
    expect(mfaKeyRing(config).map((k) => k.id)).toEqual([current, old, older].map((k) => keyId(Buffer.from(k!, "base64"))));
    expect(buildConfig({ ...base, MFA_ENCRYPTION_KEY: current }).mfaPreviousKeys).toEqual([]);
    expect(() => buildConfig({ ...base, MFA_ENCRYPTION_KEY: current, MFA_ENCRYPTION_KEYS_PREVIOUS: `${old},c2hvcnQ=` })).toThrow(
      "Invalid configuration: MFA_ENCRYPTION_KEYS_PREVIOUS must be comma-separated keys of 32 bytes, base64-encoded",
    );
  });

  it("re-encrypts under MFA_ENCRYPTION_KEY from the command line, names no secret, audits each run, and fails while a secret is left behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "printguard-rekey-cli-"));
    const file = join(dir, "db.sqlite");
    const database = { provider: "sqlite" as const, file };
    await migrate(database);
    const db = await openDb(database);
    try {
      const [old, current] = [randomBytes(32), randomBytes(32)];
      const oldKey = { id: keyId(old), key: old };
      const user = await db.user.create({ data: { email: "cli@example.com", passwordHash: "x" } });
      const { secret } = await startEnrollment(db, user, oldKey, new Date(T0));
      const script = async (env: Record<string, string>) => {
        try {
          const { stdout, stderr } = await run("npx", ["tsx", "scripts/mfa-rekey.ts"], { env: { ...process.env, DATA_DIR: dir, DATABASE_URL: `file:${file}`, AUTH_SECRET: "x".repeat(32), LOG_LEVEL: "silent", ...env } });
          return { code: 0, out: stdout + stderr };
        } catch (error) {
          const e = error as { code: number; stdout: string; stderr: string };
          return { code: e.code, out: e.stdout + e.stderr };
        }
      };
      // Without the old key the secret is named as unreadable (by user id) and the run fails.
      const missing = await script({ MFA_ENCRYPTION_KEY: current.toString("base64") });
      expect(missing.code).toBe(1);
      expect(missing.out).toContain(user.id);
      // With it, the secret moves to the new key.
      const done = await script({ MFA_ENCRYPTION_KEY: current.toString("base64"), MFA_ENCRYPTION_KEYS_PREVIOUS: old.toString("base64") });
      expect(done).toMatchObject({ code: 0 });
      expect(done.out).toContain(`1 secrets re-encrypted under key ${keyId(current)}; 0 under another key`);
      for (const out of [missing.out, done.out]) expect(out).not.toContain(secret);
      const row = await db.mfaSecret.findUniqueOrThrow({ where: { userId: user.id } });
      expect(decryptSecret(row, user.id, [{ id: keyId(current), key: current }])).toBe(secret);
      // Each run is an audit event with its counts and the key's id.
      const events = await db.auditEvent.findMany({ where: { type: "mfa.secrets.rekeyed" }, orderBy: { seq: "asc" } });
      expect(events.map((e) => [e.actorType, e.outcome, JSON.parse(e.details)])).toEqual([
        ["system", "failed", { keyId: keyId(current), rewritten: 0, remaining: 1, unreadable: 1 }],
        ["system", "succeeded", { keyId: keyId(current), rewritten: 1, remaining: 0, unreadable: 0 }],
      ]);
      expect(JSON.stringify(events)).not.toContain(secret);
    } finally {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
