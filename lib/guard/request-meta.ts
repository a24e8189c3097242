import { getConfig } from "@/lib/config";
import { clientIp } from "@/lib/http/client-ip";
import { requestIdFrom } from "@/lib/http/request-id";
import { arrivedOverHttps } from "@/lib/http/scheme";
import { peerAddress } from "./peer";

export interface RequestMeta {
  requestId: string;
  ip: string;
  userAgent: string | null;
  /** True when the client reached us over https (directly, or as a trusted proxy says). */
  https: boolean;
}

/** Request facts the guard, the audit log and route handlers share, derived one way everywhere. */
export function requestMeta(headers: Headers, url: URL): RequestMeta {
  const { guard } = getConfig();
  const socketAddress = peerAddress(headers);
  return {
    requestId: requestIdFrom(headers),
    ip: clientIp({ socketAddress, forwardedFor: headers.get("x-forwarded-for"), trustProxy: guard.trustProxy }),
    userAgent: headers.get("user-agent"),
    https: arrivedOverHttps(url.protocol, headers.get("x-forwarded-proto"), guard.trustProxy),
  };
}
