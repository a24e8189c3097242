import type { NextRequest } from "next/server";
import type { z } from "zod";
import { resolvePrincipal } from "@/lib/auth/authenticate";
import { hasScope, isAdmin, type Principal } from "@/lib/auth/principal";
import type { Scope } from "@/lib/auth/roles";
import { recordAudit, type AuditEventInput } from "@/lib/audit";
import { getDb } from "@/lib/db/client";
import { requestMeta } from "@/lib/guard/request-meta";
import { getLogger } from "@/lib/log";
import { getConfig } from "@/lib/config";
import { mustCompleteMfa } from "@/lib/mfa/gate";
import { compressApiResponse } from "./compression-response";
import { ForbiddenError, HttpError, MfaRequiredError, UnauthenticatedError } from "./errors";
import { httpCachePolicyFor } from "./http-cache";
import { cachedResponse } from "./http-cache-response";
import { parseWith, readJsonBody } from "./parse";
import { problemResponse } from "./problem";
import { REQUEST_ID_HEADER, requestIdFrom } from "./request-id";

/** Who may call a route. */
export type Access =
  | { kind: "public" }
  /** Any signed-in person or any live API key. */
  | { kind: "authenticated" }
  | { kind: "signedIn" }
  | { kind: "admin" }
  /** An admin session, or an API key holding the scope. */
  | { kind: "scope"; scope: Scope };

export const access = {
  public: { kind: "public" },
  authenticated: { kind: "authenticated" },
  signedIn: { kind: "signedIn" },
  admin: { kind: "admin" },
  scope: (scope: Scope): Access => ({ kind: "scope", scope }),
} satisfies Record<string, Access | ((s: Scope) => Access)>;

/** An audit event as a route states it; who, from where and which request are filled in. */
export type RouteAuditEvent = Pick<AuditEventInput, "type" | "level" | "outcome" | "details">;

export interface RouteContext<B, Q, P> {
  request: NextRequest;
  requestId: string;
  principal: Principal | null;
  /** Records an audit event for this request (non-blocking). */
  audit(event: RouteAuditEvent): void;
  body: B;
  query: Q;
  params: P;
}

interface RouteSpec<B, Q, P> {
  access: Access;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** The MFA routes themselves: reachable by an admin session that has not completed MFA yet. */
  allowWithoutMfa?: boolean;
}

const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Throws unless `principal` satisfies `rule`: 401 when nobody is signed in, 403 when the wrong person is. */
export function authorize(rule: Access, principal: Principal | null): void {
  if (rule.kind === "public") return;
  if (!principal) throw new UnauthenticatedError();
  if (rule.kind === "authenticated") return;
  if (rule.kind === "signedIn") {
    if (principal.kind !== "user") throw new ForbiddenError("This route needs a signed-in person, not an API key.");
    return;
  }
  if (rule.kind === "admin" && !isAdmin(principal)) throw new ForbiddenError("Admins only.");
  if (rule.kind === "scope" && !hasScope(principal, rule.scope)) {
    throw new ForbiddenError(`This route needs the ${rule.scope} scope.`);
  }
}

/**
 * A browser sends cookies with cross-site requests it is tricked into making; it also says where
 * they come from. Cookie-authenticated writes must come from our own origin.
 */
function assertSameOrigin(request: NextRequest, principal: Principal | null): void {
  if (principal?.kind !== "user" || !UNSAFE_METHODS.has(request.method)) return;
  const site = request.headers.get("sec-fetch-site");
  const origin = request.headers.get("origin");
  const sameOrigin = site ? site === "same-origin" : origin === null || origin === request.nextUrl.origin;
  if (!sameOrigin) throw new ForbiddenError("Cross-site requests may not change anything.");
}

/**
 * Every API route handler: parse → authenticate → authorize → run → shape. Errors of any kind
 * leave as problem+json with the request id; unexpected ones are logged, never shown.
 */
export function apiRoute<B = undefined, Q = undefined, P = undefined>(
  spec: RouteSpec<B, Q, P>,
  run: (ctx: RouteContext<B, Q, P>) => Promise<Response | object>,
) {
  return async (request: NextRequest, context: { params: Promise<unknown> }): Promise<Response> => {
    const requestId = requestIdFrom(request.headers);
    try {
      // Public routes (health) must answer without the database, so nobody is looked up for them.
      const principal =
        spec.access.kind === "public"
          ? null
          : await resolvePrincipal(await getDb(), request.headers, (name) => request.cookies.get(name)?.value);
      authorize(spec.access, principal);
      if (!spec.allowWithoutMfa && mustCompleteMfa(principal, getConfig().requireAdminMfa)) throw new MfaRequiredError();
      assertSameOrigin(request, principal);
      const params = spec.params ? parseWith(spec.params, "params", await context.params) : (undefined as P);
      const query = spec.query
        ? parseWith(spec.query, "query", Object.fromEntries(request.nextUrl.searchParams))
        : (undefined as Q);
      const body = spec.body ? parseWith(spec.body, "body", await readJsonBody(request)) : (undefined as B);
      const audit = (event: RouteAuditEvent) => recordAudit(auditContext(request, principal, event));
      const produce = async () => {
        const result = await run({ request, requestId, principal, audit, body, query, params });
        return result instanceof Response ? result : json(result);
      };
      // HTTP caching (lib/http/http-cache.ts's table) runs after authorization, never before.
      const policy = httpCachePolicyFor(request.method, request.nextUrl.pathname);
      const response = policy ? await cachedResponse(policy, request, principal, produce) : await produce();
      response.headers.set(REQUEST_ID_HEADER, requestId);
      return await compressApiResponse(request, response);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        getLogger().error({ err: error, requestId, method: request.method, path: request.nextUrl.pathname }, "route failed");
      }
      return compressApiResponse(request, problemResponse(error, requestId));
    }
  };
}

function auditContext(request: NextRequest, principal: Principal | null, event: RouteAuditEvent): AuditEventInput {
  const meta = requestMeta(request.headers, request.nextUrl);
  return {
    ...event,
    actor: principal === null ? { type: "anonymous" } : principal.kind === "user" ? { type: "user", id: principal.userId } : { type: "apiKey", id: principal.keyId },
    ip: meta.ip,
    userAgent: meta.userAgent,
    method: request.method,
    route: request.nextUrl.pathname,
    requestId: meta.requestId,
  };
}

/**
 * A JSON response that no shared cache keeps (API answers are per caller). Its Content-Length lets
 * compression pass a body under the threshold on without reading it.
 */
export function json(data: unknown, init: ResponseInit = {}): Response {
  const text = JSON.stringify(data) ?? ""; // `undefined` stringifies to nothing: an empty body, as before
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/json; charset=utf-8");
  headers.set("content-length", String(Buffer.byteLength(text)));
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  return new Response(text, { ...init, headers });
}
