// API keys verified in the last seconds are answered from memory; a revoke is seen at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REMEMBER_MS } from "@/lib/auth/api-key-memo";
import { authenticateApiKey, createApiKey, revokeApiKey } from "@/lib/auth/api-keys";
import { createUser } from "@/lib/auth/users";
import type { Db } from "@/lib/db/client";
import { emptySqliteDb } from "../support/app";

describe("remembered API key verifications", () => {
  let db: Db;
  let close: () => Promise<void>;
  let owner: string;
  beforeAll(async () => {
    ({ db, close } = await emptySqliteDb());
    owner = (await createUser(db, { email: "key-owner@example.com", password: "correct horse battery", role: "admin" })).id;
  });
  afterAll(() => close());

  const newKey = async () => (await createApiKey(db, { name: "memo", scopes: ["status:read"], createdById: owner })).key;

  it(`answers a key verified less than ${REMEMBER_MS} ms ago without its row, and reads the row again after that`, async () => {
    const key = await newKey();
    const t0 = new Date();
    expect(await authenticateApiKey(db, key, t0)).toMatchObject({ kind: "apiKey", name: "memo", scopes: ["status:read"] });
    // Behind the API's back (another instance revoking, say): this instance still trusts it briefly…
    await db.apiKey.updateMany({ where: { name: "memo" }, data: { revokedAt: t0 } });
    expect(await authenticateApiKey(db, key, new Date(t0.getTime() + REMEMBER_MS - 1))).toMatchObject({ kind: "apiKey" });
    // …and no longer once the memory is REMEMBER_MS old.
    expect(await authenticateApiKey(db, key, new Date(t0.getTime() + REMEMBER_MS))).toBeNull();
  });

  it("forgets a key the moment this instance revokes it", async () => {
    const key = await newKey();
    const principal = await authenticateApiKey(db, key);
    expect(principal).toMatchObject({ kind: "apiKey" });
    await revokeApiKey(db, (principal as { keyId: string }).keyId);
    expect(await authenticateApiKey(db, key)).toBeNull();
  });

  it("remembers only keys that verified: a wrong secret with a real prefix stays refused", async () => {
    const key = await newKey();
    expect(await authenticateApiKey(db, key)).not.toBeNull();
    const forged = `${key.slice(0, 15)}${key.slice(15).split("").reverse().join("")}`;
    expect(forged).not.toBe(key);
    expect(await authenticateApiKey(db, forged)).toBeNull();
    expect(await authenticateApiKey(db, forged)).toBeNull();
  });

  it("still writes lastUsedAt at most once a minute while the key is remembered", async () => {
    const key = await newKey();
    const t0 = new Date();
    const principal = (await authenticateApiKey(db, key, t0)) as { keyId: string };
    const read = async () => (await db.apiKey.findUniqueOrThrow({ where: { id: principal.keyId } })).lastUsedAt?.getTime();
    expect(await read()).toBe(t0.getTime());
    await authenticateApiKey(db, key, new Date(t0.getTime() + 1_000));
    expect(await read()).toBe(t0.getTime());
  });
});
