// The built server with REQUIRE_ADMIN_MFA=true: an admin without MFA reaches only enrollment;
// enrolling upgrades the session; a program signs in with email, password and code in one request.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpAt } from "@/lib/mfa/totp";
import { signInOverHttp, spawnServer, stopServer, waitReady, type RunningServer } from "../support/server";

const ADMIN = { email: "admin@mfa.test", password: "mfa-admin-password-1" };
const MFA = "/api/security-performance/security/mfa";

describe("REQUIRE_ADMIN_MFA on the built server", () => {
  let server: RunningServer;
  let authSecret: string;
  beforeAll(async () => {
    server = await spawnServer({
      REQUIRE_ADMIN_MFA: "true",
      PRINTGUARD_ADMIN_EMAIL: ADMIN.email,
      PRINTGUARD_ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: "warn",
      RATE_LIMIT_POLICIES: JSON.stringify({ "signin-ip": { limit: 50 }, "signin-account": { limit: 50 } }),
    });
    await waitReady(server);
    authSecret = (JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8")) as { authSecret: string }).authSecret;
  }, 90_000);
  afterAll(() => stopServer(server, { removeData: true }));

  const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { cookie }, redirect: "manual" });
  const post = (path: string, cookie: string, body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      headers: { cookie, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  it("sends an admin without MFA to enrollment, refuses the API with mfa-required, and lets enrollment upgrade the session", async () => {
    const signIn = await signInOverHttp(server.url, ADMIN.email, ADMIN.password);
    expect(signIn.sessionCookie).toBeTruthy();
    const cookie = signIn.sessionCookie!;
    const token = await decode({ token: cookie.split("=")[1]!, secret: authSecret });
    expect(token).toMatchObject({ mfa: false });
    const adminId = token!.sub!;

    const page = await get("/dashboard/users", cookie);
    expect(page.status).toBe(307);
    expect(new URL(page.headers.get("location")!, server.url).pathname).toBe("/account");
    expect((await get("/account", cookie)).status).toBe(200);
    const api = await get("/api/admin/users", cookie);
    expect(api.status).toBe(403);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect((await api.json()).type).toBe("/problems/mfa-required");

    const started = await post(`${MFA}/setup/${adminId}`, cookie);
    expect(started.status).toBe(201);
    const { secret } = (await started.json()) as { secret: string };
    const done = await post(`${MFA}/verify/${adminId}`, cookie, { code: totpAt(secret, Date.now()) });
    expect(done.status).toBe(200);
    const upgraded = done.headers.getSetCookie().find((c) => c.includes("session-token="))!.split(";")[0]!;
    expect(await decode({ token: upgraded.split("=")[1]!, secret: authSecret })).toMatchObject({ sub: adminId, mfa: true });
    expect((await get("/dashboard/users", upgraded)).status).toBe(200);
    expect((await get("/api/admin/users", upgraded)).status).toBe(200);

    // A program: email + password alone give no session; with the code in the same request they do.
    const noCode = await signInOverHttp(server.url, ADMIN.email, ADMIN.password);
    expect(noCode.status).toBe(401);
    expect(noCode.sessionCookie).toBeUndefined();
    expect(noCode.error).toBe("mfa-required");
    const withCode = await signInOverHttp(server.url, ADMIN.email, ADMIN.password, totpAt(secret, Date.now() + 30_000));
    expect(withCode.sessionCookie).toBeTruthy();
    expect(await decode({ token: withCode.sessionCookie!.split("=")[1]!, secret: authSecret })).toMatchObject({ sub: adminId, mfa: true });
    expect((await get("/api/admin/users", withCode.sessionCookie!)).status).toBe(200);
  }, 60_000);
});
