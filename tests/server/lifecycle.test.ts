import { request as httpRequest } from "node:http";
import { readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp, spawnServer, stopServer, waitReady, type RunningServer } from "../support/server";

const BANNER_PASSWORD = /password: (\S+)/;

describe("production server (dist/server.js)", () => {
  let server: RunningServer;
  let adminPassword: string;

  beforeAll(async () => {
    server = await spawnServer();
    await waitReady(server);
    adminPassword = BANNER_PASSWORD.exec(server.stdout())?.[1] ?? "";
  }, 90_000);
  afterAll(() => stopServer(server, { removeData: true }));

  it("a bad variable stops start-up with one line naming it", async () => {
    const bad = await spawnServer({ PORT: "3000", SESSION_MAX_AGE_SECONDS: "soon" });
    expect(await bad.exited).toBe(1);
    await stopServer(bad, { removeData: true });
    expect(bad.stderr().trim()).toBe("Invalid configuration: SESSION_MAX_AGE_SECONDS must be a number");
  });

  it("first start creates admin@localhost, prints its password once, and keeps secrets in DATA_DIR with mode 0600", async () => {
    expect(server.stdout()).toContain("email:    admin@localhost");
    expect(adminPassword.length).toBeGreaterThanOrEqual(20);
    expect(server.stdout().match(/first admin created/g)).toHaveLength(1);
    expect(statSync(join(server.dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    const secrets = JSON.parse(readFileSync(join(server.dataDir, "secrets.json"), "utf8"));
    // no secret reaches the output
    for (const value of Object.values(secrets) as string[]) {
      expect(server.stdout()).not.toContain(value);
      expect(server.stderr()).not.toContain(value);
    }
  });

  it("tags every response with an x-request-id and keeps a caller's well-formed one", async () => {
    const fresh = await fetch(`${server.url}/api/health`);
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await fetch(`${server.url}/api/health`, { headers: { "x-request-id": "frontend-trace-0001" } });
    expect(kept.headers.get("x-request-id")).toBe("frontend-trace-0001");
    const page = await fetch(`${server.url}/login`);
    expect(page.headers.get("x-request-id")).toBeTruthy();
    expect(page.headers.get("x-powered-by")).toBeNull();
  });

  it("unknown /api paths answer 404 problem+json", async () => {
    const response = await fetch(`${server.url}/api/no/such/thing`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const body = await response.json();
    expect(body).toMatchObject({ type: "/problems/not-found", status: 404, requestId: response.headers.get("x-request-id") });
  });

  it("readiness reports the database", async () => {
    const response = await fetch(`${server.url}/api/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ready", database: "ok" });
  });

  it("sign-in sets an httpOnly SameSite=Lax session cookie; a wrong password says only 'invalid email or password'", async () => {
    const ok = await signInOverHttp(server.url, "admin@localhost", adminPassword);
    expect(ok.sessionCookie).toBeTruthy();
    const attributes = ok.setCookie.find((c) => c.startsWith("next-auth.session-token="))!;
    expect(attributes).toMatch(/HttpOnly/i);
    expect(attributes).toMatch(/SameSite=Lax/i);
    expect(attributes).not.toMatch(/Secure/i); // served over plain http here
    const me = await fetch(`${server.url}/api/me`, { headers: { cookie: ok.sessionCookie! } });
    expect(await me.json()).toMatchObject({ kind: "user", email: "admin@localhost", role: "admin" });

    for (const [email, password] of [["admin@localhost", "wrong password"], ["ghost@localhost", adminPassword]]) {
      const failed = await signInOverHttp(server.url, email!, password!);
      expect(failed.sessionCookie).toBeUndefined();
    }
    const page = await (await fetch(`${server.url}/login?error=CredentialsSignin`)).text();
    expect(page).toContain("invalid email or password");
  });

  it("anonymous visitors of admin pages are sent to /login; admin API answers 401 problem+json", async () => {
    const page = await fetch(`${server.url}/dashboard/users`, { redirect: "manual" });
    expect([303, 307]).toContain(page.status);
    expect(page.headers.get("location")).toMatch(/\/login\?callbackUrl=%2Fdashboard%2Fusers/);
    const api = await fetch(`${server.url}/api/admin/users`);
    expect(api.status).toBe(401);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
  });

  it("a second start on the same DATA_DIR finds the admin and prints no password", async () => {
    const second = await spawnServer({}, server.dataDir);
    try {
      await waitReady(second);
      expect(second.stdout()).not.toContain("first admin created");
    } finally {
      await stopServer(second);
    }
  });
});

describe("graceful shutdown", () => {
  it("SIGTERM lets an in-flight request finish, refuses new connections, closes the database and exits 0", async () => {
    const server = await spawnServer({ SHUTDOWN_TIMEOUT_MS: "10000" });
    await waitReady(server);
    const { port } = new URL(server.url);
    // A sign-in POST whose body arrives slowly stays in flight until the last byte is sent.
    const body = "csrfToken=x&email=a%40b.c&password=slow";
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port, method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": body.length } }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      });
      req.on("error", reject);
      req.write(body.slice(0, 10));
      setTimeout(() => {
        server.process.kill("SIGTERM");
        setTimeout(() => req.end(body.slice(10)), 700);
      }, 300);
    });
    const status = await inFlight;
    expect(status).toBeGreaterThanOrEqual(200);
    expect(status).toBeLessThan(500);
    expect(await server.exited).toBe(0);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
    expect(server.stdout()).toContain("SIGTERM: draining in-flight requests");
    expect(server.stdout()).toContain("shutdown: database done");
    await stopServer(server, { removeData: true });
  }, 90_000);

  it("two instances starting at once on one fresh database migrate it once and create one admin", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dataDir = mkdtempSync(join(tmpdir(), "printguard-twins-"));
    const [a, b] = await Promise.all([spawnServer({}, dataDir), spawnServer({}, dataDir)]);
    try {
      await Promise.all([waitReady(a!), waitReady(b!)]);
      const banners = (a!.stdout() + b!.stdout()).match(/first admin created/g) ?? [];
      expect(banners).toHaveLength(1);
    } finally {
      await Promise.all([stopServer(a!), stopServer(b!)]);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
