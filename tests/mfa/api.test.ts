// The MFA API and the sign-in second step, as route handlers over a real migrated database.
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as users from "@/app/api/admin/users/route";
import * as backupCodesRoute from "@/app/api/security-performance/security/mfa/backup-codes/[userId]/route";
import * as disableRoute from "@/app/api/security-performance/security/mfa/disable/[userId]/route";
import * as setupRoute from "@/app/api/security-performance/security/mfa/setup/[userId]/route";
import * as verifyRoute from "@/app/api/security-performance/security/mfa/verify/[userId]/route";
import * as me from "@/app/api/me/route";
import { getAuditWriter } from "@/lib/audit";
import { authOptions } from "@/lib/auth/options";
import { sessionCookieWithMfa } from "@/lib/auth/session-cookie";
import { getConfig } from "@/lib/config";
import { totpAt } from "@/lib/mfa/totp";
import { params, request, startTestApp, type Provider, type TestApp } from "../support/app";
import { describeWithService, postgresAvailable } from "../support/services";

const pgUp = await postgresAvailable();
const PATH = "/api/security-performance/security/mfa";

const setup = (userId: string, init: Parameters<typeof request>[1] = {}) =>
  setupRoute.POST(request(`${PATH}/setup/${userId}`, { method: "POST", ...init }), params({ userId }));
const verify = (userId: string, body: unknown, init: Parameters<typeof request>[1] = {}) =>
  verifyRoute.POST(request(`${PATH}/verify/${userId}`, { method: "POST", json: body, ...init }), params({ userId }));

async function problem(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { type: string; status: number; detail: string; errors?: Array<{ field: string }> };
}

/** The session a Set-Cookie carries, decoded. */
async function sessionOf(response: Response) {
  const raw = response.headers.get("set-cookie") ?? "";
  const value = /next-auth\.session-token=([^;]+)/.exec(raw)?.[1];
  expect(value, "a session cookie").toBeTruthy();
  return { token: await decode({ token: value!, secret: getConfig().authSecret }), cookie: raw.split(";")[0]! };
}

async function auditTypes(app: TestApp, userId: string): Promise<string[]> {
  await getAuditWriter().flush();
  const rows = await app.db.auditEvent.findMany({ orderBy: { seq: "asc" } });
  return rows.filter((r) => JSON.parse(r.details).userId === userId).map((r) => r.type);
}

/** A step ahead of the last one used, so each call in a test gets a fresh code. */
let clock = Date.now();
const nextCode = (secret: string) => {
  clock = Math.max(clock + 30_000, Date.now());
  return totpAt(secret, Date.now());
};

function suite(provider: Provider) {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp(provider)));
  afterAll(() => app.close());

  async function enrolled() {
    const person = await app.signedIn("user");
    const started = await setup(person.userId, { cookie: person.cookie });
    const { secret } = (await started.json()) as { secret: string };
    const done = await verify(person.userId, { code: totpAt(secret, Date.now()) }, { cookie: person.cookie });
    const { backupCodes } = (await done.json()) as { backupCodes: string[] };
    return { ...person, secret, backupCodes };
  }

  it("setup returns the otpauth URL, a server-rendered QR PNG and the secret; stores it encrypted and pending", async () => {
    const person = await app.signedIn("user", `enrol-${provider}@example.com`);
    const response = await setup(person.userId, { cookie: person.cookie });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { otpauthUrl: string; qrDataUrl: string; secret: string };
    expect(Object.keys(body).sort()).toEqual(["otpauthUrl", "qrDataUrl", "secret"]);
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.otpauthUrl).toBe(`otpauth://totp/PrintGuard:enrol-${provider}%40example.com?secret=${body.secret}&issuer=PrintGuard`);
    expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const row = await app.db.mfaSecret.findUniqueOrThrow({ where: { userId: person.userId } });
    expect(row.enabledAt).toBeNull();
    expect(row.encryptedSecret).not.toContain(body.secret);
    expect(row.keyId).toBe(getConfig().mfaKey.id);
  });

  it("verify with a wrong code leaves MFA off; with a valid code turns it on, returns 10 backup codes once and upgrades the session", async () => {
    const person = await app.signedIn("user");
    const { secret } = (await (await setup(person.userId, { cookie: person.cookie })).json()) as { secret: string };
    const wrong = await verify(person.userId, { code: "000000" }, { cookie: person.cookie });
    expect(wrong.status).toBe(403);
    expect((await problem(wrong)).type).toBe("/problems/mfa-code-rejected");
    expect((await app.db.mfaSecret.findUniqueOrThrow({ where: { userId: person.userId } })).enabledAt).toBeNull();

    const ok = await verify(person.userId, { code: totpAt(secret, Date.now()) }, { cookie: person.cookie });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { enabled: boolean; backupCodes: string[] };
    expect(body.enabled).toBe(true);
    expect(body.backupCodes).toHaveLength(10);
    const { token } = await sessionOf(ok);
    expect(token).toMatchObject({ sub: person.userId, mfa: true });
    expect(await app.db.backupCode.count({ where: { userId: person.userId, usedAt: null } })).toBe(10);
    // The secret is never sent again: a new setup is refused while MFA is on.
    const again = await setup(person.userId, { cookie: person.cookie });
    expect(again.status).toBe(409);
    expect(JSON.stringify(await again.json())).not.toContain(secret);
    expect(await auditTypes(app, person.userId)).toEqual(["mfa.enrollment.started", "mfa.verify.failed", "mfa.verify.succeeded", "mfa.enrolled"]);
  });

  it("verify on an enabled account checks a TOTP code once (replay refused) and a backup code once, with audit events", async () => {
    const person = await enrolled();
    const code = nextCode(person.secret);
    // The enrollment used the current step, so the current code is already a replay.
    const replay = await verify(person.userId, { code }, { cookie: person.cookie });
    expect(replay.status).toBe(403);
    expect((await problem(replay)).detail).toMatch(/already used/);
    const backup = await verify(person.userId, { code: person.backupCodes[3] }, { cookie: person.cookie });
    expect(backup.status).toBe(200);
    expect(await backup.json()).toEqual({ verified: true, method: "backup", backupCodesRemaining: 9 });
    const reuse = await verify(person.userId, { code: person.backupCodes[3] }, { cookie: person.cookie });
    expect(reuse.status).toBe(403);
    const types = await auditTypes(app, person.userId);
    expect(types).toEqual(expect.arrayContaining(["mfa.verify.replayed", "mfa.backup_code.used", "mfa.verify.failed"]));
    // No audit detail carries a code or the secret.
    const details = (await app.db.auditEvent.findMany()).map((r) => r.details).join("\n");
    expect(details).not.toContain(person.secret);
    expect(details).not.toContain(person.backupCodes[3]);
  });

  it("malformed codes get 422 problem+json naming body.code", async () => {
    const person = await app.signedIn("user");
    for (const body of [{ code: "12345" }, { code: "abc" }, { code: 123456 }, {}]) {
      const response = await verify(person.userId, body, { cookie: person.cookie });
      expect(response.status).toBe(422);
      const p = await problem(response);
      expect(p.type).toBe("/problems/validation-failed");
      expect(p.errors?.[0]?.field).toBe("body.code");
    }
  });

  it("own id only: another user's id is 403; anonymous 401; an API key 403", async () => {
    const a = await app.signedIn("user");
    const b = await app.signedIn("user");
    expect((await setup(b.userId, { cookie: a.cookie })).status).toBe(403);
    expect((await verify(b.userId, { code: "123456" }, { cookie: a.cookie })).status).toBe(403);
    expect((await setup(b.userId)).status).toBe(401);
    const key = await app.apiKey(["status:read", "metrics:read", "audit:read", "cache:write"]);
    expect((await setup(b.userId, { bearer: key })).status).toBe(403);
  });

  it("enrolling and resetting need a recent sign-in: an older session gets 403 reauthentication-required and changes nothing", async () => {
    const config = getConfig();
    const stale = Date.now() - (config.reauthWindowSeconds + 60) * 1000;
    // A session from a sign-in before the window, of an account that existed then.
    const staleCookie = async (userId: string, mfa: boolean) => {
      await app.db.user.update({ where: { id: userId }, data: { sessionsValidFrom: new Date(stale - 1000) } });
      return (await sessionCookieWithMfa(userId, mfa, stale)).split(";")[0]!;
    };
    const person = await app.signedIn("user");
    const refused = await setup(person.userId, { cookie: await staleCookie(person.userId, false) });
    expect(refused.status).toBe(403);
    expect((await problem(refused)).type).toMatch(/\/problems\/reauthentication-required$/);
    expect(await app.db.mfaSecret.findUnique({ where: { userId: person.userId } })).toBeNull();
    // The same person, just signed in: allowed.
    expect((await setup(person.userId, { cookie: person.cookie })).status).toBe(201);

    const admin = await app.signedIn("admin", undefined, { mfa: true });
    const target = await enrolled();
    const staleReset = await setup(target.userId, { cookie: await staleCookie(admin.userId, true) });
    expect(staleReset.status).toBe(403);
    expect((await problem(staleReset)).type).toMatch(/\/problems\/reauthentication-required$/);
    expect(await app.db.mfaSecret.findUnique({ where: { userId: target.userId } })).not.toBeNull();
    expect((await setup(target.userId, { cookie: admin.cookie })).status).toBe(200);
  });

  it("an admin resets another user's MFA (audited, their sessions end) but cannot verify for them", async () => {
    const admin = await app.signedIn("admin", undefined, { mfa: true });
    const person = await enrolled();
    expect((await verify(person.userId, { code: "123456" }, { cookie: admin.cookie })).status).toBe(403);
    const response = await setup(person.userId, { cookie: admin.cookie });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ reset: true, userId: person.userId, mfaEnabled: false });
    expect(await app.db.mfaSecret.findUnique({ where: { userId: person.userId } })).toBeNull();
    expect(await app.db.backupCode.count({ where: { userId: person.userId } })).toBe(0);
    expect((await me.GET(request("/api/me", { cookie: person.cookie }), params())).status).toBe(401);
    expect(await auditTypes(app, person.userId)).toContain("mfa.reset");
  });

  it("the admin user list (server-cached for 10 s) shows enrollment and reset at once", async () => {
    const admin = await app.signedIn("admin", undefined, { mfa: true });
    const listed = async (userId: string) => {
      const rows = (await (await users.GET(request("/api/admin/users", { cookie: admin.cookie }), params())).json()) as { users: Array<{ id: string; mfaEnabled: boolean }> };
      return rows.users.find((u) => u.id === userId)?.mfaEnabled;
    };
    const person = await app.signedIn("user");
    expect(await listed(person.userId)).toBe(false); // now in the cache
    const started = await setup(person.userId, { cookie: person.cookie });
    const { secret } = (await started.json()) as { secret: string };
    expect((await verify(person.userId, { code: totpAt(secret, Date.now()) }, { cookie: person.cookie })).status).toBe(200);
    expect(await listed(person.userId)).toBe(true);
    expect((await setup(person.userId, { cookie: admin.cookie })).status).toBe(200);
    expect(await listed(person.userId)).toBe(false);
  });

  it("regenerating backup codes needs a code and voids the old set; disabling needs a code and downgrades the session", async () => {
    const person = await enrolled();
    const regen = backupCodesRoute.POST(
      request(`${PATH}/backup-codes/${person.userId}`, { method: "POST", cookie: person.cookie, json: { code: person.backupCodes[0] } }),
      params({ userId: person.userId }),
    );
    const fresh = (await (await regen).json()) as { backupCodes: string[] };
    expect(fresh.backupCodes).toHaveLength(10);
    const disableWith = (code: string) =>
      disableRoute.POST(request(`${PATH}/disable/${person.userId}`, { method: "POST", cookie: person.cookie, json: { code } }), params({ userId: person.userId }));
    expect((await disableWith(person.backupCodes[1]!)).status).toBe(403); // the old set is void
    const off = await disableWith(fresh.backupCodes[0]!);
    expect(off.status).toBe(200);
    expect((await sessionOf(off)).token).toMatchObject({ mfa: false });
    expect(await app.db.mfaSecret.findUnique({ where: { userId: person.userId } })).toBeNull();
    expect(await auditTypes(app, person.userId)).toEqual(expect.arrayContaining(["mfa.backup_codes.regenerated", "mfa.disabled"]));
  });

  describe("sign-in (next-auth credentials authorize)", () => {
    const authorize = (credentials: Record<string, string>) => {
      const provider = authOptions().providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } };
      return provider.options.authorize(credentials, { headers: {} });
    };

    it("a user without MFA signs in with email and password (session mfa false)", async () => {
      const person = await app.signedIn("user");
      const email = (await app.db.user.findUniqueOrThrow({ where: { id: person.userId } })).email;
      expect(await authorize({ email, password: "correct horse battery" })).toEqual({ id: person.userId, email, mfa: false });
    });

    it("with MFA: password alone gives no session but asks for the code; a TOTP or backup code in the same request signs in", async () => {
      const person = await enrolled();
      const email = (await app.db.user.findUniqueOrThrow({ where: { id: person.userId } })).email;
      const base = { email, password: "correct horse battery" };
      await expect(authorize(base)).rejects.toThrow("mfa-required");
      await expect(authorize({ ...base, code: "000000" })).rejects.toThrow("mfa-invalid");
      await expect(authorize({ ...base, code: totpAt(person.secret, Date.now()) })).rejects.toThrow("mfa-replayed"); // used by enrollment
      expect(await authorize({ ...base, code: person.backupCodes[5]! })).toEqual({ id: person.userId, email, mfa: true });
      await expect(authorize({ ...base, code: person.backupCodes[5]! })).rejects.toThrow("mfa-invalid");
      // A wrong password with a right code is still just a wrong password.
      expect(await authorize({ email, password: "wrong password!", code: person.backupCodes[6]! })).toBeNull();
    });
  });
}

describe("MFA API on SQLite", () => suite("sqlite"));
describeWithService("postgres", pgUp)("MFA API on PostgreSQL", () => suite("postgresql"));

describe("REQUIRE_ADMIN_MFA=true", () => {
  let app: TestApp;
  beforeAll(async () => (app = await startTestApp("sqlite", { REQUIRE_ADMIN_MFA: "true" })));
  afterAll(() => app.close());

  it("an admin session without MFA gets 403 mfa-required from other routes, but reaches the MFA routes", async () => {
    const admin = await app.signedIn("admin");
    const list = await users.GET(request("/api/admin/users", { cookie: admin.cookie }), params());
    expect(list.status).toBe(403);
    expect((await problem(list)).type).toBe("/problems/mfa-required");
    expect((await me.GET(request("/api/me", { cookie: admin.cookie }), params())).status).toBe(403);
    const started = await setup(admin.userId, { cookie: admin.cookie });
    expect(started.status).toBe(201);
    const { secret } = (await started.json()) as { secret: string };
    const done = await verify(admin.userId, { code: totpAt(secret, Date.now()) }, { cookie: admin.cookie });
    expect(done.status).toBe(200);
    // Enrolling upgraded the session: the new cookie reaches everything.
    const { cookie } = await sessionOf(done);
    expect((await users.GET(request("/api/admin/users", { cookie }), params())).status).toBe(200);
  });

  it("API keys and plain users are unaffected", async () => {
    const key = await app.apiKey(["status:read"]);
    expect((await me.GET(request("/api/me", { bearer: key }), params())).status).toBe(200);
    const user = await app.signedIn("user");
    expect((await me.GET(request("/api/me", { cookie: user.cookie }), params())).status).toBe(200);
  });
});
