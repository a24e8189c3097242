import { promisify } from "node:util";
import { brotliCompress, constants as zlib, gzip } from "node:zlib";

export type Encoding = "br" | "gzip";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to answer with, from an Accept-Encoding header (RFC 9110 §12.5.3): the highest
 * q-value among br and gzip wins, `*` stands for any coding not listed, q=0 refuses, and br wins a
 * tie (smaller output for JSON). null: send the body as it is.
 */
export function negotiateEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split("=");
      if (key === "q") q = /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value ?? "") ? Number(value) : 0;
    }
    weights.set(name === "x-gzip" ? "gzip" : name, q);
  }
  const weightOf = (coding: Encoding) => weights.get(coding) ?? weights.get("*") ?? 0;
  const br = weightOf("br");
  const gz = weightOf("gzip");
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? "br" : "gzip";
}

/** JSON and problem+json (any `+json` type) are worth compressing; everything else is left alone. */
export function isCompressibleType(contentType: string | null): boolean {
  const type = contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * Compresses off the event loop (zlib's thread pool). Brotli quality 5 and gzip level 6: close to
 * the best ratio for JSON at a small fraction of brotli 11's CPU time, which is too slow per request.
 */
export function compress(body: Uint8Array, encoding: Encoding): Promise<Buffer> {
  return encoding === "br"
    ? brotli(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5, [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT, [zlib.BROTLI_PARAM_SIZE_HINT]: body.byteLength } })
    : gzipAsync(body, { level: 6 });
}

/** Adds `token` to a Vary header value unless it is already named (case-insensitive). */
export function appendVary(vary: string | null, token: string): string {
  const names = (vary ?? "").split(",").map((v) => v.trim()).filter(Boolean);
  if (names.includes("*") || names.some((n) => n.toLowerCase() === token.toLowerCase())) return names.join(", ");
  return [...names, token].join(", ");
}
