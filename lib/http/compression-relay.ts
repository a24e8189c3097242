import type { ServerResponse } from "node:http";

/**
 * Why a relay: Next 16.4.6 drops `Content-Encoding` (with Content-Length and Transfer-Encoding)
 * from every route-handler Response it sends (server/send-response.js, FORBIDDEN_HEADERS), and its
 * own `compress` (gzip only) then compresses the body again. So a route handler names its encoding
 * in RELAY_HEADER instead, and our server (server.ts) turns that header into Content-Encoding the
 * moment Next sets it, before Next's compression looks (it skips bodies that are already encoded).
 * Without our server (`next dev`, bare `next start`) nobody would translate: apiRoute then leaves
 * compression to Next. So the relay is on exactly when our server is in front (behindOwnServer).
 */
export const RELAY_HEADER = "x-printguard-content-encoding";

/** Makes `res` write RELAY_HEADER as Content-Encoding (and drop the length of the uncompressed body). */
export function relayContentEncoding(res: ServerResponse): void {
  const setHeader = res.setHeader.bind(res);
  const translate = (name: string, value: number | string | readonly string[]): boolean => {
    if (name.toLowerCase() !== RELAY_HEADER) return false;
    setHeader("content-encoding", value);
    res.removeHeader("content-length");
    return true;
  };
  res.setHeader = (name, value) => (translate(name, value) ? res : setHeader(name, value));
  const appendHeader = res.appendHeader.bind(res);
  res.appendHeader = (name, value) => (translate(name, value) ? res : appendHeader(name, value));
}
