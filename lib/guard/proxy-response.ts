import { NextResponse, type NextRequest } from "next/server";
import { writeThroughSlot } from "@/lib/http/response-slot";
import type { GuardOutcome } from "./guard";
import { responseSlot } from "./peer";

/**
 * The proxy's answer for a guard outcome: the refusal itself, or `NextResponse.next()` carrying the
 * headers the guard adds. Request headers go through Next's request-header override (only when
 * there are any: it copies and validates every header). Response headers go straight onto our
 * server's response when it is in front (lib/http/response-slot.ts), else on this response.
 */
export function proxyResponse(request: NextRequest, outcome: GuardOutcome): Response {
  if (outcome.response) {
    for (const name in outcome.responseHeaders) outcome.response.headers.set(name, outcome.responseHeaders[name]!);
    return outcome.response;
  }
  let response: NextResponse;
  const added = Object.entries(outcome.requestHeaders);
  if (added.length === 0) {
    response = NextResponse.next();
  } else {
    const forwarded = new Headers(request.headers);
    for (const [name, value] of added) forwarded.set(name, value);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  if (!writeThroughSlot(responseSlot(request.headers), outcome.responseHeaders)) {
    for (const name in outcome.responseHeaders) response.headers.set(name, outcome.responseHeaders[name]!);
  }
  return response;
}
