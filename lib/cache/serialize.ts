/**
 * Cache values cross process boundaries (Redis) as JSON text: plain data only, parsed with
 * JSON.parse (no reviver, nothing evaluated). The byte length of that text is the entry's size.
 */
export function serialize(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError("a cache value must be JSON-serializable (not undefined, a function or a symbol)");
  return text;
}

export function deserialize(text: string): unknown {
  return JSON.parse(text);
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}
