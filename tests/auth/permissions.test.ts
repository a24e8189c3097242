import { describe, expect, it } from "vitest";
import { authorize, type Access } from "@/lib/http/handler";
import { canActOnUser, hasScope, isAdmin, type Principal } from "@/lib/auth/principal";
import { formatScopes, parseScopes } from "@/lib/auth/roles";

const admin: Principal = { kind: "user", userId: "a", email: "a@x", role: "admin", mfa: false };
const user: Principal = { kind: "user", userId: "u", email: "u@x", role: "user", mfa: false };
const statusKey: Principal = { kind: "apiKey", keyId: "k", name: "k", scopes: ["status:read"] };

function outcome(rule: Access, principal: Principal | null): number {
  try {
    authorize(rule, principal);
    return 200;
  } catch (error) {
    return (error as { status: number }).status;
  }
}

describe("authorization table", () => {
  const rules: Array<[string, Access, [number, number, number, number]]> = [
    // rule, [anonymous, user, admin, key with status:read]
    ["public", { kind: "public" }, [200, 200, 200, 200]],
    ["authenticated", { kind: "authenticated" }, [401, 200, 200, 200]],
    ["signedIn", { kind: "signedIn" }, [401, 200, 200, 403]],
    ["admin", { kind: "admin" }, [401, 403, 200, 403]],
    ["scope status:read", { kind: "scope", scope: "status:read" }, [401, 403, 200, 200]],
    ["scope audit:read", { kind: "scope", scope: "audit:read" }, [401, 403, 200, 403]],
  ];
  it.each(rules)("%s", (_name, rule, expected) => {
    expect([outcome(rule, null), outcome(rule, user), outcome(rule, admin), outcome(rule, statusKey)]).toEqual(expected);
  });

  it("a person acts on their own account only; an admin on anyone's; a key on none", () => {
    expect(canActOnUser(user, "u")).toBe(true);
    expect(canActOnUser(user, "someone-else")).toBe(false);
    expect(canActOnUser(admin, "someone-else")).toBe(true);
    expect(canActOnUser(statusKey, "u")).toBe(false);
    expect(canActOnUser(null, "u")).toBe(false);
    expect(isAdmin(statusKey)).toBe(false);
    expect(hasScope(admin, "cache:write")).toBe(true);
  });

  it("scopes round-trip through storage and unknown words are never granted", () => {
    expect(parseScopes(formatScopes(["metrics:read", "status:read", "metrics:read"]))).toEqual(["metrics:read", "status:read"]);
    expect(parseScopes("status:read admin:all  cache:write")).toEqual(["status:read", "cache:write"]);
  });
});
