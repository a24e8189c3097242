import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apiKeyById from "@/app/api/admin/api-keys/[id]/route";
import * as apiKeys from "@/app/api/admin/api-keys/route";
import * as userById from "@/app/api/admin/users/[id]/route";
import * as users from "@/app/api/admin/users/route";
import * as health from "@/app/api/health/route";
import * as me from "@/app/api/me/route";
import { getAuditWriter } from "@/lib/audit";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { sessionCookieWithMfa } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { params, request, startTestApp, type Provider, type TestApp } from "../support/app";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.json();
  expect(body).toEqual(
    expect.objectContaining({ type: expect.stringMatching(/^\/problems\//), title: expect.any(String), status: response.status, detail: expect.any(String), requestId: expect.any(String) }),
  );
  expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/); // no stack trace
  return body;
}

function suite(provider: Provider) {
  let app: TestApp;
  let admin: { userId: string; cookie: string };
  let user: { userId: string; cookie: string };
  beforeAll(async () => {
    app = await startTestApp(provider);
    admin = await app.signedIn("admin");
    user = await app.signedIn("user");
  });
  afterAll(() => app.close());

  describe("every admin route refuses everyone but admins", () => {
    const routes = [
      { name: "GET users", call: (init: Parameters<typeof request>[1]) => users.GET(request("/api/admin/users", init), params()) },
      { name: "POST users", call: (init: Parameters<typeof request>[1]) => users.POST(request("/api/admin/users", { ...init, method: "POST", json: { email: "x@example.com", password: "long enough password" } }), params()) },
      { name: "PATCH user", call: (init: Parameters<typeof request>[1]) => userById.PATCH(request("/api/admin/users/u1", { ...init, method: "PATCH", json: { role: "admin" } }), params({ id: "u1" })) },
      { name: "GET keys", call: (init: Parameters<typeof request>[1]) => apiKeys.GET(request("/api/admin/api-keys", init), params()) },
      { name: "POST keys", call: (init: Parameters<typeof request>[1]) => apiKeys.POST(request("/api/admin/api-keys", { ...init, method: "POST", json: { name: "k", scopes: ["status:read"] } }), params()) },
      { name: "DELETE key", call: (init: Parameters<typeof request>[1]) => apiKeyById.DELETE(request("/api/admin/api-keys/k1", { ...init, method: "DELETE" }), params({ id: "k1" })) },
    ];
    for (const route of routes) {
      it(`${route.name}: anonymous 401, user 403, key with every scope 403, unknown key 401`, async () => {
        expect((await route.call({})).status).toBe(401);
        expect((await route.call({ cookie: user.cookie })).status).toBe(403);
        const key = await app.apiKey(["status:read", "metrics:read", "audit:read", "cache:write"]);
        expect((await route.call({ bearer: key })).status).toBe(403);
        const unknown = await route.call({ bearer: "pgk_abcdefghij_" + "A".repeat(43) });
        expect(unknown.status).toBe(401);
        await problem(unknown);
      });
    }
  });

  it("health answers anyone without touching auth", async () => {
    const response = await health.GET(request("/api/health"), params());
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("admin creates a user who can then sign in; a duplicate email is a 409", async () => {
    const created = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { email: "New.Person@Example.com", password: "a long initial password", role: "user" } }), params());
    expect(created.status).toBe(201);
    const { user: summary } = await created.json();
    expect(summary).toMatchObject({ email: "new.person@example.com", role: "user", disabled: false });
    expect(JSON.stringify(summary)).not.toContain("passwordHash");
    expect(await authenticateCredentials(app.db, { email: "new.person@example.com", password: "a long initial password" })).toMatchObject({ role: "user" });
    await getAuditWriter().flush();
    const created_event = await app.db.auditEvent.findFirst({ where: { type: "user.created", actorId: admin.userId } });
    expect(created_event).toMatchObject({ level: "info", outcome: "succeeded", actorType: "user", method: "POST", route: "/api/admin/users" });
    expect(JSON.parse(created_event!.details)).toMatchObject({ email: "new.person@example.com", role: "user" });
    expect(created_event!.details).not.toContain("a long initial password");
    const again = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { email: "new.person@example.com", password: "a long initial password" } }), params());
    expect(again.status).toBe(409);
    await problem(again);
  });

  it("bad input names the field: 422 for missing or wrongly typed fields, 400 for malformed JSON, 415 for non-JSON", async () => {
    const missing = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { password: "a long initial password" } }), params());
    expect(missing.status).toBe(422);
    expect((await problem(missing)).errors).toContainEqual({ field: "body.email", message: "is required" });

    const wrongType = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { email: "t@example.com", password: "a long initial password", role: 5 } }), params());
    expect(wrongType.status).toBe(422);
    expect((await problem(wrongType)).errors.map((e: { field: string }) => e.field)).toEqual(["body.role"]);

    const malformed = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, body: '{"email": ', headers: { "content-type": "application/json" } }), params());
    expect(malformed.status).toBe(400);
    expect((await problem(malformed)).detail).toMatch(/not valid JSON/);

    const form = await users.POST(request("/api/admin/users", { method: "POST", cookie: admin.cookie, body: "email=a", headers: { "content-type": "application/x-www-form-urlencoded" } }), params());
    expect(form.status).toBe(415);
  });

  it("a cookie-authenticated write from another site is refused", async () => {
    const response = await users.POST(
      request("/api/admin/users", { method: "POST", cookie: admin.cookie, json: { email: "csrf@example.com", password: "a long initial password" }, headers: { "sec-fetch-site": "cross-site", origin: "https://evil.example" } }),
      params(),
    );
    expect(response.status).toBe(403);
    expect(await app.db.user.findUnique({ where: { email: "csrf@example.com" } })).toBeNull();
  });

  it("minting a key, creating an account and changing one need a recent sign-in: an older admin session gets 403 and changes nothing; revoking does not", async () => {
    const stale = Date.now() - (getConfig().reauthWindowSeconds + 60) * 1000;
    // An admin whose session comes from a sign-in before the window (the account existed then).
    const old = await app.signedIn("admin");
    await app.db.user.update({ where: { id: old.userId }, data: { sessionsValidFrom: new Date(stale - 1000) } });
    const cookie = (await sessionCookieWithMfa(old.userId, false, stale)).split(";")[0]!;
    expect((await me.GET(request("/api/me", { cookie }), params())).status).toBe(200); // the session itself is valid

    const target = await app.signedIn("user");
    const keysBefore = await app.db.apiKey.count();
    const attempts = [
      await apiKeys.POST(request("/api/admin/api-keys", { method: "POST", cookie, json: { name: "lasting access", scopes: ["audit:read"] } }), params()),
      await users.POST(request("/api/admin/users", { method: "POST", cookie, json: { email: "stale-made@example.com", password: "a long initial password" } }), params()),
      await userById.PATCH(request(`/api/admin/users/${target.userId}`, { method: "PATCH", cookie, json: { role: "admin" } }), params({ id: target.userId })),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect((await problem(response)).type).toMatch(/\/problems\/reauthentication-required$/);
    }
    expect(await app.db.apiKey.count()).toBe(keysBefore);
    expect(await app.db.user.findUnique({ where: { email: "stale-made@example.com" } })).toBeNull();
    expect(await app.db.user.findUniqueOrThrow({ where: { id: target.userId } })).toMatchObject({ role: "user" });

    // Taking access away stays possible from any admin session: revoking a key is not refused.
    const created = await apiKeys.POST(request("/api/admin/api-keys", { method: "POST", cookie: admin.cookie, json: { name: "to revoke", scopes: ["status:read"] } }), params());
    const { apiKey } = await created.json();
    const revoked = await apiKeyById.DELETE(request(`/api/admin/api-keys/${apiKey.id}`, { method: "DELETE", cookie }), params({ id: apiKey.id }));
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).apiKey.revokedAt).not.toBeNull();
  });

  it("disabling a user or resetting their password ends their sessions", async () => {
    const target = await app.signedIn("user");
    expect((await me.GET(request("/api/me", { cookie: target.cookie }), params())).status).toBe(200);
    const reset = await userById.PATCH(request(`/api/admin/users/${target.userId}`, { method: "PATCH", cookie: admin.cookie, json: { password: "a brand new password" } }), params({ id: target.userId }));
    expect(reset.status).toBe(200);
    expect((await me.GET(request("/api/me", { cookie: target.cookie }), params())).status).toBe(401);

    const other = await app.signedIn("user");
    const disabled = await userById.PATCH(request(`/api/admin/users/${other.userId}`, { method: "PATCH", cookie: admin.cookie, json: { disabled: true } }), params({ id: other.userId }));
    expect((await disabled.json()).user.disabled).toBe(true);
    expect((await me.GET(request("/api/me", { cookie: other.cookie }), params())).status).toBe(401);
  });

  it("API keys: the secret is shown once, stored hashed, authenticates as the key, and stops working when revoked", async () => {
    const created = await apiKeys.POST(request("/api/admin/api-keys", { method: "POST", cookie: admin.cookie, json: { name: "print frontend", scopes: ["status:read", "metrics:read"] } }), params());
    expect(created.status).toBe(201);
    const { key, apiKey } = await created.json();
    expect(key).toMatch(/^pgk_[a-z0-9]{10}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`pgk_${apiKey.prefix}_`)).toBe(true);
    // The secret part may itself contain "_" (base64url): cut after the fixed-length prefix.
    const secret = key.slice(`pgk_${apiKey.prefix}_`.length);

    const stored = await app.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } });
    expect(stored.hash).not.toContain(secret);
    const listed = await (await apiKeys.GET(request("/api/admin/api-keys", { cookie: admin.cookie }), params())).json();
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(JSON.stringify(listed)).not.toContain(stored.hash);

    const whoami = await me.GET(request("/api/me", { bearer: key }), params());
    expect(await whoami.json()).toMatchObject({ kind: "apiKey", keyId: apiKey.id, name: "print frontend", scopes: ["metrics:read", "status:read"] });
    expect((await app.db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).not.toBeNull();

    await getAuditWriter().flush();
    const keyEvent = await app.db.auditEvent.findFirstOrThrow({ where: { type: "apikey.created" }, orderBy: { seq: "desc" } });
    expect(keyEvent.details).not.toContain(secret);
    const revoked = await apiKeyById.DELETE(request(`/api/admin/api-keys/${apiKey.id}`, { method: "DELETE", cookie: admin.cookie }), params({ id: apiKey.id }));
    expect((await revoked.json()).apiKey.revokedAt).not.toBeNull();
    const refused = await me.GET(request("/api/me", { bearer: key }), params());
    expect(refused.status).toBe(401);
    expect((await problem(refused)).detail).toMatch(/unknown, revoked or malformed/);

    const tampered = key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
    expect((await me.GET(request("/api/me", { bearer: tampered }), params())).status).toBe(401);
  });

  it("an invalid key is never silently replaced by the session cookie", async () => {
    const response = await me.GET(request("/api/me", { cookie: admin.cookie, bearer: "not-a-key" }), params());
    expect(response.status).toBe(401);
  });
}

function lastAdminSuite(provider: Provider) {
  let solo: TestApp;
  beforeAll(async () => {
    solo = await startTestApp(provider);
  });
  afterAll(() => solo.close());

  it("the last active admin can be neither demoted nor disabled; with a second admin both work", async () => {
    const only = await solo.signedIn("admin");
    for (const change of [{ role: "user" }, { disabled: true }]) {
      const refused = await userById.PATCH(request(`/api/admin/users/${only.userId}`, { method: "PATCH", cookie: only.cookie, json: change }), params({ id: only.userId }));
      expect(refused.status).toBe(409);
      expect((await problem(refused)).detail).toMatch(/last active admin/);
    }
    expect(await solo.db.user.findUnique({ where: { id: only.userId } })).toMatchObject({ role: "admin", disabled: false });
    const second = await solo.signedIn("admin");
    const demoted = await userById.PATCH(request(`/api/admin/users/${only.userId}`, { method: "PATCH", cookie: second.cookie, json: { role: "user" } }), params({ id: only.userId }));
    expect(demoted.status).toBe(200);
    expect((await demoted.json()).user.role).toBe("user");
  });
}

describe("admin API on SQLite", () => suite("sqlite"));
describe("last admin on SQLite", () => lastAdminSuite("sqlite"));
describeWithService("postgres", pgUp)("admin API on PostgreSQL", () => suite("postgresql"));
describeWithService("postgres", pgUp)("last admin on PostgreSQL", () => lastAdminSuite("postgresql"));
