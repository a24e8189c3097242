/**
 * Keyset cursor: the (time, seq) of the last row of a page. The next page is "strictly older than
 * this", which an index serves directly at any depth (no OFFSET) and which new rows arriving at
 * the top cannot shift. Opaque to clients (base64url), checked on the way in.
 */
export interface Cursor {
  time: Date;
  seq: number;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.time.getTime()}.${cursor.seq}`).toString("base64url");
}

export function decodeCursor(text: string): Cursor | null {
  const match = /^(\d{1,15})\.(\d{1,15})$/.exec(Buffer.from(text, "base64url").toString("utf8"));
  if (!match) return null;
  return { time: new Date(Number(match[1])), seq: Number(match[2]) };
}
