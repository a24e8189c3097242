import { behindOwnServer } from "@/lib/http/own-server";
import { RESPONSE_SLOT_HEADER } from "@/lib/http/response-slot";

/**
 * The TCP peer address of a request. Next's proxy API does not expose the socket, so the
 * production server (server.ts) writes it into PEER_HEADER after deleting any copy a client sent,
 * and marks the process (lib/http/own-server.ts) so that the proxy knows the header can be
 * believed. Under `next dev` or a bare `next start` there is no such server: the header could be
 * forged, so it is ignored.
 */
export const PEER_HEADER = "x-printguard-peer";
/** The request target exactly as received (WHATWG URL parsing resolves `/../` and `%2e%2e`). */
export const RAW_URL_HEADER = "x-printguard-raw-url";
/** Headers only our server sets; never user data, never inspected. */
export const INTERNAL_HEADERS = new Set([PEER_HEADER, RAW_URL_HEADER, RESPONSE_SLOT_HEADER]);

export function peerAddress(headers: Headers): string | null {
  if (!behindOwnServer()) return null;
  return headers.get(PEER_HEADER);
}

/** The raw request target (`/path?query`) when our server supplied it, else null. */
export function rawRequestTarget(headers: Headers): string | null {
  if (!behindOwnServer()) return null;
  return headers.get(RAW_URL_HEADER);
}

/** The response slot our server opened for this request (lib/http/response-slot.ts), else null. */
export function responseSlot(headers: Headers): string | null {
  if (!behindOwnServer()) return null;
  return headers.get(RESPONSE_SLOT_HEADER);
}
