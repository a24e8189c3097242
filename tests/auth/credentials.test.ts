import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { ensureFirstAdmin, DEFAULT_ADMIN_EMAIL } from "@/lib/auth/first-admin";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { updateUser, createUser } from "@/lib/auth/users";
import { emptySqliteDb, startTestApp, type TestApp } from "../support/app";

describe("sign-in credentials (SQLite)", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("sqlite");
  });
  afterAll(() => app.close());

  it("stores argon2id hashes, never the password", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "wrong")).toBe(false);
    expect(await verifyPassword("not a hash", "anything")).toBe(false);
  });

  it("accepts the right password (email case-insensitive) and refuses everything else the same way", async () => {
    const user = await createUser(app.db, { email: "maker@example.com", password: "correct horse battery" });
    expect(await authenticateCredentials(app.db, { email: " Maker@Example.com ", password: "correct horse battery" })).toEqual({ id: user.id, email: "maker@example.com", role: "user" });
    expect(await authenticateCredentials(app.db, { email: "maker@example.com", password: "wrong password!!" })).toBeNull();
    expect(await authenticateCredentials(app.db, { email: "nobody@example.com", password: "correct horse battery" })).toBeNull();
    expect(await authenticateCredentials(app.db, { email: 42, password: null })).toBeNull();
    await updateUser(app.db, user.id, { disabled: true });
    expect(await authenticateCredentials(app.db, { email: "maker@example.com", password: "correct horse battery" })).toBeNull();
  });

  it("creates the first admin once: admin@localhost with a generated password, or the configured one", async () => {
    // The shared app already has users; the first-admin rule needs an empty database of its own.
    const fresh = await emptySqliteDb();
    try {
      const first = await ensureFirstAdmin(fresh.db, null);
      expect(first).toMatchObject({ created: true, email: DEFAULT_ADMIN_EMAIL });
      const password = (first as { generatedPassword: string }).generatedPassword;
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(await authenticateCredentials(fresh.db, { email: DEFAULT_ADMIN_EMAIL, password })).toMatchObject({ role: "admin" });
      expect(await ensureFirstAdmin(fresh.db, null)).toEqual({ created: false });
      expect(await fresh.db.user.count()).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it("uses PRINTGUARD_ADMIN_EMAIL/PASSWORD when configured", async () => {
    const empty = await emptySqliteDb();
    const db = empty.db;
    try {
      expect(await ensureFirstAdmin(db, { email: "ops@example.com", password: "a configured password" })).toEqual({ created: true, email: "ops@example.com", generatedPassword: null });
      expect(await authenticateCredentials(db, { email: "ops@example.com", password: "a configured password" })).toMatchObject({ role: "admin" });
    } finally {
      await empty.close();
    }
  });
});
