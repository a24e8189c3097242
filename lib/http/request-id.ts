export const REQUEST_ID_HEADER = "x-request-id";

// A caller's own id is kept for tracing only when it cannot smuggle anything into logs.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's x-request-id when it is safe to echo, otherwise a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  return requestIdOf(headers.get(REQUEST_ID_HEADER));
}

/** requestIdFrom for a header value already read (the production server settles it on the raw request). */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
}
