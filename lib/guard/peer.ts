/**
 * The TCP peer address of a request. Next's proxy API does not expose the socket, so the
 * production server (server.ts) writes it into PEER_HEADER after deleting any copy a client sent,
 * and marks the process so that the proxy knows the header can be believed. Under `next dev` or a
 * bare `next start` there is no such server: the header could be forged, so it is ignored.
 */
export const PEER_HEADER = "x-printguard-peer";

const markerKey = Symbol.for("printguard.peer-header-trusted");
type GlobalWithMarker = typeof globalThis & { [markerKey]?: boolean };

/** Called once by server.ts before it serves. */
export function trustPeerHeader(): void {
  (globalThis as GlobalWithMarker)[markerKey] = true;
}

export function peerAddress(headers: Headers): string | null {
  if (!(globalThis as GlobalWithMarker)[markerKey]) return null;
  return headers.get(PEER_HEADER);
}
