/** How a key is shown once its secret is gone: the public prefix, the secret elided. */
export function maskedKey(prefix: string): string {
  return `pgk_${prefix}_…`;
}
