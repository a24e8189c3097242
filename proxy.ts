import { NextResponse, type NextRequest } from "next/server";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/http/request-id";

/**
 * Runs before every page and route. Today it tags each request and response with an x-request-id
 * (and tells server components the path, for sign-in redirects); the request guard (sanitizer,
 * rate limiter, security headers) plugs in here.
 */
export function proxy(request: NextRequest): NextResponse {
  const requestId = requestIdFrom(request.headers);
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUEST_ID_HEADER, requestId);
  forwarded.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set(REQUEST_ID_HEADER, requestId);
  return response;
}

export const config = {
  // Next's static assets carry no user input and need no id.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
