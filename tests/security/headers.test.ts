import { describe, expect, it } from "vitest";
import { arrivedOverHttps } from "@/lib/http/scheme";
import { API_CSP, apiSecurityHeaders, fixedSecurityHeaders, newNonce, pageCsp, securityHeaders } from "@/lib/security/headers";

describe("security headers", () => {
  it("page CSP allows scripts only with this request's nonce, forbids framing, plugins and base changes", () => {
    const nonce = newNonce();
    const csp = pageCsp(nonce, false);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain("unsafe-eval");
    for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'", "form-action 'self'"]) expect(csp).toContain(directive);
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(pageCsp(nonce, true)).toContain("upgrade-insecure-requests");
  });

  it("nonces are fresh 128-bit values", () => {
    const a = newNonce();
    expect(Buffer.from(a, "base64")).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });

  it("sends HSTS only over https, and the rest always", () => {
    const plain = securityHeaders({ csp: API_CSP, https: false });
    expect(plain["strict-transport-security"]).toBeUndefined();
    expect(plain).toMatchObject({
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "strict-origin-when-cross-origin",
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-resource-policy": "same-origin",
    });
    expect(plain["permissions-policy"]).toContain("camera=()");
    expect(securityHeaders({ csp: API_CSP, https: true })["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
  });

  it("API answers get the same headers as securityHeaders with the API CSP, per scheme", () => {
    expect(apiSecurityHeaders(false)).toEqual(securityHeaders({ csp: API_CSP, https: false }));
    expect(apiSecurityHeaders(true)).toEqual(securityHeaders({ csp: API_CSP, https: true }));
  });

  it("fixed headers: an API path gets all of the API set; a page everything but its CSP (the nonce is per request)", () => {
    for (const https of [false, true]) {
      expect(fixedSecurityHeaders("/api/health?x=1", https)).toEqual(apiSecurityHeaders(https));
      const page = fixedSecurityHeaders("/dashboard", https);
      const { "content-security-policy": csp, ...rest } = securityHeaders({ csp: pageCsp(newNonce(), https), https });
      expect(csp).toBeTruthy();
      expect(page).toEqual(rest);
      expect(page["content-security-policy"]).toBeUndefined();
    }
    expect(fixedSecurityHeaders("/apiary", false)["content-security-policy"]).toBeUndefined();
    // One frozen object per kind and scheme: the guard compares them by identity.
    expect(fixedSecurityHeaders("/api/a", true)).toBe(fixedSecurityHeaders("/api/b", true));
    expect(Object.isFrozen(fixedSecurityHeaders("/login", false))).toBe(true);
  });

  it("https: the URL's scheme, or X-Forwarded-Proto only when TRUST_PROXY names proxies", () => {
    expect(arrivedOverHttps("https:", null, { kind: "none" })).toBe(true);
    expect(arrivedOverHttps("http:", "https", { kind: "none" })).toBe(false);
    expect(arrivedOverHttps("http:", "https", { kind: "hops", hops: 1 })).toBe(true);
    expect(arrivedOverHttps("http:", "http", { kind: "hops", hops: 1 })).toBe(false);
  });
});
