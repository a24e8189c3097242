import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "@/lib/config";
import { loadOrCreateSecrets, SECRETS_FILE } from "@/lib/config/secrets";

const created: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "printguard-config-"));
  created.push(dir);
  return dir;
};
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function errorOf(env: Record<string, string>): string {
  try {
    buildConfig({ DATA_DIR: tempDir(), ...env });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ConfigError");
}

describe("config", () => {
  it("defaults to the embedded deployment: SQLite under DATA_DIR, port 3000, http://localhost:3000", () => {
    const dir = tempDir();
    const config = buildConfig({ DATA_DIR: dir });
    expect(config.database).toEqual({ provider: "sqlite", file: join(dir, "printguard.db") });
    expect(config.port).toBe(3000);
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.secureCookies).toBe(false);
    expect(config.firstAdmin).toBeNull();
  });

  it("PORT moves the default app URL; an https APP_URL turns on Secure cookies", () => {
    expect(buildConfig({ DATA_DIR: tempDir(), PORT: "4100" }).appUrl).toBe("http://localhost:4100");
    expect(buildConfig({ DATA_DIR: tempDir(), APP_URL: "https://guard.example/" })).toMatchObject({ appUrl: "https://guard.example", secureCookies: true });
  });

  it.each([
    [{ PORT: "abc" }, "Invalid configuration: PORT must be a number"],
    [{ PORT: "70000" }, "Invalid configuration: PORT must be at most 65535"],
    [{ DATABASE_URL: "mysql://db/x" }, "Invalid configuration: DATABASE_URL must start with file: (SQLite) or postgres:// (PostgreSQL)"],
    [{ MFA_ENCRYPTION_KEY: "c2hvcnQ=" }, "Invalid configuration: MFA_ENCRYPTION_KEY must be 32 bytes, base64-encoded"],
    [{ REAUTH_WINDOW_SECONDS: "5" }, "Invalid configuration: REAUTH_WINDOW_SECONDS must be at least 60"],
    [{ APP_URL: "ftp://files" }, "Invalid configuration: APP_URL must be an http(s) URL"],
    [{ NODE_ENV: "prod" }, "Invalid configuration: NODE_ENV must be development, production or test"],
    [{ PRINTGUARD_ADMIN_EMAIL: "root@example.com" }, "Invalid configuration: PRINTGUARD_ADMIN_PASSWORD must be set together with the other first-admin variable"],
    [{ SESSION_MAX_AGE_SECONDS: "1.5" }, "Invalid configuration: SESSION_MAX_AGE_SECONDS must be a whole number"],
  ])("a bad value gives one line naming the variable: %o", (env, message) => {
    const text = errorOf(env);
    expect(text).toBe(message);
    expect(text).not.toContain("\n");
  });

  it("never echoes the value of a bad secret", () => {
    const text = errorOf({ AUTH_SECRET: "hunter2-too-short" });
    expect(text).toBe("Invalid configuration: AUTH_SECRET must be at least 32 characters");
    expect(text).not.toContain("hunter2");
  });

  it("empty strings count as unset", () => {
    expect(buildConfig({ DATA_DIR: tempDir(), PORT: "", DATABASE_URL: "" }).port).toBe(3000);
  });

  it("production with PostgreSQL requires AUTH_SECRET and MFA_ENCRYPTION_KEY from the environment", () => {
    const base = { NODE_ENV: "production", DATABASE_URL: "postgresql://db/printguard" };
    expect(errorOf(base)).toBe("Invalid configuration: AUTH_SECRET is required when NODE_ENV=production and DATABASE_URL is PostgreSQL");
    expect(errorOf({ ...base, AUTH_SECRET: "x".repeat(40) })).toMatch(/^Invalid configuration: MFA_ENCRYPTION_KEY is required/);
    const dir = tempDir();
    const config = buildConfig({ ...base, DATA_DIR: dir, AUTH_SECRET: "x".repeat(40), MFA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") });
    expect(config.mfaKey.key).toEqual(Buffer.alloc(32, 7));
    expect(() => statSync(join(dir, SECRETS_FILE))).toThrow(); // nothing generated on disk
  });

  it("the embedded default generates its secrets once under DATA_DIR with mode 0600 and keeps them", () => {
    const dir = tempDir();
    const first = buildConfig({ DATA_DIR: dir });
    const second = buildConfig({ DATA_DIR: dir });
    expect(first.authSecret).toBe(second.authSecret);
    expect(first.mfaKey.id).toBe(second.mfaKey.id);
    expect(first.mfaKey.key).toHaveLength(32);
    expect(statSync(join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o077).toBe(0);
    expect(readFileSync(join(dir, SECRETS_FILE), "utf8")).toContain(first.authSecret);
  });

  it("two processes creating the secrets at once agree on one file", async () => {
    const dir = tempDir();
    const results = await Promise.all(Array.from({ length: 8 }, () => Promise.resolve().then(() => loadOrCreateSecrets(dir))));
    expect(new Set(results.map((r) => r.authSecret)).size).toBe(1);
  });
});
