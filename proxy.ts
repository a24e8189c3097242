import { NextResponse, type NextRequest } from "next/server";
import { guardRequest } from "@/lib/guard/guard";

/**
 * Runs before every page and route: the request guard (lib/guard) decides, this applies it —
 * a refusal goes out as problem+json, anything else continues with the request id, the CSP nonce
 * and the security and rate-limit headers.
 */
export async function proxy(request: NextRequest): Promise<Response> {
  const outcome = await guardRequest(request);
  if (outcome.response) {
    for (const [name, value] of Object.entries(outcome.responseHeaders)) outcome.response.headers.set(name, value);
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
  for (const [name, value] of Object.entries(outcome.responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Next's static assets carry no user input.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
