import { NotFoundError } from "@/lib/http/errors";
import { problemResponse } from "@/lib/http/problem";
import { requestIdFrom } from "@/lib/http/request-id";

// Any /api path no route claims: a problem+json 404 instead of Next's HTML page.
function notFound(request: Request): Response {
  return problemResponse(new NotFoundError("No API route matches this path."), requestIdFrom(request.headers));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as HEAD, notFound as OPTIONS };
