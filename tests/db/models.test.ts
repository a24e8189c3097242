import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseConfig } from "@/lib/config";
import { openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createTempPostgresDatabase, describeWithService, postgresAvailable } from "../support/services";

const postgresUp = await postgresAvailable();

/** Dates with milliseconds, to prove DateTime keeps them (TIMESTAMP(3) / ISO text). */
const T1 = new Date("2026-03-04T05:06:07.891Z");
const T2 = new Date("2026-11-30T23:59:58.001Z");
const CUID = /^c[a-z0-9]{20,}$/;

/** Unique per call, so tests sharing one database never collide. */
let counter = 0;
const unique = (label: string) => `${label}-${Date.now().toString(36)}-${++counter}`;

/** Round-trips every model through the generated client against one freshly migrated database. */
function modelSuite(open: () => Promise<{ database: DatabaseConfig; cleanup: () => Promise<void> }>) {
  let db: Db;
  let cleanup = async () => undefined as void;
  beforeAll(async () => {
    const opened = await open();
    cleanup = opened.cleanup;
    await migrate(opened.database);
    db = await openDb(opened.database);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await cleanup();
  });

  const newUser = () => db.user.create({ data: { email: `${unique("user")}@example.com`, passwordHash: "argon2id$hash" } });

  it("User: create, read, update, delete (defaults, nullable fields, DateTime)", async () => {
    const before = Date.now();
    const data = {
      email: `${unique("ada")}@example.com`,
      name: "Ada",
      passwordHash: "argon2id$x",
      role: "admin",
      disabled: true,
      sessionsValidFrom: T1,
    };
    const created = await db.user.create({ data });
    expect(created).toMatchObject(data);
    expect(created.id).toMatch(CUID);
    expect(created.createdAt.getTime()).toBeGreaterThanOrEqual(before);
    expect(created.updatedAt).toBeInstanceOf(Date);
    expect(await db.user.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);
    expect(await db.user.findUniqueOrThrow({ where: { email: data.email } })).toEqual(created);

    const defaults = await newUser();
    expect(defaults).toMatchObject({ name: null, role: "user", disabled: false });
    expect(defaults.sessionsValidFrom.getTime()).toBeGreaterThanOrEqual(before);

    const updated = await db.user.update({ where: { id: created.id }, data: { name: null, role: "user", disabled: false, sessionsValidFrom: T2 } });
    expect(updated).toMatchObject({ name: null, role: "user", disabled: false, sessionsValidFrom: T2, createdAt: created.createdAt });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());
    expect(await db.user.findUniqueOrThrow({ where: { id: created.id } })).toEqual(updated);

    await db.user.delete({ where: { id: created.id } });
    expect(await db.user.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it("ApiKey: create, read, update, delete", async () => {
    const user = await newUser();
    const data = { name: "frontend", prefix: unique("pg_"), hash: unique("sha256"), scopes: "status:read metrics:read", createdById: user.id, lastUsedAt: null, revokedAt: T1 };
    const created = await db.apiKey.create({ data });
    expect(created).toMatchObject(data);
    expect(created.id).toMatch(CUID);
    expect(await db.apiKey.findUniqueOrThrow({ where: { prefix: data.prefix } })).toEqual(created);

    const updated = await db.apiKey.update({ where: { id: created.id }, data: { lastUsedAt: T2, revokedAt: null, scopes: "status:read" } });
    expect(updated).toEqual({ ...created, lastUsedAt: T2, revokedAt: null, scopes: "status:read" });
    expect(await db.apiKey.findUniqueOrThrow({ where: { id: created.id }, include: { createdBy: true } })).toEqual({ ...updated, createdBy: user });

    await db.apiKey.delete({ where: { id: created.id } });
    expect(await db.apiKey.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it("MfaSecret: create, read, update, delete", async () => {
    const user = await newUser();
    const data = { userId: user.id, encryptedSecret: "v1:iv:ciphertext:tag", keyId: "k-2026", enabledAt: null, lastUsedStep: null };
    const created = await db.mfaSecret.create({ data });
    expect(created).toMatchObject(data);
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId: user.id } })).toEqual(created);

    // A current TOTP step (~59 million) must fit the Int column.
    const updated = await db.mfaSecret.update({ where: { userId: user.id }, data: { enabledAt: T1, lastUsedStep: 59_123_456, failedAttempts: 3, lastFailedAt: T2 } });
    expect(updated).toMatchObject({ ...data, enabledAt: T1, lastUsedStep: 59_123_456, createdAt: created.createdAt });
    expect(await db.mfaSecret.findUniqueOrThrow({ where: { userId: user.id }, include: { user: true } })).toEqual({ ...updated, user });

    await db.mfaSecret.delete({ where: { userId: user.id } });
    expect(await db.mfaSecret.findUnique({ where: { userId: user.id } })).toBeNull();
  });

  it("BackupCode: create, read, update, delete", async () => {
    const user = await newUser();
    const data = { userId: user.id, codeHash: unique("code"), usedAt: null };
    const created = await db.backupCode.create({ data });
    expect(created).toMatchObject(data);
    expect(created.id).toMatch(CUID);
    expect(await db.backupCode.findUniqueOrThrow({ where: { id: created.id } })).toEqual(created);

    const updated = await db.backupCode.update({ where: { id: created.id }, data: { usedAt: T2 } });
    expect(updated).toEqual({ ...created, usedAt: T2 });
    expect(await db.backupCode.findMany({ where: { userId: user.id } })).toEqual([updated]);

    await db.backupCode.delete({ where: { id: created.id } });
    expect(await db.backupCode.findUnique({ where: { id: created.id } })).toBeNull();
  });

  it("MfaIpThrottle: create, read, update, delete", async () => {
    const ip = unique("198.51.100.7");
    const created = await db.mfaIpThrottle.create({ data: { ip, updatedAt: T1 } });
    expect(created).toEqual({ ip, failedAttempts: 0, lastFailedAt: null, updatedAt: created.updatedAt });
    expect(await db.mfaIpThrottle.findUniqueOrThrow({ where: { ip } })).toEqual(created);
    const updated = await db.mfaIpThrottle.update({ where: { ip }, data: { failedAttempts: { increment: 1 }, lastFailedAt: T2 } });
    expect(updated).toMatchObject({ ip, failedAttempts: 1, lastFailedAt: T2 });
    await db.mfaIpThrottle.delete({ where: { ip } });
    expect(await db.mfaIpThrottle.findUnique({ where: { ip } })).toBeNull();
  });

  it("AuditEvent: create, read, update, delete (all optional fields set, then defaults)", async () => {
    const seq = Math.floor(Math.random() * 1_000_000_000);
    const data = {
      seq,
      time: T1,
      type: "auth.login",
      level: "warn",
      actorType: "user",
      actorId: "u-1",
      ip: "2001:db8::1",
      userAgent: "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" ünïcode",
      method: "POST",
      route: "/api/auth/callback",
      requestId: unique("req"),
      outcome: "failure",
      details: JSON.stringify({ reason: "bad password", attempts: 3 }),
      count: 4,
      prevHash: "0".repeat(64),
      hash: "f".repeat(64),
    };
    const created = await db.auditEvent.create({ data });
    expect(created).toEqual({ ...data, id: expect.stringMatching(CUID) });
    expect(await db.auditEvent.findUniqueOrThrow({ where: { seq } })).toEqual(created);

    const before = Date.now();
    const minimal = await db.auditEvent.create({
      data: { seq: seq + 1, type: "system.start", level: "info", actorType: "system", outcome: "success", prevHash: data.hash, hash: "e".repeat(64) },
    });
    expect(minimal).toMatchObject({ actorId: null, ip: null, userAgent: null, method: null, route: null, requestId: null, details: "{}", count: 1 });
    expect(minimal.time.getTime()).toBeGreaterThanOrEqual(before - 1);

    const updated = await db.auditEvent.update({ where: { id: created.id }, data: { count: { increment: 1 }, ip: null } });
    expect(updated).toEqual({ ...created, count: 5, ip: null });

    await db.auditEvent.deleteMany({ where: { id: { in: [created.id, minimal.id] } } });
    expect(await db.auditEvent.count({ where: { seq: { in: [seq, seq + 1] } } })).toBe(0);
  });

  it("MetricRollup: create, read, update, delete (floats, labels default)", async () => {
    const metric = unique("http.latency");
    const data = { metric, bucketStart: T1, count: 3, min: 0.125, max: 1234.5678, sum: 1e-7 + 2.5, labels: JSON.stringify({ route: "/api/x" }) };
    const created = await db.metricRollup.create({ data });
    expect(created).toEqual({ ...data, id: expect.stringMatching(CUID) });
    expect(
      await db.metricRollup.findUniqueOrThrow({ where: { metric_bucketStart_labels: { metric, bucketStart: T1, labels: data.labels } } }),
    ).toEqual(created);

    const unlabelled = await db.metricRollup.create({ data: { metric, bucketStart: T1, count: 1, min: -1, max: -1, sum: -1 } });
    expect(unlabelled.labels).toBe("{}");

    const updated = await db.metricRollup.update({ where: { id: created.id }, data: { count: 4, max: 2000, sum: { increment: 2000 } } });
    expect(updated).toEqual({ ...created, count: 4, max: 2000, sum: data.sum + 2000 });

    await db.metricRollup.deleteMany({ where: { metric } });
    expect(await db.metricRollup.count({ where: { metric } })).toBe(0);
  });

  it("deleting a User cascades to its ApiKey, MfaSecret and BackupCode rows only", async () => {
    const [user, other] = [await newUser(), await newUser()];
    for (const owner of [user, other]) {
      await db.apiKey.create({ data: { name: "k", prefix: unique("p"), hash: unique("h"), scopes: "status:read", createdById: owner.id } });
      await db.mfaSecret.create({ data: { userId: owner.id, encryptedSecret: "e", keyId: "k" } });
      await db.backupCode.createMany({ data: [{ userId: owner.id, codeHash: unique("c") }, { userId: owner.id, codeHash: unique("c") }] });
    }
    await db.user.delete({ where: { id: user.id } });

    expect(await db.apiKey.count({ where: { createdById: user.id } })).toBe(0);
    expect(await db.mfaSecret.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.backupCode.count({ where: { userId: user.id } })).toBe(0);
    // The other user's rows are untouched.
    expect(await db.apiKey.count({ where: { createdById: other.id } })).toBe(1);
    expect(await db.mfaSecret.count({ where: { userId: other.id } })).toBe(1);
    expect(await db.backupCode.count({ where: { userId: other.id } })).toBe(2);
  });

  it("rejects duplicates of unique fields (P2002) and rows pointing at a missing user", async () => {
    const user = await newUser();
    await expect(db.user.create({ data: { email: user.email, passwordHash: "x" } })).rejects.toMatchObject({ code: "P2002" });

    const key = { name: "k", prefix: unique("p"), hash: unique("h"), scopes: "s", createdById: user.id };
    await db.apiKey.create({ data: key });
    await expect(db.apiKey.create({ data: { ...key, hash: unique("h") } })).rejects.toMatchObject({ code: "P2002" });
    await expect(db.apiKey.create({ data: { ...key, prefix: unique("p") } })).rejects.toMatchObject({ code: "P2002" });

    const seq = Math.floor(Math.random() * 1_000_000_000) + 1_000_000_000;
    const event = { seq, type: "t", level: "info", actorType: "system", outcome: "success", prevHash: "a", hash: "b" };
    await db.auditEvent.create({ data: event });
    await expect(db.auditEvent.create({ data: event })).rejects.toMatchObject({ code: "P2002" });

    const rollup = { metric: unique("m"), bucketStart: T1, count: 1, min: 1, max: 1, sum: 1 };
    await db.metricRollup.create({ data: rollup });
    await expect(db.metricRollup.create({ data: rollup })).rejects.toMatchObject({ code: "P2002" });

    // Foreign keys are enforced (on SQLite only because openDb turns them on per connection).
    await expect(db.backupCode.create({ data: { userId: "no-such-user", codeHash: "c" } })).rejects.toMatchObject({ code: "P2003" });
  });

  return { getDb: () => db };
}

describe("models: SQLite", () => {
  let file = "";
  const { getDb } = modelSuite(async () => {
    const dir = mkdtempSync(join(tmpdir(), "pg-models-"));
    file = join(dir, "printguard.db");
    return { database: { provider: "sqlite", file }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  });

  it("stores DateTime as ISO-8601 text; the migration's DEFAULT CURRENT_TIMESTAMP writes another format", async () => {
    const db = getDb();
    const user = await db.user.create({ data: { email: "iso@example.com", passwordHash: "x", sessionsValidFrom: T1 } });
    // A row inserted behind Prisma's back gets the SQL defaults.
    await db.$executeRawUnsafe(`INSERT INTO "User" ("id", "email", "passwordHash", "updatedAt") VALUES ('raw-default', 'raw@example.com', 'x', '${T2.toISOString()}')`);

    const raw = new Database(file, { readonly: true });
    const stored = raw.prepare(`SELECT "id", "sessionsValidFrom", "createdAt", "disabled" FROM "User" WHERE "id" IN (?, 'raw-default') ORDER BY "email"`).all(user.id);
    raw.close();
    expect(stored).toEqual([
      { id: user.id, sessionsValidFrom: "2026-03-04T05:06:07.891+00:00", createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/), disabled: 0 },
      { id: "raw-default", sessionsValidFrom: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/), disabled: 0 },
    ]);
    // Prisma still reads the SQL default as UTC, at whole seconds.
    const viaPrisma = await db.user.findUniqueOrThrow({ where: { id: "raw-default" } });
    expect(Math.abs(viaPrisma.createdAt.getTime() - Date.now())).toBeLessThan(5_000);
    expect(viaPrisma.createdAt.getMilliseconds()).toBe(0);
  });
});

describeWithService("postgres", postgresUp)("models: PostgreSQL", () => {
  modelSuite(async () => {
    const temp = await createTempPostgresDatabase("pg_models");
    return { database: { provider: "postgresql", url: temp.url }, cleanup: temp.drop };
  });
});
