import type { Awaitable } from "@/lib/awaitable";

/** Methods whose requests may carry a body worth inspecting. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const NO_BODY = Object.freeze({ kind: "none" } as const);

export type BodyRead = { kind: "none" } | { kind: "text"; text: string; contentType: string } | { kind: "too-large"; limit: number };

/**
 * Reads the request body for inspection without consuming it: a clone is read, so the route still
 * receives the body whole. A declared Content-Length over the limit is refused before reading.
 * A chunked body is read in full, then measured: Next buffers at most
 * `experimental.proxyClientMaxBodySize` (10 MB) of it for the proxy, which bounds the memory, and
 * config caps our limit below that. (Reading the clone with a stream reader hangs in Next 16.4's
 * proxy; `arrayBuffer()` does not.) A request without a body is answered at once (lib/awaitable.ts).
 */
export function readBodyForInspection(request: Request, limit: number): Awaitable<BodyRead> {
  if (!BODY_METHODS.has(request.method) || !request.body) return NO_BODY;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return { kind: "too-large", limit };
  if (declared === "0") return NO_BODY;
  return request.clone().arrayBuffer().then((bytes): BodyRead => {
    if (bytes.byteLength > limit) return { kind: "too-large", limit };
    if (bytes.byteLength === 0) return NO_BODY;
    return { kind: "text", text: new TextDecoder().decode(bytes), contentType: request.headers.get("content-type") ?? "" };
  });
}
