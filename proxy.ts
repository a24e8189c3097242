import type { NextRequest } from "next/server";
import { after, type Awaitable } from "@/lib/awaitable";
import { guardRequest } from "@/lib/guard/guard";
import { proxyResponse } from "@/lib/guard/proxy-response";

/**
 * Runs before every page and route: the request guard (lib/guard) decides, and its outcome becomes
 * the proxy's answer — a refusal as problem+json, anything else continues with the request id, the
 * CSP nonce and the security and rate-limit headers. Synchronous when the guard needed no wait.
 */
export function proxy(request: NextRequest): Awaitable<Response> {
  return after(guardRequest(request), (outcome) => proxyResponse(request, outcome));
}

export const config = {
  // Next's static assets carry no user input.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
