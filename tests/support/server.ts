// Starts the built production server (dist/server.js from `npm run build`) as a child process on
// a free port with its own DATA_DIR, the way an operator runs it.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const SERVER_ENTRY = resolve("dist/server.js");

export interface RunningServer {
  url: string;
  dataDir: string;
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

export function assertBuilt(): void {
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does)`);
}

/** Spawns the server; `waitReady` polls /api/health until it answers. */
export async function spawnServer(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), "printguard-server-"))): Promise<RunningServer> {
  assertBuilt();
  const port = env.PORT ? Number(env.PORT) : await freePort();
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    // REQUIRE_ADMIN_MFA=false: suites sign in as admins without MFA; MFA tests turn it on themselves.
    env: { PATH: process.env.PATH, NODE_ENV: "production", DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", REQUIRE_ADMIN_MFA: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  child.stderr!.on("data", (chunk) => (err += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  return { url: `http://127.0.0.1:${port}`, dataDir, process: child, stdout: () => out, stderr: () => err, exited };
}

export async function waitReady(server: RunningServer, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void server.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`server exited before it was ready:\n${server.stdout()}\n${server.stderr()}`);
    try {
      // Any answer below 500 means it serves (a test's tight rate limit may already say 429).
      if ((await fetch(`${server.url}/api/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${server.stdout()}\n${server.stderr()}`);
}

/** SIGTERM and wait; `removeData` also deletes its DATA_DIR (leave it when another server shares it). */
export async function stopServer(server: RunningServer, { removeData = false } = {}): Promise<void> {
  if (server.process.exitCode === null && server.process.signalCode === null) server.process.kill("SIGTERM");
  await server.exited;
  if (removeData) rmSync(server.dataDir, { recursive: true, force: true });
}

/** Signs in through next-auth's real credentials flow; returns the Set-Cookie of the session. */
/** `code`: the optional one-time code, for a program signing in to an MFA account in one request. `error`: next-auth's error, e.g. `mfa-required`. */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  code?: string,
): Promise<{ status: number; sessionCookie: string | undefined; setCookie: string[]; error: string | null }> {
  const csrf = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie, "x-auth-return-redirect": "1" },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", ...(code === undefined ? {} : { code }) }),
  });
  const setCookie = response.headers.getSetCookie();
  const session = setCookie.find((c) => c.includes("next-auth.session-token="));
  const { url } = (await response.json().catch(() => ({}))) as { url?: string };
  const error = url ? new URL(url, baseUrl).searchParams.get("error") : null;
  return { status: response.status, sessionCookie: session?.split(";")[0], setCookie, error };
}
