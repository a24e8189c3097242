import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sha256Base64url, sha256Hex } from "@/lib/hash";

// Stored values depend on these digests (API key hashes, backup code hashes, encryption key ids,
// ETags): a change of encoding or algorithm would lock every user out of their keys and codes.
describe("sha256Hex / sha256Base64url", () => {
  it("match the FIPS 180-2 test vector for 'abc'", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha256Base64url("abc")).toBe("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0");
  });

  it("hash strings as UTF-8 and Buffers as their bytes, as createHash does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(sha256Hex(text)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
        expect(sha256Hex(Buffer.from(text))).toBe(sha256Hex(text));
        expect(sha256Base64url(text)).toBe(createHash("sha256").update(text).digest("base64url"));
      }),
    );
  });
});
