/**
 * Where to go after signing in. Only same-origin paths are accepted: "/x" yes; "//evil.example",
 * "/\\evil.example" (browsers read both as another host) and absolute URLs no.
 */
export function safeCallbackUrl(value: string | null | undefined, fallback = "/dashboard"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}
