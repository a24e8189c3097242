import { encode } from "next-auth/jwt";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionCookieName } from "@/lib/auth/options";
import { claimedIdentity } from "@/lib/guard/identity";

const SECRET = "a-test-secret-of-at-least-thirty-two-characters";
const config = { authSecret: SECRET, secureCookies: false };
const cookies = (token: string) => (name: string) => (name === sessionCookieName(false) ? token : undefined);

describe("claimedIdentity: the session user a request claims, for rate limiting", () => {
  afterEach(() => vi.useRealTimers());

  it("names the token's user, and again for the same token", async () => {
    const token = await encode({ token: { sub: "user-1" }, secret: SECRET, maxAge: 3600 });
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBe("user:user-1");
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBe("user:user-1");
  });

  it("does not accept a token it decrypted before under another secret", async () => {
    const token = await encode({ token: { sub: "user-2" }, secret: SECRET, maxAge: 3600 });
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBe("user:user-2");
    expect(await claimedIdentity(new Headers(), cookies(token), { ...config, authSecret: "another-secret-of-at-least-thirty-two-chars" })).toBeNull();
  });

  it("stops naming the user once the token has expired, even after an earlier success", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const token = await encode({ token: { sub: "user-3" }, secret: SECRET, maxAge: 60 });
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBe("user:user-3");
    vi.setSystemTime(new Date("2026-01-01T00:00:50Z"));
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBe("user:user-3");
    vi.setSystemTime(new Date("2026-01-01T00:02:00Z")); // past expiry and the 15 s tolerance
    expect(await claimedIdentity(new Headers(), cookies(token), config)).toBeNull();
  });

  it("names nobody for a token that does not decrypt, and a Bearer key by its hash", async () => {
    expect(await claimedIdentity(new Headers(), cookies("not-a-token"), config)).toBeNull();
    const key = await claimedIdentity(new Headers({ authorization: "Bearer pgk_abc_def" }), cookies("x"), config);
    expect(key).toMatch(/^key:[0-9a-f]{24}$/);
  });
});
