import { describe, expect, it } from "vitest";
import { clientIp, invalidTrustedProxies, normalizeIp } from "@/lib/http/client-ip";
import type { TrustProxy } from "@/lib/config/schema";

const none: TrustProxy = { kind: "none" };
const hops = (n: number): TrustProxy => ({ kind: "hops", hops: n });
const addresses = (...list: string[]): TrustProxy => ({ kind: "addresses", addresses: list });

describe("clientIp", () => {
  describe("without TRUST_PROXY", () => {
    it("is the socket peer, and a spoofed X-Forwarded-For changes nothing", () => {
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "1.1.1.1", trustProxy: none })).toBe("203.0.113.7");
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "127.0.0.1, 10.0.0.1", trustProxy: none })).toBe("203.0.113.7");
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: null, trustProxy: none })).toBe("203.0.113.7");
    });

    it("is 'unknown' only when the peer itself is missing or unusable", () => {
      expect(clientIp({ socketAddress: undefined, forwardedFor: "1.1.1.1", trustProxy: hops(1) })).toBe("unknown");
      expect(clientIp({ socketAddress: "not-an-ip", forwardedFor: null, trustProxy: none })).toBe("unknown");
    });
  });

  describe("with a hop count (the socket peer is the first hop)", () => {
    it("hops 1: the last XFF entry, written by our one proxy; the client's own entries to its left are ignored", () => {
      expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.9", trustProxy: hops(1) })).toBe("198.51.100.9");
    });

    it("hops 2: the second entry from the right", () => {
      expect(clientIp({ socketAddress: "10.0.0.3", forwardedFor: "6.6.6.6, 198.51.100.9, 10.0.0.2", trustProxy: hops(2) })).toBe("198.51.100.9");
    });

    it("falls back to the socket peer when XFF is shorter than the hop count, absent, or unusable at that position", () => {
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "198.51.100.9", trustProxy: hops(2) })).toBe("203.0.113.7");
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: null, trustProxy: hops(1) })).toBe("203.0.113.7");
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "", trustProxy: hops(1) })).toBe("203.0.113.7");
      // A proxy wrote "unknown": positions are not shifted, so the client's entry never slides into place.
      expect(clientIp({ socketAddress: "10.0.0.3", forwardedFor: "6.6.6.6, unknown, 10.0.0.2", trustProxy: hops(2) })).toBe("10.0.0.3");
    });

    it("hops 0 means the socket peer", () => {
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "198.51.100.9", trustProxy: hops(0) })).toBe("203.0.113.7");
    });
  });

  describe("with trusted proxy addresses", () => {
    const trust = addresses("10.0.0.0/8", "2001:db8:ffff::/48", "192.0.2.1");

    it("walks XFF from the right past trusted proxies to the first untrusted address", () => {
      expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, 198.51.100.9, 192.0.2.1, 10.1.2.3", trustProxy: trust })).toBe("198.51.100.9");
      expect(clientIp({ socketAddress: "2001:db8:ffff::1", forwardedFor: "2001:db8:1::5", trustProxy: trust })).toBe("2001:db8:1::5");
    });

    it("ignores XFF entirely when the socket peer is not a trusted proxy (a client spoofing the header)", () => {
      expect(clientIp({ socketAddress: "203.0.113.7", forwardedFor: "10.0.0.5, 1.2.3.4", trustProxy: trust })).toBe("203.0.113.7");
    });

    it("stops at a malformed entry, answering the nearest trusted hop rather than anything the client wrote", () => {
      expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, garbage, 10.0.0.9", trustProxy: trust })).toBe("10.0.0.9");
      expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "6.6.6.6, , 10.0.0.9", trustProxy: trust })).toBe("10.0.0.9");
    });

    it("answers the furthest proxy when every hop is trusted", () => {
      expect(clientIp({ socketAddress: "10.0.0.2", forwardedFor: "10.0.0.8, 10.0.0.9", trustProxy: trust })).toBe("10.0.0.8");
    });

    it("matches IPv4-mapped peers against IPv4 rules", () => {
      expect(clientIp({ socketAddress: "::ffff:10.0.0.2", forwardedFor: "198.51.100.9", trustProxy: trust })).toBe("198.51.100.9");
    });

    it("lists the entries that are not an IP or CIDR", () => {
      expect(invalidTrustedProxies(["10.0.0.0/8", "999.1.1.1", "10.0.0.0/33", "::1", "fe80::/10"])).toEqual(["999.1.1.1", "10.0.0.0/33"]);
    });
  });
});

describe("normalizeIp", () => {
  it.each([
    ["203.0.113.7", "203.0.113.7"],
    [" 203.0.113.7 ", "203.0.113.7"],
    ["203.0.113.7:51234", "203.0.113.7"],
    ["::ffff:203.0.113.7", "203.0.113.7"],
    ["::FFFF:CB00:7107", "203.0.113.7"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["[2001:db8::1]:443", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["fe80::1%eth0", "fe80::1"],
    ["::1", "::1"],
  ])("%s → %s", (raw, expected) => {
    expect(normalizeIp(raw)).toBe(expected);
  });

  it.each(["", "unknown", "1.2.3", "256.1.1.1", "01.2.3.4", "1.2.3.4.5", "2001:db8:::1", "[::1", "1.2.3.4:port", "_hidden", "a".repeat(64)])(
    "rejects %j",
    (raw) => {
      expect(normalizeIp(raw)).toBeNull();
    },
  );
});
