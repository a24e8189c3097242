// In-process harness for route-handler tests: a real, migrated database (a temp SQLite file or a
// fresh PostgreSQL database), the app's config pointed at it, and helpers that build requests the
// way a browser or the print frontend sends them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { createApiKey } from "@/lib/auth/api-keys";
import { sessionCookieName } from "@/lib/auth/options";
import type { Scope } from "@/lib/auth/roles";
import { createUser } from "@/lib/auth/users";
import { getConfig } from "@/lib/config";
import { closeDb, getDb, openDb, type Db } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { createTempPostgresDatabase } from "./services";

export type Provider = "sqlite" | "postgresql";
export const ORIGIN = "http://localhost:3000";

export interface TestApp {
  db: Db;
  /** A session cookie header for a freshly created user (`mfa`: the session records a second factor). */
  signedIn(role: "admin" | "user", email?: string, options?: { mfa?: boolean }): Promise<{ userId: string; cookie: string }>;
  apiKey(scopes: Scope[]): Promise<string>;
  close(): Promise<void>;
}

function resetProcessSingletons(): void {
  for (const name of ["printguard.config", "printguard.db", "printguard.logger", "printguard.audit", "printguard.cache"]) {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for(name)];
  }
}

/**
 * `env` overrides the harness defaults; REQUIRE_ADMIN_MFA is off by default because suites act as
 * admins without MFA (the MFA suite turns it on).
 */
export async function startTestApp(provider: Provider, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), "printguard-test-"));
  const pgDb = provider === "postgresql" ? await createTempPostgresDatabase("pg_api") : null;
  resetProcessSingletons();
  process.env.DATA_DIR = dataDir;
  process.env.DATABASE_URL = pgDb ? pgDb.url : `file:${join(dataDir, "test.db")}`;
  process.env.LOG_LEVEL = "silent";
  process.env.REQUIRE_ADMIN_MFA = "false";
  Object.assign(process.env, env);
  const config = getConfig();
  await migrate(config.database);
  const db = await getDb();
  let counter = 0;

  return {
    db,
    async signedIn(role, email = `${role}${++counter}-${Date.now()}@example.com`, options = {}) {
      const user = await createUser(db, { email, password: "correct horse battery", role });
      const token = await encode({ token: { sub: user.id, issuedAtMs: Date.now(), mfa: options.mfa === true }, secret: config.authSecret });
      return { userId: user.id, cookie: `${sessionCookieName(config.secureCookies)}=${token}` };
    },
    async apiKey(scopes) {
      const admin = await createUser(db, { email: `keyowner${++counter}-${Date.now()}@example.com`, password: "correct horse battery", role: "admin" });
      return (await createApiKey(db, { name: "test key", scopes, createdById: admin.id })).key;
    },
    async close() {
      // Store what this app's writer still holds before its database closes: a writer left behind
      // with a pending batch would otherwise flush into the next suite's database.
      await (globalThis as Record<symbol, { flush(): Promise<void> } | undefined>)[Symbol.for("printguard.audit")]?.flush();
      await closeDb();
      resetProcessSingletons();
      await pgDb?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A request as the browser (same-origin fetch) or a program would send it. */
export function request(
  path: string,
  init: { method?: string; cookie?: string; bearer?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {},
): NextRequest {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set("cookie", init.cookie);
  if (init.bearer) headers.set("authorization", `Bearer ${init.bearer}`);
  let body = init.body;
  if (init.json !== undefined) {
    body = JSON.stringify(init.json);
    headers.set("content-type", "application/json");
  }
  if (init.cookie && init.method && init.method !== "GET" && !headers.has("sec-fetch-site")) {
    headers.set("sec-fetch-site", "same-origin");
  }
  return new NextRequest(new URL(path, ORIGIN), { method: init.method ?? "GET", headers, body });
}

/** Route context with already-resolved params, as Next passes it. */
export function params<P extends Record<string, string | string[]>>(value: P = {} as P): { params: Promise<P> } {
  return { params: Promise.resolve(value) };
}

/** A migrated, empty SQLite database opened directly, leaving the process config alone. */
export async function emptySqliteDb(): Promise<{ db: Db; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "printguard-db-"));
  const file = join(dir, "db.sqlite");
  await migrate({ provider: "sqlite", file });
  const db = await openDb({ provider: "sqlite", file });
  return {
    db,
    close: async () => {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
