import type { TrustProxy } from "@/lib/config/schema";

/**
 * Whether the client reached us over https: directly (the URL's scheme), or as X-Forwarded-Proto
 * says when TRUST_PROXY names proxies in front of us (TLS ends there). Without trusted proxies the
 * header is the client's own word and is ignored, like X-Forwarded-For.
 */
export function arrivedOverHttps(protocol: string, forwardedProto: string | null | undefined, trustProxy: TrustProxy): boolean {
  return protocol === "https:" || (trustProxy.kind !== "none" && forwardedProto === "https");
}
