/** Methods whose requests may carry a body worth inspecting. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type BodyRead = { kind: "none" } | { kind: "text"; text: string; contentType: string } | { kind: "too-large"; limit: number };

/**
 * Reads the request body for inspection without consuming it: the route still receives it whole
 * (a clone is read). A declared Content-Length over the limit is refused before reading; a body
 * without one (chunked) is read until it passes the limit, then refused.
 */
export async function readBodyForInspection(request: Request, limit: number): Promise<BodyRead> {
  if (!BODY_METHODS.has(request.method) || !request.body) return { kind: "none" };
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) return { kind: "too-large", limit };
  if (declared === "0") return { kind: "none" };
  const reader = request.clone().body!.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { kind: "too-large", limit };
    }
    chunks.push(value);
  }
  if (size === 0) return { kind: "none" };
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { kind: "text", text: new TextDecoder().decode(bytes), contentType: request.headers.get("content-type") ?? "" };
}
