import { BlockList, isIP } from "node:net";
import type { TrustProxy } from "@/lib/config/schema";

/**
 * The client's address, from the TCP peer and, only when TRUST_PROXY says so, X-Forwarded-For.
 *
 * Think of the chain as XFF's entries followed by the socket peer: `client, proxy1, proxy2 | peer`.
 * Each proxy appends the address it received the request from, so everything right of the client
 * was written by our own infrastructure and everything left of it by whoever sent the request.
 *
 * - none: the socket peer. X-Forwarded-For is ignored entirely: a client that sends one is
 *   spoofing, and believing it would let it pick its own rate-limit identity.
 * - hops N: N proxies in front of us, the socket peer being the first hop. The client is then the
 *   N-th XFF entry from the right (hops 1: the last entry, written by the one proxy we trust). With
 *   fewer than N entries the request did not come through all of our proxies, so the socket peer
 *   is used; an unparseable entry at that position also falls back to the peer. Positions are not
 *   shifted past malformed entries: a proxy that wrote "unknown" must not let the client's own
 *   entries slide into the trusted position.
 * - addresses: the peer must itself be a trusted proxy (IP or CIDR) or XFF is not considered. Then
 *   XFF is walked from the right past trusted proxies; the first untrusted address is the client.
 *   A malformed entry stops the walk at the last trusted hop: what lies left of it was not written
 *   by anyone we trust.
 *
 * Addresses are normalized: IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4, IPv6 is lower-case
 * and compressed, ports and brackets (`[::1]:443`, `1.2.3.4:80`) and zone ids are dropped. When no
 * usable address is known at all the answer is "unknown" (one shared bucket, never a crash).
 */
export interface ClientIpInput {
  /** The TCP peer address (the server passes it in `x-printguard-peer`). */
  socketAddress: string | null | undefined;
  /** The X-Forwarded-For header value (all of its lines, comma-joined). */
  forwardedFor: string | null | undefined;
  trustProxy: TrustProxy;
}

export const UNKNOWN_CLIENT = "unknown";

export function clientIp({ socketAddress, forwardedFor, trustProxy }: ClientIpInput): string {
  const peer = socketAddress ? normalizeIp(socketAddress) : null;
  if (!peer) return UNKNOWN_CLIENT;
  if (trustProxy.kind === "none" || !forwardedFor) return peer;
  const entries = forwardedFor.split(",");

  if (trustProxy.kind === "hops") {
    if (trustProxy.hops < 1 || entries.length < trustProxy.hops) return peer;
    return normalizeIp(entries[entries.length - trustProxy.hops]!) ?? peer;
  }

  const trusted = trustedList(trustProxy.addresses);
  if (!isTrusted(trusted, peer)) return peer;
  let nearest = peer;
  for (let i = entries.length - 1; i >= 0; i--) {
    const address = normalizeIp(entries[i]!);
    if (!address) return nearest;
    if (!isTrusted(trusted, address)) return address;
    nearest = address;
  }
  return nearest; // every hop was a trusted proxy: the furthest one is all we know
}

/** A canonical IP string, or null when `raw` is not an address. */
export function normalizeIp(raw: string): string | null {
  let value = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.indexOf(":"));
  value = value.replace(/%[\w.-]+$/, ""); // zone id: fe80::1%eth0
  const family = isIP(value);
  if (family === 4) return value;
  if (family !== 6) return null;
  const canonical = new URL(`http://[${value}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const high = Number.parseInt(mapped[1]!, 16);
  const low = Number.parseInt(mapped[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

const compiled = new WeakMap<readonly string[], BlockList>();

function trustedList(addresses: readonly string[]): BlockList {
  let list = compiled.get(addresses);
  if (!list) {
    list = new BlockList();
    for (const entry of addresses) addTrusted(list, entry);
    compiled.set(addresses, list);
  }
  return list;
}

/** Adds one IP or CIDR; false when it is not one (it is then simply not trusted). */
function addTrusted(list: BlockList, entry: string): boolean {
  const [address, bits] = entry.trim().split("/");
  const ip = address ? normalizeIp(address) : null;
  if (!ip) return false;
  const type = isIP(ip) === 4 ? "ipv4" : "ipv6";
  const max = type === "ipv4" ? 32 : 128;
  if (bits === undefined) {
    list.addAddress(ip, type);
    return true;
  }
  const prefix = Number(bits);
  if (!/^\d{1,3}$/.test(bits) || prefix > max) return false;
  list.addSubnet(ip, prefix, type);
  return true;
}

function isTrusted(list: BlockList, ip: string): boolean {
  return list.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

/** The TRUST_PROXY entries that are not an IP or CIDR (they would be ignored): for a startup check. */
export function invalidTrustedProxies(addresses: readonly string[]): string[] {
  return addresses.filter((entry) => !addTrusted(new BlockList(), entry));
}
