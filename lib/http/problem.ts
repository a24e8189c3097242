import { HttpError, problemCatalog, type FieldIssue, type ProblemCode } from "./errors";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  requestId: string;
  errors?: FieldIssue[];
}

export function problemType(code: ProblemCode): string {
  return `/problems/${code}`;
}

/** The body for `error`. Anything that is not an HttpError is an internal error: its message and stack stay in the logs. */
export function toProblem(error: unknown, requestId: string): ProblemBody {
  if (error instanceof HttpError) {
    return {
      type: problemType(error.code),
      title: problemCatalog[error.code].title,
      status: error.status,
      detail: error.detail,
      requestId,
      ...(error.extras.errors ? { errors: error.extras.errors } : {}),
    };
  }
  return {
    type: problemType("internal"),
    title: problemCatalog.internal.title,
    status: 500,
    detail: "An unexpected error occurred. Quote the request id when you report it.",
    requestId,
  };
}

/** The one place an error becomes an HTTP response. */
export function problemResponse(error: unknown, requestId: string): Response {
  const body = toProblem(error, requestId);
  const headers = new Headers({
    "content-type": PROBLEM_CONTENT_TYPE,
    "cache-control": "no-store",
    "x-request-id": requestId,
  });
  if (error instanceof HttpError) {
    if (error.extras.retryAfterSeconds !== undefined) {
      headers.set("retry-after", String(Math.max(1, Math.ceil(error.extras.retryAfterSeconds))));
    }
    for (const [name, value] of Object.entries(error.extras.headers ?? {})) headers.set(name, value);
  }
  return new Response(JSON.stringify(body), { status: body.status, headers });
}
