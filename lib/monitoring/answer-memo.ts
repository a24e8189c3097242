/**
 * Remembers one serialized answer per key until its version changes; concurrent callers of the
 * same version share one build. For answers that depend only on shared data (samples, rollups).
 */
export function answerMemo<K extends string>(): (key: K, version: string, build: () => Promise<string>) => Promise<string> {
  const entries = new Map<K, { version: string; body: Promise<string> }>();
  return (key, version, build) => {
    const entry = entries.get(key);
    if (entry?.version === version) return entry.body;
    const body = build();
    entries.set(key, { version, body });
    // A failed build is not remembered: the next caller tries again.
    body.catch(() => {
      if (entries.get(key)?.body === body) entries.delete(key);
    });
    return body;
  };
}
