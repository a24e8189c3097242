/**
 * Evidence: a short excerpt around a detector's match, safe to put in an audit log or a problem
 * detail. Credentials near the match are redacted before anything is cut, so a token split by the
 * window's edge is never half-shown. Only runs for findings, never on the clean-request path.
 */

export const MAX_EVIDENCE = 80;
const CONTEXT = 160; // characters of context kept on each side before redaction and cutting
const MAX_MATCH = 256; // a longer match is shown from its start; keeps the work here bounded
const REDACTED = "[redacted]";

/** `password=…`, `token: …`, `api_key="…"`, `Bearer …`: the value after a credential-looking name. */
const CREDENTIAL_PAIR =
  /(pass(?:word|wd|phrase)?|pwd|secret|token|api[-_]?key|access[-_]?key|auth(?:orization)?|session(?:[-_]?id)?)(["']?\s{0,3}[=:]\s{0,3}["']?)([^\s"'&;,]{1,512})|(bearer|basic)(\s{1,3})([^\s"'&;,]{1,512})/gi;
/** Long runs of base64/base64url/hex: keys, JWTs, session ids. */
const TOKEN_RUN = /[A-Za-z0-9+_-]{24,}={0,2}/g;

/**
 * A ≤ 80-character excerpt of `text` around `match`, control characters escaped, credentials
 * redacted. When `match` is not in `text` (a detector may report a normalized fragment), the
 * excerpt is the match itself.
 */
export function evidenceFor(text: string, match: string): string {
  let at = match ? text.indexOf(match) : -1;
  let source = text;
  let length = Math.min(match.length, MAX_MATCH);
  if (at < 0) {
    source = match || text;
    at = 0;
    length = Math.min(source.length, MAX_MATCH);
  }
  const from = Math.max(0, at - CONTEXT);
  const to = Math.min(source.length, at + length + CONTEXT);
  const segment = source.slice(from, to);
  const { text: safe, start, end } = redactAndEscape(segment, at - from, at - from + length);
  return cut(safe, start, end, from > 0, to < source.length);
}

interface Span {
  start: number;
  end: number;
}

/** Redacts credentials and escapes control characters, mapping the match span into the result. */
function redactAndEscape(segment: string, matchStart: number, matchEnd: number): { text: string; start: number; end: number } {
  const redactions = credentialSpans(segment);
  let out = "";
  let start = -1;
  let end = -1;
  let r = 0;
  for (let i = 0; i <= segment.length; i++) {
    if (i === matchStart && start < 0) start = out.length;
    if (i === matchEnd && end < 0) end = out.length;
    if (i === segment.length) break;
    const span = redactions[r];
    if (span && i === span.start) {
      out += REDACTED;
      r++;
      // Positions inside a redacted span map to its end.
      if (matchStart > i && matchStart < span.end && start < 0) start = out.length - REDACTED.length;
      if (matchEnd > i && matchEnd < span.end && end < 0) end = out.length;
      i = span.end - 1;
      continue;
    }
    out += escapeChar(segment.charCodeAt(i), segment[i]!);
  }
  return { text: out, start: Math.max(0, start), end: Math.max(start, end) };
}

function credentialSpans(segment: string): Span[] {
  const spans: Span[] = [];
  for (const m of segment.matchAll(CREDENTIAL_PAIR)) {
    const name = m[1] ?? m[4]!;
    const separator = m[2] ?? m[5]!;
    const value = m[3] ?? m[6]!;
    const valueStart = m.index + name.length + separator.length;
    spans.push({ start: valueStart, end: valueStart + value.length });
  }
  for (const m of segment.matchAll(TOKEN_RUN)) {
    if (looksRandom(m[0])) spans.push({ start: m.index, end: m.index + m[0].length });
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** A token mixes letters and digits; a long word or a run of one character is not a secret. */
function looksRandom(run: string): boolean {
  let letters = 0;
  let digits = 0;
  for (let i = 0; i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122)) letters++;
  }
  return letters > 0 && digits > 0;
}

function escapeChar(code: number, ch: string): string {
  if (code === 10) return "\\n";
  if (code === 13) return "\\r";
  if (code === 9) return "\\t";
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  // Line/paragraph separators and bidi controls can forge or reorder log lines.
  if (code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) {
    return `\\u${code.toString(16)}`;
  }
  return ch;
}

/** Cuts `text` to MAX_EVIDENCE characters keeping [start, end) in view, marking cuts with `…`. */
function cut(text: string, start: number, end: number, cutBefore: boolean, cutAfter: boolean): string {
  if (text.length <= MAX_EVIDENCE && !cutBefore && !cutAfter) return text;
  const budget = MAX_EVIDENCE - 2; // room for two ellipses
  let from: number;
  let to: number;
  if (end - start >= budget) {
    from = start;
    to = start + budget;
  } else {
    const context = budget - (end - start);
    from = Math.max(0, start - Math.floor(context / 3));
    to = Math.min(text.length, from + budget);
    from = Math.max(0, to - budget);
  }
  // Never split a surrogate pair.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from++;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to--;
  const head = from > 0 || cutBefore ? "…" : "";
  const tail = to < text.length || cutAfter ? "…" : "";
  return head + text.slice(from, to) + tail;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
