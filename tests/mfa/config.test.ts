import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildConfig, ConfigError } from "@/lib/config";
import { mustCompleteMfa } from "@/lib/mfa/gate";
import { mfaPermission } from "@/lib/mfa/permissions";

const dir = mkdtempSync(join(tmpdir(), "printguard-mfa-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("REQUIRE_ADMIN_MFA", () => {
  it("defaults to true (also when empty) and reads true/false/1/0", () => {
    expect(buildConfig({ DATA_DIR: dir }).requireAdminMfa).toBe(true);
    expect(buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "" }).requireAdminMfa).toBe(true);
    expect(buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "false" }).requireAdminMfa).toBe(false);
    expect(buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "0" }).requireAdminMfa).toBe(false);
    expect(buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "1" }).requireAdminMfa).toBe(true);
  });

  it("refuses anything else with one line naming the variable", () => {
    expect(() => buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "yes" })).toThrow(ConfigError);
    expect(() => buildConfig({ DATA_DIR: dir, REQUIRE_ADMIN_MFA: "yes" })).toThrow(/REQUIRE_ADMIN_MFA/);
  });
});

describe("who the MFA rules apply to", () => {
  const admin = (mfa: boolean) => ({ kind: "user" as const, userId: "a", email: "a@x", role: "admin" as const, mfa });
  const user = { kind: "user" as const, userId: "u", email: "u@x", role: "user" as const, mfa: false };
  const key = { kind: "apiKey" as const, keyId: "k", name: "k", scopes: [] };

  it("only an admin session without MFA, and only while the setting is on, must complete MFA", () => {
    expect(mustCompleteMfa(admin(false), true)).toBe(true);
    expect(mustCompleteMfa(admin(true), true)).toBe(false);
    expect(mustCompleteMfa(admin(false), false)).toBe(false);
    expect(mustCompleteMfa(user, true)).toBe(false);
    expect(mustCompleteMfa(key, true)).toBe(false);
    expect(mustCompleteMfa(null, true)).toBe(false);
  });

  it("the MFA API: yourself, an admin's reset of others, nobody else", () => {
    expect(mfaPermission(user, "u")).toBe("self");
    expect(mfaPermission(user, "a")).toBe("denied");
    expect(mfaPermission(admin(true), "u")).toBe("admin-reset");
    expect(mfaPermission(admin(true), "a")).toBe("self");
    expect(mfaPermission(key, "u")).toBe("denied");
    expect(mfaPermission(null, "u")).toBe("denied");
  });
});
