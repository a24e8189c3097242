import { generateSync } from "otplib";
import { describe, expect, it } from "vitest";
import { groupedSecret } from "@/lib/mfa/format";
import { matchTotp, newTotpSecret, otpauthUrl, timeStep, totpAt } from "@/lib/mfa/totp";

// RFC 6238 Appendix B: 8-digit codes, T0 = 0, X = 30 s, ASCII seeds of 20/32/64 bytes.
const SEEDS = {
  sha1: "12345678901234567890",
  sha256: "12345678901234567890123456789012",
  sha512: "1234567890123456789012345678901234567890123456789012345678901234",
} as const;
const VECTORS: Array<[number, string, keyof typeof SEEDS]> = [
  [59, "94287082", "sha1"], [59, "46119246", "sha256"], [59, "90693936", "sha512"],
  [1111111109, "07081804", "sha1"], [1111111109, "68084774", "sha256"], [1111111109, "25091201", "sha512"],
  [1111111111, "14050471", "sha1"], [1111111111, "67062674", "sha256"], [1111111111, "99943326", "sha512"],
  [1234567890, "89005924", "sha1"], [1234567890, "91819424", "sha256"], [1234567890, "93441116", "sha512"],
  [2000000000, "69279037", "sha1"], [2000000000, "90698825", "sha256"], [2000000000, "38618901", "sha512"],
  [20000000000, "65353130", "sha1"], [20000000000, "77737706", "sha256"], [20000000000, "47863826", "sha512"],
];
// The SHA-1 seed in Base32, as an authenticator app would hold it.
const SHA1_SEED_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP (RFC 6238 Appendix B)", () => {
  for (const [time, code, algorithm] of VECTORS) {
    it(`${algorithm} at T=${time} gives ${code}`, () => {
      const secret = new TextEncoder().encode(SEEDS[algorithm]);
      expect(generateSync({ secret, epoch: time, digits: 8, algorithm, period: 30 })).toBe(code);
    });
  }

  it("our 6-digit SHA-1 codes are the vectors' last six digits, and matchTotp accepts them at their step", () => {
    for (const [time, code] of VECTORS.filter((v) => v[2] === "sha1")) {
      expect(totpAt(SHA1_SEED_BASE32, time * 1000)).toBe(code.slice(-6));
      expect(matchTotp(SHA1_SEED_BASE32, code.slice(-6), time * 1000)).toEqual({ valid: true, step: Math.floor(time / 30) });
    }
  });
});

describe("verification window", () => {
  const secret = SHA1_SEED_BASE32;
  const t = 1_700_000_010_000; // 10 s into a step
  const step = timeStep(t);
  const code = totpAt(secret, t);

  it("accepts the code one step early, on time and one step late, naming the step it belongs to", () => {
    for (const offset of [-1, 0, 1]) expect(matchTotp(secret, code, t + offset * 30_000)).toEqual({ valid: true, step });
  });

  it("refuses it two steps away either side", () => {
    expect(matchTotp(secret, code, t - 60_000)).toEqual({ valid: false });
    expect(matchTotp(secret, code, t + 60_000)).toEqual({ valid: false });
  });

  it("refuses malformed codes without throwing", () => {
    for (const bad of ["", "12345", "1234567", "12a456", " 123456"]) expect(matchTotp(secret, bad, t)).toEqual({ valid: false });
  });
});

describe("secrets and the otpauth URI", () => {
  it("a new secret is 160 bits of Base32 and differs each time", () => {
    const a = newTotpSecret();
    expect(a).toMatch(/^[A-Z2-7]{32}$/); // 32 Base32 characters = 20 bytes
    expect(newTotpSecret()).not.toBe(a);
  });

  it("the URI names PrintGuard and the email, and carries the secret", () => {
    const url = new URL(otpauthUrl("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "ann@example.com"));
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/PrintGuard:ann@example.com");
    expect(url.searchParams.get("secret")).toBe("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    expect(url.searchParams.get("issuer")).toBe("PrintGuard");
    // SHA1 / 6 digits / 30 s are the defaults every app assumes; if present they must say so.
    expect(url.searchParams.get("algorithm") ?? "SHA1").toBe("SHA1");
    expect(url.searchParams.get("digits") ?? "6").toBe("6");
    expect(url.searchParams.get("period") ?? "30").toBe("30");
  });

  it("groups the secret in fours for typing", () => {
    expect(groupedSecret("ABCDEFGHIJ")).toBe("ABCD EFGH IJ");
  });
});
