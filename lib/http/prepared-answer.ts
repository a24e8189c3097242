import { etagOf } from "./http-cache";

/** A serialized answer (UTF-8, ready to send) and its validator, made once per version. */
export interface PreparedAnswer {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/**
 * Remembers one serialized answer per key until its version changes; concurrent callers of the
 * same version share one build. For answers that depend only on shared data (samples, rollups),
 * polled far more often than they change: the JSON and its ETag are made once per version, and a
 * route that returns the ETag header spares http-cache-response.ts from reading and hashing the
 * body again on every request.
 */
export function preparedAnswers<K extends string>(): (key: K, version: string, build: () => Promise<string>) => Promise<PreparedAnswer> {
  const entries = new Map<K, { version: string; answer: Promise<PreparedAnswer> }>();
  return (key, version, build) => {
    const entry = entries.get(key);
    if (entry?.version === version) return entry.answer;
    const answer = build().then((json) => ({ body: new TextEncoder().encode(json) as Uint8Array<ArrayBuffer>, etag: etagOf(json) }));
    entries.set(key, { version, answer });
    // A failed build is not remembered: the next caller tries again.
    answer.catch(() => {
      if (entries.get(key)?.answer === answer) entries.delete(key);
    });
    return answer;
  };
}
