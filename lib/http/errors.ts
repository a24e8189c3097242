/**
 * The closed set of problems PrintGuard answers with (RFC 9457). Every error a route or the
 * proxy can produce is one of these; `type` is `/problems/<code>`, documented at that path.
 */
export const problemCatalog = {
  "bad-request": { status: 400, title: "Bad request" },
  unauthenticated: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Forbidden" },
  "malicious-input": { status: 403, title: "Malicious input rejected" },
  "mfa-required": { status: 403, title: "Two-factor authentication required" },
  "mfa-code-rejected": { status: 403, title: "One-time code rejected" },
  "reauthentication-required": { status: 403, title: "Recent sign-in required" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  conflict: { status: 409, title: "Conflict" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "validation-failed": { status: 422, title: "Validation failed" },
  "rate-limited": { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal server error" },
  "performance-degraded": { status: 500, title: "Performance error" },
  "resource-exhausted": { status: 503, title: "Service temporarily overloaded" },
  overloaded: { status: 503, title: "Server overloaded" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemCode = keyof typeof problemCatalog;

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `body.email`. */
  field: string;
  message: string;
}

/** An error that maps to one problem of the catalog. `detail` is shown to the caller: keep it free of secrets. */
export class HttpError extends Error {
  override name = "HttpError";
  readonly status: number;
  constructor(
    readonly code: ProblemCode,
    readonly detail: string,
    readonly extras: { retryAfterSeconds?: number; errors?: FieldIssue[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.status = problemCatalog[code].status;
  }
}

export class BadRequestError extends HttpError {
  constructor(detail: string) {
    super("bad-request", detail);
  }
}
export class UnauthenticatedError extends HttpError {
  constructor(detail = "Sign in or send a valid API key.") {
    super("unauthenticated", detail);
  }
}
export class ForbiddenError extends HttpError {
  constructor(detail = "You may not do this.") {
    super("forbidden", detail);
  }
}
/** An admin session without a second factor, while REQUIRE_ADMIN_MFA is on. */
export class MfaRequiredError extends HttpError {
  constructor(detail = "Your role requires two-factor authentication: set it up at /account before doing anything else.") {
    super("mfa-required", detail);
  }
}
/** A sensitive change by a session whose sign-in is older than REAUTH_WINDOW_SECONDS (lib/auth/reauth.ts). */
export class ReauthenticationRequiredError extends HttpError {
  constructor(detail = "For your security, sign in again to do this: your last sign-in was too long ago.") {
    super("reauthentication-required", detail);
  }
}
/** A well-formed one-time code that is wrong, already used, or not accepted for this account. */
export class MfaCodeRejectedError extends HttpError {
  constructor(detail: string) {
    super("mfa-code-rejected", detail);
  }
}
export class NotFoundError extends HttpError {
  constructor(detail = "Nothing is here.") {
    super("not-found", detail);
  }
}
export class ConflictError extends HttpError {
  constructor(detail: string) {
    super("conflict", detail);
  }
}
export class PayloadTooLargeError extends HttpError {
  constructor(limitBytes: number) {
    super("payload-too-large", `The request body is larger than ${limitBytes} bytes.`);
  }
}
export class ValidationError extends HttpError {
  constructor(errors: FieldIssue[]) {
    super("validation-failed", errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
  }
}
export class SecurityViolationError extends HttpError {
  constructor(detail = "The request contains input that looks like an attack.") {
    super("malicious-input", detail);
  }
}
export class RateLimitExceededError extends HttpError {
  constructor(retryAfterSeconds: number, detail = "Too many requests; slow down.") {
    super("rate-limited", detail, { retryAfterSeconds });
  }
}
export class ResourceExhaustedError extends HttpError {
  constructor(retryAfterSeconds: number, detail = "The server is busy; try again shortly.") {
    super("resource-exhausted", detail, { retryAfterSeconds });
  }
}
export class PerformanceError extends HttpError {
  constructor(detail = "The operation could not finish in time.") {
    super("performance-degraded", detail);
  }
}
/** Load shedding: the server is past its in-flight or memory limit (lib/monitoring/shed.ts). */
export class OverloadedError extends HttpError {
  constructor(retryAfterSeconds: number, detail = "The server is overloaded and is shedding load; try again shortly.") {
    super("overloaded", detail, { retryAfterSeconds });
  }
}
