/**
 * Security headers for every response. Pure: the proxy supplies the per-request nonce and whether
 * the request arrived over https; this decides the values.
 */

/** 128 random bits, base64: a fresh CSP nonce per request. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * CSP for pages: scripts run only with this request's nonce ('strict-dynamic' lets Next's
 * nonce-carrying loader add its chunks); nothing may frame us; no plugins; forms post home.
 */
export function pageCsp(nonce: string, https: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** JSON answers are never rendered as documents: they may load and run nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
  "interest-cohort=()",
].join(", ");

/** The headers of every API answer, built once per scheme (they carry no per-request value). */
const API_HEADERS_HTTP = Object.freeze(securityHeaders({ csp: API_CSP, https: false }));
const API_HEADERS_HTTPS = Object.freeze(securityHeaders({ csp: API_CSP, https: true }));

export function apiSecurityHeaders(https: boolean): Readonly<Record<string, string>> {
  return https ? API_HEADERS_HTTPS : API_HEADERS_HTTP;
}

/** A page's headers without its CSP, which carries the request's nonce and so cannot be fixed. */
const PAGE_FIXED_HTTP = Object.freeze(withoutCsp(securityHeaders({ csp: "", https: false })));
const PAGE_FIXED_HTTPS = Object.freeze(withoutCsp(securityHeaders({ csp: "", https: true })));

/**
 * The security headers of a response that carry no per-request value: all of an API answer's, a
 * page's but its CSP. The production server writes these straight onto the response before Next
 * runs, so the proxy adds only what differs per request (the page CSP's nonce, rate-limit state).
 * Every header a proxy returns is copied by Next into the route's request headers and its response,
 * validated at each step; a Node `setHeader` is one step.
 */
export function fixedSecurityHeaders(path: string, https: boolean): Readonly<Record<string, string>> {
  if (isApiPath(path)) return apiSecurityHeaders(https);
  return https ? PAGE_FIXED_HTTPS : PAGE_FIXED_HTTP;
}

/** API paths get JSON's headers (API_CSP); everything else is a page or an asset of one. */
export function isApiPath(path: string): boolean {
  return path.startsWith("/api/");
}

function withoutCsp(headers: Record<string, string>): Record<string, string> {
  const rest = { ...headers };
  delete rest["content-security-policy"];
  return rest;
}

export function securityHeaders({ csp, https }: { csp: string; https: boolean }): Record<string, string> {
  return {
    "content-security-policy": csp,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    // Browsers ignore HSTS over plain http, and sending it there would only mislead.
    ...(https ? { "strict-transport-security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
