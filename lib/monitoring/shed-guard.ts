import { LRUCache } from "lru-cache";
import type { NextRequest } from "next/server";
import type { Awaitable } from "@/lib/awaitable";
import { recordAudit } from "@/lib/audit";
import { getConfig } from "@/lib/config";
import { getDb } from "@/lib/db/client";
import { OverloadedError } from "@/lib/http/errors";
import { getLogger } from "@/lib/log";
import { inFlight } from "./in-flight";
import { getSampler } from "./sampler/sampler";
import { isShedExempt, shedDecision, type ShedDecision } from "./shed";

/**
 * The proxy's load-shedding step: null to go on, or the 503 to answer. The common case (under the
 * limits) is two comparisons; only an overloaded server looks at who is asking, because admins
 * are never shed (they must be able to look at the overloaded server and act on it): `identity` is
 * the guard's claimedIdentity, and a `user:` one is looked up (cached) only while shedding.
 * Sheds are audited as one `request.shed` event per AUDIT_EVERY_MS with the count, not one per request.
 */
export function shedRequest(request: NextRequest, requestId: string, identity: string | null): Awaitable<OverloadedError | null> {
  const { monitoring } = getConfig();
  const decision = shedDecision({ inFlight: inFlight().count, rssBytes: getSampler()?.latest()?.process.rssBytes ?? 0 }, monitoring.shed);
  if (!decision.shed || isShedExempt(request.nextUrl.pathname)) return null;
  if (!identity?.startsWith("user:")) return shed(decision, requestId, request);
  return isAdminUser(identity.slice(5)).then((admin) => (admin ? null : shed(decision, requestId, request)));
}

function shed(decision: Extract<ShedDecision, { shed: true }>, requestId: string, request: NextRequest): OverloadedError {
  noteShed(decision, requestId, request);
  return new OverloadedError(decision.retryAfterSeconds);
}

const ADMIN_CACHE_MS = 30_000;
const ADMIN_CACHE_MAX = 1_000;
const AUDIT_EVERY_MS = 10_000;

interface ShedState {
  admins: LRUCache<string, { admin: boolean; until: number }>;
  /** Sheds not yet written to the audit log, and the latest of them. */
  pending: number;
  last: { decision: Extract<ShedDecision, { shed: true }>; requestId: string; method: string; route: string } | null;
  lastAuditAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

const globalKey = Symbol.for("printguard.monitoring.shed");
type GlobalWithShed = typeof globalThis & { [globalKey]?: ShedState };

function state(): ShedState {
  const g = globalThis as GlobalWithShed;
  return (g[globalKey] ??= { admins: new LRUCache({ max: ADMIN_CACHE_MAX }), pending: 0, last: null, lastAuditAt: 0, timer: null });
}

/** Role from the database, cached briefly: the lookup happens only while shedding. */
async function isAdminUser(userId: string): Promise<boolean> {
  const { admins } = state();
  const now = Date.now();
  const cached = admins.get(userId);
  if (cached && cached.until > now) return cached.admin;
  try {
    const user = await (await getDb()).user.findUnique({ where: { id: userId }, select: { role: true, disabled: true } });
    const admin = user?.role === "admin" && !user.disabled;
    admins.set(userId, { admin, until: now + ADMIN_CACHE_MS });
    return admin;
  } catch (error) {
    getLogger().warn({ err: error }, "shedding: role lookup failed; treating the caller as non-admin");
    return false;
  }
}

function noteShed(decision: Extract<ShedDecision, { shed: true }>, requestId: string, request: NextRequest): void {
  const s = state();
  s.pending++;
  s.last = { decision, requestId, method: request.method, route: request.nextUrl.pathname };
  const wait = s.lastAuditAt + AUDIT_EVERY_MS - Date.now();
  if (wait <= 0) flushShedAudit();
  // Sheds inside the window are written with the next event, at the latest when the window ends.
  else s.timer ??= setTimeout(flushShedAudit, wait).unref();
}

function flushShedAudit(): void {
  const s = state();
  if (s.timer) clearTimeout(s.timer);
  s.timer = null;
  if (s.pending === 0 || !s.last) return;
  const now = Date.now();
  const { decision, requestId, method, route } = s.last;
  recordAudit({
    type: "request.shed",
    level: "high",
    actor: { type: "anonymous" },
    ip: null,
    userAgent: null,
    method,
    route,
    requestId,
    outcome: "blocked",
    details: { shed: s.pending, sinceMs: s.lastAuditAt ? now - s.lastAuditAt : null, reason: decision.reason, inFlight: decision.load.inFlight, rssBytes: decision.load.rssBytes, limit: decision.limit },
  });
  s.pending = 0;
  s.lastAuditAt = now;
}
