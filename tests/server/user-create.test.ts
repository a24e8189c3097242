import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { authenticateCredentials } from "@/lib/auth/credentials";
import { openDb } from "@/lib/db/client";

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), "printguard-cli-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

async function userCreate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "scripts/user-create.ts", ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", LOG_LEVEL: "silent" } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npm run user:create", () => {
  it("creates an admin with a generated password printed once, who can then sign in", async () => {
    const result = await userCreate("--email", "Ops@Example.com", "--role", "admin");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^created admin ops@example\.com \(id \S+\)$/m);
    const password = /password \(shown once\): (\S+)/.exec(result.stdout)?.[1];
    expect(password).toBeTruthy();
    const db = await openDb({ provider: "sqlite", file: join(dataDir, "printguard.db") });
    try {
      expect(await authenticateCredentials(db, { email: "ops@example.com", password })).toMatchObject({ role: "admin" });
    } finally {
      await db.$disconnect();
    }
  });

  it("refuses a bad role, a duplicate email and a missing --email with one clear line and exit code 1", async () => {
    const badRole = await userCreate("--email", "x@example.com", "--role", "root");
    expect(badRole.code).toBe(1);
    expect(badRole.stderr.trim()).toMatch(/^--role: /);
    const duplicate = await userCreate("--email", "ops@example.com", "--password", "another long password");
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr.trim()).toBe("A user with this email already exists.");
    const missing = await userCreate("--role", "user");
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("--email is required");
  });
});
