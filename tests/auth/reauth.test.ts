import { describe, expect, it } from "vitest";
import type { Principal } from "@/lib/auth/principal";
import { isRecentlyAuthenticated, requireRecentAuthentication } from "@/lib/auth/reauth";
import { ReauthenticationRequiredError } from "@/lib/http/errors";

const NOW = 1_800_000_000_000;
const person = (authenticatedAtMs?: number): Principal => ({ kind: "user", userId: "u1", email: "u@example.com", role: "user", mfa: false, authenticatedAtMs });

describe("recent authentication (REAUTH_WINDOW_SECONDS)", () => {
  it.each<[string, Principal | null, boolean]>([
    ["signed in just now", person(NOW), true],
    ["signed in 9 min 59 s ago", person(NOW - 599_000), true],
    ["signed in exactly 10 min ago", person(NOW - 600_000), true],
    ["signed in 10 min 1 s ago", person(NOW - 601_000), false],
    ["a session with no sign-in time (issued before it was recorded)", person(undefined), false],
    ["a sign-in 30 s in the future (another instance's clock)", person(NOW + 30_000), true],
    ["a sign-in 2 min in the future", person(NOW + 120_000), false],
    ["an API key", { kind: "apiKey", keyId: "k", name: "k", scopes: ["status:read"] }, false],
    ["nobody", null, false],
  ])("%s → %s", (_, principal, recent) => {
    expect(isRecentlyAuthenticated(principal, 600, NOW)).toBe(recent);
    if (recent) expect(() => requireRecentAuthentication(principal, 600, NOW)).not.toThrow();
    else expect(() => requireRecentAuthentication(principal, 600, NOW)).toThrow(ReauthenticationRequiredError);
  });
});
