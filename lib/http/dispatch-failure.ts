import type { ServerResponse } from "node:http";
import { PROBLEM_CONTENT_TYPE, toProblem } from "./problem";
import { REQUEST_ID_HEADER } from "./request-id";

/**
 * What the server does when Next's request handler itself rejects (a fault below the route
 * handlers, which answer their own errors): the client still gets an answer and the process an
 * error line, never an unhandled rejection. Before the headers went out, the answer is a 500
 * problem+json with the request id and nothing of the error, under `fixedHeaders` (the security
 * headers the server writes on every response); whatever a half-run handler had set (a content
 * type, a cookie, a cache policy) is dropped. Once a response has started it cannot become another
 * one, so the connection is cut: the client sees a broken response, not a truncated body passing
 * for a whole one.
 */
export function answerDispatchFailure(
  res: ServerResponse,
  requestId: string,
  fixedHeaders: Readonly<Record<string, string>>,
  error: unknown,
  log: (line: string) => void,
): void {
  log(`request ${requestId} failed in dispatch: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(toProblem(error, requestId));
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  res.writeHead(500, {
    ...fixedHeaders,
    [REQUEST_ID_HEADER]: requestId,
    "content-type": PROBLEM_CONTENT_TYPE,
    "cache-control": "no-store",
    "content-length": String(Buffer.byteLength(body)),
  });
  res.end(body);
}
