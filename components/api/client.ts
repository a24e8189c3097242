import type { FieldIssue } from "@/lib/http/errors";

/** A failed API call, carrying what the problem+json body said. `detail` is safe to show. */
export class ApiProblemError extends Error {
  override name = "ApiProblemError";
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldIssues: FieldIssue[] = [],
    readonly requestId?: string,
    /** The problem's code: the last segment of its `type` (`/problems/reauthentication-required`). */
    readonly code?: string,
  ) {
    super(detail);
  }
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";

/**
 * Calls a same-origin JSON API route with the session cookie. Writes always say they send JSON.
 * Resolves to the parsed body; rejects with an ApiProblemError on any non-2xx answer.
 */
export async function apiRequest<T>(path: string, options: { method?: Method; body?: unknown } = {}): Promise<T> {
  const method = options.method ?? "GET";
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET") headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: "no-store",
    });
  } catch {
    throw new ApiProblemError(0, "Could not reach the server. Check your connection and try again.");
  }
  if (!response.ok) throw await problemFrom(response);
  return (await response.json()) as T;
}

async function problemFrom(response: Response): Promise<ApiProblemError> {
  const body: unknown = await response.json().catch(() => null);
  const problem = (typeof body === "object" && body !== null ? body : {}) as {
    type?: unknown;
    detail?: unknown;
    errors?: unknown;
    requestId?: unknown;
  };
  const detail =
    typeof problem.detail === "string" && problem.detail !== ""
      ? problem.detail
      : `The request failed (HTTP ${response.status}).`;
  const errors = Array.isArray(problem.errors) ? (problem.errors as FieldIssue[]) : [];
  const requestId = typeof problem.requestId === "string" ? problem.requestId : undefined;
  const code = typeof problem.type === "string" ? problem.type.slice(problem.type.lastIndexOf("/") + 1) : undefined;
  return new ApiProblemError(response.status, detail, errors, requestId, code);
}

/** The message to show for any error a query or mutation rejected with. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiProblemError) return error.detail;
  return "Something went wrong. Try again.";
}

/** True when the API asked for a fresh sign-in (403 `reauthentication-required`) before it acts. */
export function needsSignInAgain(error: unknown): boolean {
  return error instanceof ApiProblemError && error.code === "reauthentication-required";
}
