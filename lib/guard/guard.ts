import type { NextRequest } from "next/server";
import { recordAudit, type AuditActor, type AuditEventInput } from "@/lib/audit";
import { drive, isPromise, wait, type Awaitable, type Steps } from "@/lib/awaitable";
import { getConfig, type GuardConfig } from "@/lib/config";
import { HttpError, PayloadTooLargeError, RateLimitExceededError, ResourceExhaustedError, SecurityViolationError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";
import { getLogger } from "@/lib/log";
import { shedRequest } from "@/lib/monitoring/shed-guard";
import { getRateLimiter, rateLimitHeaders, type RateLimitDecision } from "@/lib/ratelimit";
import { fixedSecurityHeaders, isApiPath, newNonce, pageCsp } from "@/lib/security/headers";
import { inspectRequest, type SanitizerDecision } from "@/lib/security/sanitizer";
import { readBodyForInspection } from "./body";
import { claimedIdentity } from "./identity";
import { INTERNAL_HEADERS, rawRequestTarget } from "./peer";
import { requestMeta, type RequestMeta } from "./request-meta";
import { signInAccount } from "./sign-in-account";

/** What the proxy does with a request: refuse it with `response`, or pass it on with these headers. */
export interface GuardOutcome {
  response: Response | null;
  /** Added to the request that pages and route handlers see. */
  requestHeaders: Record<string, string>;
  /** Added to the response (allowed or refused). */
  responseHeaders: Record<string, string>;
}

interface GuardContext {
  request: NextRequest;
  meta: RequestMeta;
  identity: string | null;
}

/**
 * The request guard, in DESIGN.md's order: identity → rate limits → sanitizer, then security
 * headers on the way out. Each protection returns a decision; this turns decisions into a
 * response and audit events. It never throws: a failure inside a protection is that protection's
 * own fail-open or fail-closed decision.
 */
export function guardRequest(request: NextRequest): Awaitable<GuardOutcome> {
  try {
    const outcome = drive(guard(request));
    return isPromise(outcome) ? outcome.catch((error: unknown) => passedUnguarded(request, error)) : outcome;
  } catch (error) {
    return passedUnguarded(request, error);
  }
}

/** A bug in the guard must not take the print API down: pass the request on, loudly. */
function passedUnguarded(request: NextRequest, error: unknown): GuardOutcome {
  getLogger().error({ err: error, path: request.nextUrl.pathname }, "request guard failed; request passed unguarded");
  const requestId = requestIdFrom(request.headers);
  return { response: null, requestHeaders: { [REQUEST_ID_HEADER]: requestId }, responseHeaders: { [REQUEST_ID_HEADER]: requestId } };
}

/**
 * The guard's steps. A generator driven by lib/awaitable.ts: a request whose every step answers at
 * once (no body, no session to decrypt, the in-process limiter) passes without a promise made.
 */
function* guard(request: NextRequest): Steps<GuardOutcome> {
  const { guard, authSecret, secureCookies } = getConfig();
  const meta = requestMeta(request.headers, request.nextUrl);
  const path = request.nextUrl.pathname;
  const target = rawRequestTarget(request.headers);
  const nonce = isApiPath(path) ? null : newNonce();
  const csp = nonce ? pageCsp(nonce, meta.https) : null;
  const responseHeaders: Record<string, string> = {};
  // The fixed security headers and the response's request id: our server (server.ts) has written
  // them onto the response already, chosen by the raw target; the guard adds them only where that
  // choice differs from its own (no server of ours in front, or a target such as `/x/../api/y`
  // whose path resolves elsewhere). Pages add their CSP, which carries this request's nonce.
  const fixed = fixedSecurityHeaders(path, meta.https);
  if (target === null || fixedSecurityHeaders(target, meta.https) !== fixed) Object.assign(responseHeaders, fixed);
  if (target === null) responseHeaders[REQUEST_ID_HEADER] = meta.requestId;
  if (csp) responseHeaders["content-security-policy"] = csp;
  // What pages and route handlers must see: the request id when the guard chose it (a caller's own,
  // or our server's, is there already); for pages also the path (sign-in redirects) and the CSP
  // nonce, which Next reads from the request's CSP header and puts on its own scripts. An API
  // request with nothing to add is passed on untouched, which spares Next its request-header override.
  const requestHeaders: Record<string, string> = request.headers.get(REQUEST_ID_HEADER) === meta.requestId ? {} : { [REQUEST_ID_HEADER]: meta.requestId };
  if (nonce && csp) {
    requestHeaders["x-pathname"] = path + request.nextUrl.search;
    requestHeaders["content-security-policy"] = csp;
    requestHeaders["x-nonce"] = nonce;
  }
  const refuse = (error: HttpError, extra: Record<string, string> = {}): GuardOutcome => ({
    response: problemResponse(error, meta.requestId),
    requestHeaders,
    responseHeaders: { ...responseHeaders, ...extra },
  });

  // Who the request claims to be: load shedding spares admins, rate limits charge the identity.
  const identity = yield* wait(claimedIdentity(request.headers, (name) => request.cookies.get(name)?.value, { authSecret, secureCookies }));

  // ---- load shedding (lib/monitoring/shed-guard.ts): 503 + Retry-After past the limits, admins never ----
  const shed = yield* wait(shedRequest(request, meta.requestId, identity));
  if (shed) return refuse(shed);
  // ---- end load shedding ----

  const body = yield* wait(readBodyForInspection(request, guard.sanitizer.maxBodyBytes));
  const ctx: GuardContext = { request, meta, identity };
  if (body.kind === "too-large") {
    audit(ctx, { type: "request.too_large", level: "low", outcome: "blocked", details: { limitBytes: body.limit, declared: request.headers.get("content-length") } });
    return refuse(new PayloadTooLargeError(body.limit));
  }
  const bodyText = body.kind === "text" ? body.text : null;

  if (guard.rateLimit.mode !== "off") {
    const decision = yield* wait(getRateLimiter().check({
      method: request.method,
      path,
      ip: meta.ip,
      user: identity,
      account: signInAccount(request.method, path, bodyText),
    }));
    const limitHeaders = rateLimitHeaders(decision);
    Object.assign(responseHeaders, limitHeaders);
    auditRateLimit(ctx, decision);
    if (!decision.allowed) {
      const retryAfter = Math.max(1, Math.ceil((decision.retryAfterMs ?? 1000) / 1000));
      const error =
        decision.reason === "timeout" || decision.reason === "error"
          ? new ResourceExhaustedError(retryAfter, "The rate limiter is unavailable and this server fails closed; try again shortly.")
          : new RateLimitExceededError(retryAfter, decision.reason === "penalty" ? "Repeated violations: this client is blocked for a while." : "Too many requests; slow down.");
      return refuse(error, limitHeaders);
    }
  }

  if (sanitizerOn(guard.sanitizer)) {
    const queryAt = target?.indexOf("?") ?? -1;
    const decision = inspectRequest(
      {
        method: request.method,
        path: target ? (queryAt >= 0 ? target.slice(0, queryAt) : target) : path,
        search: target ? (queryAt >= 0 ? target.slice(queryAt + 1) : "") : request.nextUrl.search,
        headers: userHeaders(request.headers),
        body: body.kind === "text" ? { contentType: body.contentType, text: body.text } : undefined,
      },
      guard.sanitizer,
    );
    auditSanitizer(ctx, decision);
    if (decision.outcome === "deny") {
      const first = decision.findings[0]!;
      return refuse(new SecurityViolationError(`The request contains input that looks like an attack (${first.family.replace("_", " ")} in ${first.location}).`));
    }
  }

  return { response: null, requestHeaders, responseHeaders };
}

/** Whether any family is inspected: the global mode, or a family turned on alone. */
function sanitizerOn(sanitizer: GuardConfig["sanitizer"]): boolean {
  if (sanitizer.mode !== "off") return true;
  for (const family in sanitizer.familyModes) if (sanitizer.familyModes[family as keyof typeof sanitizer.familyModes] !== "off") return true;
  return false;
}

function* userHeaders(headers: Headers): Iterable<[string, string]> {
  for (const entry of headers) if (!INTERNAL_HEADERS.has(entry[0])) yield entry;
}

function actorOf(identity: string | null): AuditActor {
  return identity?.startsWith("user:") ? { type: "user", id: identity.slice(5) } : { type: "anonymous" };
}

function audit(ctx: GuardContext, event: Pick<AuditEventInput, "type" | "level" | "outcome" | "details">): void {
  recordAudit({
    ...event,
    actor: actorOf(ctx.identity),
    ip: ctx.meta.ip,
    userAgent: ctx.meta.userAgent,
    method: ctx.request.method,
    route: ctx.request.nextUrl.pathname,
    requestId: ctx.meta.requestId,
    details: { ...event.details, ...(ctx.identity?.startsWith("key:") ? { credential: ctx.identity } : {}) },
  });
}

function auditRateLimit(ctx: GuardContext, decision: RateLimitDecision): void {
  if (decision.reason === "timeout" || decision.reason === "error") {
    audit(ctx, { type: "ratelimit.store_failed", level: decision.allowed ? "medium" : "high", outcome: decision.allowed ? "allowed" : "blocked", details: { reason: decision.reason, error: decision.error ?? null } });
    return;
  }
  if (!decision.wouldBlock) return;
  const penalty = decision.policies.find((p) => p.penalty)?.penalty;
  audit(ctx, {
    type: decision.reason === "penalty" ? "ratelimit.penalty" : "ratelimit.exceeded",
    level: decision.reason === "penalty" ? "high" : "medium",
    outcome: decision.allowed ? "flagged" : "blocked",
    details: { policy: decision.policy, identity: decision.identity, violatedPolicies: decision.violatedPolicies, mode: decision.mode, ...(penalty ? { penalty } : {}) },
  });
}

function auditSanitizer(ctx: GuardContext, decision: SanitizerDecision): void {
  if (decision.error) {
    audit(ctx, { type: "input.flagged", level: "medium", outcome: "allowed", details: { error: decision.error } });
  }
  if (decision.outcome === "allow") return;
  audit(ctx, {
    type: decision.outcome === "deny" ? "input.rejected" : "input.flagged",
    level: decision.level ?? "medium",
    outcome: decision.outcome === "deny" ? "blocked" : "flagged",
    details: {
      findings: decision.findings.slice(0, 8).map((f) => ({ family: f.family, level: f.level, rule: f.rule, location: f.location, evidence: f.evidence, mode: f.mode })),
    },
  });
}
