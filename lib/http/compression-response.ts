import { LRUCache } from "lru-cache";
import { getConfig } from "@/lib/config";
import { getLogger } from "@/lib/log";
import { appendVary, compress, isCompressibleType, negotiateEncoding } from "./compression";
import { RELAY_HEADER } from "./compression-relay";
import { behindOwnServer } from "./own-server";
import { recordCompression } from "./compression-stats";

const NO_BODY = new Set([101, 204, 205, 304]);
const DEFAULT_MIN_BYTES = 1024;
const REMEMBERED_BYTES = 4 * 1024 * 1024;

// Compressed bodies by encoding and ETag. Our ETags are content hashes (etagOf in http-cache.ts is
// the only place that makes them), so one names exactly one body: a dashboard polling an answer
// that changes once per sample is compressed once per sample, not once per poll. On globalThis so
// that every route bundle shares one bound.
const rememberedKey = Symbol.for("printguard.compression.remembered");
type GlobalWithRemembered = typeof globalThis & { [rememberedKey]?: LRUCache<string, Buffer> };

function remembered(): LRUCache<string, Buffer> {
  const g = globalThis as GlobalWithRemembered;
  return (g[rememberedKey] ??= new LRUCache<string, Buffer>({ maxSize: REMEMBERED_BYTES, sizeCalculation: (b) => Math.max(1, b.byteLength) }));
}

/** COMPRESSION_MIN_BYTES; the default when the configuration itself is what failed (an error answer must still go out). */
function configuredMinBytes(): number {
  try {
    return getConfig().cache.compressionMinBytes;
  } catch {
    return DEFAULT_MIN_BYTES;
  }
}

/**
 * The response, compressed with br or gzip when it is JSON, at least `minBytes` long and the client
 * accepts one of them. A response that already has a Content-Encoding is never touched, so nothing
 * is compressed twice; every JSON response says `Vary: Accept-Encoding`. Never throws.
 * `encodingHeader`: where the encoding is named (compression-relay.ts's header inside Next).
 */
export async function compressResponse(
  request: Request,
  response: Response,
  { minBytes = configuredMinBytes(), encodingHeader = "content-encoding" }: { minBytes?: number; encodingHeader?: string } = {},
): Promise<Response> {
  if (request.method === "HEAD" || NO_BODY.has(response.status) || response.body === null) return response;
  if (response.headers.has("content-encoding") || response.headers.has(encodingHeader)) return response;
  if (!isCompressibleType(response.headers.get("content-type"))) return response;
  const encoding = negotiateEncoding(request.headers.get("accept-encoding"));
  // Nothing to compress (the client takes none, or the body's declared length is under the
  // threshold): the body goes on as it is, unread. Reading it into bytes and building a second
  // Response cost ~60 µs of stream work per request in the server's CPU profile.
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (!encoding || declared < minBytes) return withVary(response);
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = varied(response.headers);
  const rebuild = (bytes: Uint8Array) => new Response(bytes as Uint8Array<ArrayBuffer>, { status: response.status, statusText: response.statusText, headers });
  if (body.byteLength < minBytes) return rebuild(body);
  try {
    const etag = response.headers.get("etag");
    const key = etag ? `${encoding} ${etag}` : null;
    let compressed = key ? remembered().get(key) : undefined;
    if (!compressed) {
      compressed = await compress(body, encoding);
      if (key) remembered().set(key, compressed);
    }
    recordCompression(encoding, body.byteLength, compressed.byteLength);
    headers.set(encodingHeader, encoding);
    headers.delete("content-length");
    return rebuild(compressed);
  } catch (error) {
    getLogger().warn({ err: error instanceof Error ? error.message : String(error), encoding }, "compression failed; sent uncompressed");
    return rebuild(body);
  }
}

/** A copy of `headers` that names Accept-Encoding in Vary (a Response's own headers may be immutable). */
function varied(headers: Headers): Headers {
  const copy = new Headers(headers);
  copy.set("vary", appendVary(copy.get("vary"), "Accept-Encoding"));
  return copy;
}

/** `response` with Accept-Encoding in its Vary: the same object where its headers can change, else a copy around the same body stream. */
function withVary(response: Response): Response {
  try {
    response.headers.set("vary", appendVary(response.headers.get("vary"), "Accept-Encoding"));
    return response;
  } catch {
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers: varied(response.headers) });
  }
}

/**
 * What apiRoute does with every answer: compress under our own server, which relays the encoding
 * past Next (see compression-relay.ts); elsewhere leave the body to Next's own gzip.
 */
export function compressApiResponse(request: Request, response: Response): Promise<Response> | Response {
  return behindOwnServer() ? compressResponse(request, response, { encodingHeader: RELAY_HEADER }) : response;
}
