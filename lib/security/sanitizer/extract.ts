import { charClasses, DECODING, NON_ASCII } from "./char-classes";
import { decodeHtmlEntities, decodeUtf8Lenient, normalizedForms, percentDecodeOnce } from "./normalize";
import type { InspectedValue, LocationKind } from "./types";

/**
 * Splits a request into the values the detectors look at. Pure and linear in the request size.
 *
 * Location naming (what findings, audit events and the allowlist's `field` use):
 * - `path`: the raw request path as one value (its decoded forms hold the decoded path).
 * - `query.<name>` / `body.<name>` (urlencoded and multipart fields), `cookie.<name>`,
 *   `header.<lowercase-name>`: a value. Names are shown percent-decoded once, control characters
 *   escaped, cut at 64 characters.
 * - `<location>#key`: the *name* itself (query key, JSON key, cookie name, multipart field name),
 *   inspected because attackers put payloads there too. Plain names (`[A-Za-z0-9_-]{1,64}`) cannot
 *   carry an attack and are skipped.
 * - JSON: `body.items[2].name`; a root array is `body[0]`, a root string `body`. Below depth 64
 *   values keep the location of their depth-64 ancestor.
 * - multipart file parts: only `body.<name>.filename`; file bytes are never inspected.
 * - XML: text, CDATA and comments at `body.<root>.<child>`, attributes (entity-decoded) at
 *   `body.<root>.<child>@<attr>`, and `body#markup` for payloads that are markup themselves:
 *   DOCTYPE/ENTITY declarations and processing instructions (`<!ENTITY x SYSTEM "file:///…">`,
 *   `<?php`), plus the tags with values blanked when the document is HTML-family (XHTML, SVG,
 *   MathML), where `<script>` elements and `onload` attributes run.
 * - any other body: one value `body` (JSON is sniffed first when the text starts with `{` or `[`,
 *   because route handlers may `request.json()` whatever the declared type).
 * - `<kind>#overflow`: past MAX_VALUES values, the rest of a kind is joined into one value, so
 *   padding a request with thousands of fields never hides a payload nor costs more than linear time.
 *
 * Never inspected: credentials (Authorization, API-key and token headers, next-auth's session and
 * CSRF cookies, and fields named like `password`, `secret`, `token`, `api_key`): they are compared
 * by hash, never interpolated, and inspecting them would put secrets into evidence and audit logs.
 */
export interface RequestParts {
  method: string;
  /** Raw request path, still percent-encoded, without the query. */
  path: string;
  /** Raw query without the leading "?". */
  search: string;
  /** Header names in any case; a value per entry (repeated names allowed). */
  headers: Iterable<[string, string]>;
  body?: { contentType: string; text: string };
}

/** Receives each value; returning `true` stops the extraction (the inspector has seen enough). */
export type ValueSink = (value: InspectedValue) => boolean | void;

/**
 * Whether a value is already known to hold nothing: it is then neither decoded nor passed on. A
 * value passed on reaches the sink right after its own question, never after another value's.
 */
export type KnownClean = (location: string, kind: LocationKind, raw: string) => boolean;

const MAX_VALUES = 1024;
const MAX_DEPTH = 64;
const MAX_NAME = 64;
const CREDENTIAL_NAME =
  /^(?:(?:new|old|current|confirm)[-_]?)?(?:pass(?:word|wd|phrase)?|pwd)(?:[-_]?confirm(?:ation)?)?$|^(?:client[-_]?)?secret$|^(?:x[-_])?api[-_]?key$|^(?:x[-_])?(?:access|refresh|id|csrf|xsrf|auth|session)?[-_]?token$/i;

/** Headers that carry no user data, or credentials (never scanned, never echoed). */
const SKIPPED_HEADERS = new Set([
  "accept", "accept-charset", "accept-encoding", "accept-language", "access-control-request-headers",
  "access-control-request-method", "authorization", "cache-control", "connection", "content-length",
  "content-type", "cookie", "dnt", "expect", "keep-alive", "pragma", "priority", "proxy-authorization",
  "proxy-connection", "range", "te", "trailer", "transfer-encoding", "upgrade", "upgrade-insecure-requests",
  "x-request-id", "rsc", "next-router-prefetch", "next-router-segment-prefetch", "next-router-state-tree",
]);
const HOSTNAME = /^[A-Za-z0-9.:[\]-]{1,255}$/;

/**
 * Most values need no decoding at all: for them `normalizedForms(raw)` is `[raw]`. Only a percent
 * escape, an entity start, NUL or non-ASCII can change under a decoder (their character classes
 * tell, or DECODING_CHARS for long values), and MAY_DECODE then checks for a real one.
 */
const MAY_DECODE = /%[0-9A-Fa-f]{2}|%[uU][0-9A-Fa-f]{4}|&[#A-Za-z]|[\0\u0080-\uffff]/;
const DECODING_CHARS = /[%&\0\u0080-\uffff]/;

/**
 * Values up to this length get their character classes (the short ones dominate a request, and a
 * class gate spares them four scans); longer ones are left to each detector's own gate, which
 * searches them natively, instead of a character loop here.
 */
const CLASSES_UP_TO = 64;

/** The value the sink receives: its forms and, for short values, their character classes. */
function inspected(location: string, kind: LocationKind, raw: string, decoded: string): InspectedValue {
  if (decoded.length > CLASSES_UP_TO) {
    const forms = DECODING_CHARS.test(decoded) && MAY_DECODE.test(decoded) ? normalizedForms(decoded) : [decoded];
    return { location, kind, raw, forms, chars: undefined };
  }
  const chars = charClasses(decoded);
  if ((chars & (DECODING | NON_ASCII)) === 0 || !MAY_DECODE.test(decoded)) return { location, kind, raw, forms: [decoded], chars };
  const forms = normalizedForms(decoded);
  let all = 0;
  for (const form of forms) all |= form === decoded ? chars : charClasses(form);
  return { location, kind, raw, forms, chars: all };
}

/** Collects values, counting them; past the limit a kind's values are joined into one overflow value. */
class Collector {
  stopped = false;
  private count = 0;
  /**
   * Per kind, the values past the limit joined by "\n" as they come: appending to a string (a
   * rope the engine flattens once) costs a fraction of collecting 100 000 slices and joining them.
   */
  private readonly overflow: Array<{ kind: LocationKind; joined: string }> = [];
  /** The entry spilled into last: a run of one kind's values appends without a search. */
  private last: { kind: LocationKind; joined: string } | null = null;

  constructor(
    private readonly sink: ValueSink,
    private readonly knownClean?: KnownClean,
  ) {}

  /** Past MAX_VALUES: locations no longer matter, walkers may skip building them. */
  get full(): boolean {
    return this.count >= MAX_VALUES;
  }

  /** `decoded` is `raw` after the decoding the location always gets (form `+`, XML entities). */
  add(location: string, kind: LocationKind, raw: string, decoded: string = raw): void {
    if (this.stopped || raw.length === 0) return;
    if (this.count >= MAX_VALUES) {
      this.spill(kind, decoded);
      return;
    }
    if (this.knownClean !== undefined && this.knownClean(location, kind, raw)) return;
    this.count++;
    if (this.sink(inspected(location, kind, raw, decoded)) === true) this.stopped = true;
  }

  /** A field name: inspected unless it is a plain identifier. */
  addName(location: string, kind: LocationKind, raw: string, decoded: string = raw): void {
    if (!isPlainName(raw)) this.add(location + "#key", kind, raw, decoded);
  }

  private spill(kind: LocationKind, value: string): void {
    let entry = this.last;
    if (entry === null || entry.kind !== kind) {
      entry = this.overflow.find((e) => e.kind === kind) ?? null;
      if (entry === null) {
        this.overflow.push((this.last = { kind, joined: value }));
        return;
      }
      this.last = entry;
    }
    entry.joined += "\n" + value;
  }

  finish(): void {
    for (const { kind, joined } of this.overflow) {
      if (this.stopped) return;
      this.count = 0; // the overflow value itself always gets through
      this.add(`${kind}#overflow`, kind, joined);
    }
  }
}

/** Extracts every inspectable value of a request, in request order. */
export function extractValues(parts: RequestParts): InspectedValue[] {
  const values: InspectedValue[] = [];
  forEachValue(parts, (value) => {
    values.push(value);
  });
  return values;
}

/** Streams the values of a request to `sink` (no intermediate array), but those `knownClean` skips; see extractValues. */
export function forEachValue(parts: RequestParts, sink: ValueSink, knownClean?: KnownClean): void {
  const c = new Collector(sink, knownClean);
  c.add("path", "path", parts.path);
  const search = parts.search.charCodeAt(0) === 63 /* ? */ ? parts.search.slice(1) : parts.search;
  if (search) walkForm(search, "query", "query", c);
  walkHeaders(parts.headers, c);
  if (parts.body && parts.body.text) walkBody(parts.body.contentType, parts.body.text, c);
  c.finish();
}

/** True for field names whose values are credentials (never inspected). */
export function isCredentialName(name: string): boolean {
  if (name.length === 0 || name.length > 40) return false;
  // Every credential name ends in pass, passwd, password, passphrase, pwd, confirm(ation), secret,
  // key or token: other last letters spare the regex call.
  const last = name.charCodeAt(name.length - 1) | 0x20;
  if (last !== 0x73 && last !== 0x64 && last !== 0x65 && last !== 0x6d && last !== 0x6e && last !== 0x74 && last !== 0x79) return false;
  return CREDENTIAL_NAME.test(name);
}

// ---- names and locations -------------------------------------------------------------------

/** A name as it appears in a location: decoded once, control characters escaped, bounded. */
function locationPart(name: string): string {
  if (isPlainName(name)) return name;
  let out = "";
  const end = Math.min(name.length, MAX_NAME);
  for (let i = 0; i < end; i++) {
    const code = name.charCodeAt(i);
    out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, "0")}` : name[i];
  }
  return name.length > MAX_NAME ? out + "…" : out;
}

/** PLAIN_NAME without a regex call: `[A-Za-z0-9_-]{1,64}`. */
function isPlainName(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > MAX_NAME) return false;
  for (let i = 0; i < n; i++) {
    const code = s.charCodeAt(i);
    if (!((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d)) return false;
  }
  return true;
}

function plusToSpace(s: string): string {
  return s.indexOf("+") < 0 ? s : s.replaceAll("+", " ");
}

/** Header bytes arrive as Latin-1 code units; UTF-8 sent by a client is restored (lenient, never throws). */
function utf8FromLatin1(s: string): string {
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code > 0xff) return s;
    if (code >= 0x80) high = true;
  }
  if (!high) return s;
  const bytes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return decodeUtf8Lenient(bytes);
}

// ---- query strings and urlencoded bodies ---------------------------------------------------

function walkForm(text: string, prefix: string, kind: LocationKind, c: Collector): void {
  let nextEq = text.indexOf("=");
  let start = 0;
  // What a name yields, remembered for the previous field: repeated names (`a=1&a=2…`) cost no work.
  let lastRaw: string | undefined;
  let lastDecoded = "";
  let lastLocation = "";
  let lastPlain = false;
  let lastCredential = false;
  while (start < text.length && !c.stopped) {
    let end = text.indexOf("&", start);
    if (end < 0) end = text.length;
    if (nextEq >= 0 && nextEq < start) nextEq = text.indexOf("=", start); // amortized: never rescans
    if (end > start) {
      const hasValue = nextEq >= 0 && nextEq < end;
      const nameEnd = hasValue ? nextEq : end;
      if (lastRaw === undefined || lastRaw.length !== nameEnd - start || !text.startsWith(lastRaw, start)) {
        const rawName = text.slice(start, nameEnd);
        const decoded = plusToSpace(rawName);
        // Decoded once for the location and the credential check; long names only matter as values.
        const name = formName(rawName, decoded);
        lastRaw = rawName;
        lastDecoded = decoded;
        lastLocation = c.full ? "" : `${prefix}.${locationPart(name)}`;
        lastPlain = isPlainName(rawName);
        lastCredential = isCredentialName(name);
      } else if (lastLocation === "" && !c.full) {
        lastLocation = `${prefix}.${locationPart(formName(lastRaw, lastDecoded))}`;
      }
      const location = c.full ? prefix : lastLocation;
      if (!lastPlain) c.add(location + "#key", kind, lastRaw, lastDecoded);
      if (hasValue && !lastCredential) {
        const rawValue = text.slice(nextEq + 1, end);
        c.add(location, kind, rawValue, plusToSpace(rawValue));
      }
    }
    start = end + 1;
  }
}

function formName(rawName: string, decoded: string): string {
  return rawName.indexOf("%") < 0 || rawName.length > 256 ? decoded : percentDecodeOnce(decoded);
}

// ---- headers and cookies -------------------------------------------------------------------

function walkHeaders(headers: Iterable<[string, string]>, c: Collector): void {
  for (const [rawName, value] of headers) {
    if (c.stopped) return;
    const name = rawName.toLowerCase();
    if (name === "cookie") {
      walkCookies(value, c);
      continue;
    }
    if (SKIPPED_HEADERS.has(name) || name.startsWith("sec-") || name.startsWith("if-")) continue;
    if (name === "host" && HOSTNAME.test(value)) continue;
    if (isCredentialName(name)) continue;
    c.add(`header.${locationPart(name)}`, "header", value, utf8FromLatin1(value));
  }
}

function walkCookies(header: string, c: Collector): void {
  for (const pair of header.split(";")) {
    if (c.stopped) return;
    const eq = pair.indexOf("=");
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    const value = eq < 0 ? "" : pair.slice(eq + 1).trim();
    if (!name && !value) continue;
    if (name.includes("next-auth.session-token") || name.includes("next-auth.csrf-token")) continue;
    const location = `cookie.${locationPart(name)}`;
    if (name) c.addName(location, "cookie", name, utf8FromLatin1(name));
    if (!isCredentialName(name)) c.add(location, "cookie", value, utf8FromLatin1(value));
  }
}

// ---- bodies --------------------------------------------------------------------------------

function walkBody(contentType: string, text: string, c: Collector): void {
  const semi = contentType.indexOf(";");
  const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") return walkForm(text, "body", "body", c);
  if (type === "multipart/form-data") {
    const boundary = parameter(semi < 0 ? "" : contentType.slice(semi + 1), "boundary");
    // RFC 2046 caps boundaries at 70 characters; a longer one would make the delimiter search costly.
    if (boundary && boundary.length <= 200) return walkMultipart(text, boundary, c);
  }
  const isJson = type === "application/json" || type.endsWith("+json") || type.endsWith("/json");
  if ((isJson || looksLikeJson(text)) && scanJson(text, c)) return;
  if ((type.endsWith("/xml") || type.endsWith("+xml")) && firstNonSpace(text) === "<") return walkXml(text, type, c);
  c.add("body", "body", text);
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== " " && ch !== "\t" && ch !== "\r" && ch !== "\n" && ch !== "\ufeff") return ch;
  }
  return "";
}

function looksLikeJson(text: string): boolean {
  const first = firstNonSpace(text);
  return first === "{" || first === "[";
}

const isJsonSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
/** Number and literal characters (`-1.5e+3`, `true`, `null`); lenient, JSON.parse validates for the app. */
const isScalarChar = (code: number) =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x2d || code === 0x2b || code === 0x2e;

/** `[0]` … `[255]`, so array locations cost one concatenation. */
const INDEX_SUFFIX = Array.from({ length: 256 }, (_, i) => `[${i}]`);

function skipJsonSpace(text: string, i: number): number {
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * A streaming JSON scanner: every key and string value with its location, without building
 * objects (JSON.parse of a 1 MiB adversarial body alone costs more than our whole budget), with no
 * recursion and no depth limit. Valid JSON yields exactly the strings JSON.parse would (duplicate
 * keys: all of them); anything it cannot follow makes it return false, and the caller then
 * inspects the body as text. Values already emitted stay emitted: more inspection, never less.
 */
function scanJson(text: string, c: Collector): boolean {
  const n = text.length;
  // The container stack: a flag byte per level (array? muted?); locations and indices only for the
  // first MAX_DEPTH levels, since deeper values all report their depth-MAX_DEPTH ancestor's location.
  let flags = new Uint8Array(64);
  const locations: string[] = [];
  const indices: number[] = [];
  let top = -1;
  const reader = new JsonStringReader(text);
  let i = skipJsonSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  let location = "body"; // of the value about to be read
  let muted = false; // the value belongs to a credential key: never inspected
  let state = VALUE;
  while (!c.stopped) {
    if (state === VALUE) {
      const code = text.charCodeAt(i);
      if (code === 0x22) {
        const value = reader.read(i);
        if (value === null) return false;
        if (!muted) c.add(location, "body", value);
        i = reader.end;
        state = AFTER;
      } else if (code === 0x7b || code === 0x5b) {
        const isArray = code === 0x5b;
        i = skipJsonSpace(text, i + 1);
        if (text.charCodeAt(i) === (isArray ? 0x5d : 0x7d)) {
          i++; // empty container
          state = AFTER;
          continue;
        }
        top++;
        if (top === flags.length) {
          const grown = new Uint8Array(flags.length * 2);
          grown.set(flags);
          flags = grown;
        }
        flags[top] = (isArray ? IS_ARRAY : 0) | (muted ? MUTED : 0);
        if (top <= MAX_DEPTH) {
          locations[top] = location;
          indices[top] = 0;
        }
        if (isArray) location = elementLocation(locations, indices, top, c.full);
        else state = KEY;
      } else {
        const start = i;
        while (i < n && isScalarChar(text.charCodeAt(i))) i++;
        if (i === start) return false;
        state = AFTER;
      }
    } else if (state === KEY) {
      if (text.charCodeAt(i) !== 0x22) return false;
      const key = reader.read(i);
      if (key === null) return false;
      const parentMuted = (flags[top]! & MUTED) !== 0;
      const parent = locations[Math.min(top, MAX_DEPTH)]!;
      location = top >= MAX_DEPTH || c.full ? parent : `${parent}.${locationPart(key)}`;
      muted = parentMuted || isCredentialName(key);
      if (!parentMuted) c.addName(location, "body", key);
      i = skipJsonSpace(text, reader.end);
      if (text.charCodeAt(i) !== 0x3a /* : */) return false;
      i = skipJsonSpace(text, i + 1);
      state = VALUE;
    } else {
      i = skipJsonSpace(text, i);
      if (top < 0) return i >= n;
      const code = text.charCodeAt(i);
      const isArray = (flags[top]! & IS_ARRAY) !== 0;
      if (code === 0x2c /* , */) {
        i = skipJsonSpace(text, i + 1);
        muted = (flags[top]! & MUTED) !== 0;
        if (isArray) {
          if (top <= MAX_DEPTH) indices[top]!++;
          location = elementLocation(locations, indices, top, c.full);
          state = VALUE;
        } else state = KEY;
      } else if (code === (isArray ? 0x5d : 0x7d)) {
        top--;
        i++;
      } else return false;
    }
  }
  return true;
}

const VALUE = 0;
const KEY = 1;
const AFTER = 2;
const IS_ARRAY = 1;
const MUTED = 2;

function elementLocation(locations: readonly string[], indices: readonly number[], top: number, full: boolean): string {
  if (top >= MAX_DEPTH || full) return locations[Math.min(top, MAX_DEPTH)]!;
  const index = indices[top]!;
  return locations[top]! + (INDEX_SUFFIX[index] ?? `[${index}]`);
}

/** Reads JSON strings of one text; remembers the next backslash so scanning stays linear overall. */
class JsonStringReader {
  /** Index just after the closing quote of the last string read. */
  end = 0;
  private nextBackslash = -2;

  constructor(private readonly text: string) {}

  /** The decoded string whose opening quote is at `open`, or null when it is not valid JSON. */
  read(open: number): string | null {
    const text = this.text;
    const quote = text.indexOf('"', open + 1);
    if (quote < 0) return null;
    if (this.nextBackslash !== -1 && this.nextBackslash <= open) this.nextBackslash = text.indexOf("\\", open + 1);
    if (this.nextBackslash < 0 || this.nextBackslash > quote) {
      this.end = quote + 1;
      return text.slice(open + 1, quote);
    }
    // Escapes: find the real closing quote, then let the native parser decode (and validate) it.
    let i = this.nextBackslash;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code === 0x5c) i += 2;
      else if (code === 0x22) break;
      else i++;
    }
    if (i >= text.length) return null;
    this.end = i + 1;
    this.nextBackslash = -2;
    try {
      return JSON.parse(text.slice(open, i + 1)) as string;
    } catch {
      return null;
    }
  }
}

/**
 * `name=value; other="quoted \" value"` → [[name, value], …], names lowercased, in order. Quoted
 * values keep backslashes (so `..\x` stays visible) and are copied by slices, one pass each.
 */
function parameters(params: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const n = params.length;
  let i = 0;
  let nextBackslash = -2; // remembered, so that many quoted values never rescan the rest
  while (i < n) {
    while (i < n && (params[i] === ";" || params[i] === " " || params[i] === "\t")) i++;
    const nameStart = i;
    while (i < n && params[i] !== "=" && params[i] !== ";") i++;
    const name = params.slice(nameStart, i).trim().toLowerCase();
    let value = "";
    if (params[i] === "=") {
      i++;
      while (i < n && (params[i] === " " || params[i] === "\t")) i++;
      if (params[i] === '"') {
        i++;
        let quote = -2;
        for (;;) {
          if (quote !== -1 && quote < i) quote = params.indexOf('"', i);
          const end = quote < 0 ? n : quote;
          if (nextBackslash !== -1 && nextBackslash < i) nextBackslash = params.indexOf("\\", i);
          const backslash = nextBackslash;
          if (backslash >= 0 && backslash < end) {
            // Kept verbatim: browsers send `C:\fakepath\x` unescaped; an escaped quote only must not end the value.
            value += params.slice(i, backslash + 2);
            i = backslash + 2;
            continue;
          }
          value += params.slice(i, end);
          i = end + 1;
          break;
        }
      } else {
        const end = params.indexOf(";", i);
        value = params.slice(i, end < 0 ? n : end).trim();
        i = end < 0 ? n : end;
      }
    }
    if (name) out.push([name, value]);
  }
  return out;
}

/** The first value of parameter `wanted`. */
function parameter(params: string, wanted: string): string | undefined {
  return parameters(params).find(([name]) => name === wanted)?.[1];
}

/** multipart/form-data with CRLF or bare LF line breaks: field values and file names, never file bytes. */
function walkMultipart(text: string, boundary: string, c: Collector): void {
  const delimiter = `--${boundary}`;
  let at = delimiterAt(text, delimiter, 0);
  while (at >= 0 && !c.stopped) {
    const afterDelimiter = at + delimiter.length;
    if (text.startsWith("--", afterDelimiter)) return; // closing delimiter
    let line = text.indexOf("\n", afterDelimiter);
    if (line < 0) return;
    let disposition = "";
    // Part headers run to the first empty line.
    for (;;) {
      const start = line + 1;
      const end = text.indexOf("\n", start);
      if (end < 0) return;
      const header = text.slice(start, text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (header.startsWith(delimiter)) {
        line = start - 1; // no blank line: the next part starts here, never swallow it as headers
        break;
      }
      line = end;
      if (header === "") break;
      if (header.slice(0, 20).toLowerCase().startsWith("content-disposition:")) disposition = header.slice(20);
    }
    const contentStart = line + 1;
    const next = delimiterAt(text, delimiter, contentStart);
    let contentEnd = next < 0 ? text.length : next;
    if (text.charCodeAt(contentEnd - 1) === 10) contentEnd--;
    if (text.charCodeAt(contentEnd - 1) === 13) contentEnd--;
    multipartPart(disposition, text, contentStart, Math.max(contentStart, contentEnd), c);
    at = next;
  }
}

/**
 * The next delimiter that starts a line. One in the middle of a line is content (as for the app's
 * parser): splitting there would let a field forge a "file" part whose bytes go uninspected.
 */
function delimiterAt(text: string, delimiter: string, from: number): number {
  let at = text.indexOf(delimiter, from);
  while (at > 0 && text.charCodeAt(at - 1) !== 10) at = text.indexOf(delimiter, at + 1);
  return at;
}

function multipartPart(disposition: string, text: string, start: number, end: number, c: Collector): void {
  const semi = disposition.indexOf(";");
  const params = parameters(semi < 0 ? "" : disposition.slice(semi + 1));
  const name = params.find(([key]) => key === "name")?.[1] ?? "";
  const location = name ? `body.${locationPart(name)}` : "body";
  if (name) c.addName(location, "body", name);
  // Every filename parameter is inspected: parsers disagree on which of several wins.
  let file = false;
  for (const [key, value] of params) {
    if (key !== "filename" && key !== "filename*") continue;
    file = true;
    c.add(`${location}.filename`, "body", key === "filename" ? value : stripCharset(value));
  }
  if (!file && !isCredentialName(name)) c.add(location, "body", text.slice(start, end));
}

/** `UTF-8''na%C3%AFve.txt` → `na%C3%AFve.txt` (percent-decoding happens in normalizedForms). */
function stripCharset(extended: string): string {
  const quote = extended.indexOf("''");
  return quote < 0 ? extended : extended.slice(quote + 2);
}

// ---- XML -----------------------------------------------------------------------------------

/** Namespaces whose elements browsers render and run: only then do tags count as markup payloads. */
const ACTIVE_NAMESPACES = new Set(["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"]);
const ACTIVE_ROOTS = new Set(["html", "svg", "math"]);

/**
 * A lenient, linear XML tokenizer. Text, CDATA, comments and attribute values (entity-decoded) are
 * values; `body#markup` holds what is dangerous as markup: DOCTYPE/ENTITY declarations and
 * processing instructions always, and the tags (values blanked) when the document is of the HTML
 * family (an html/svg/math root, an XHTML/SVG/MathML namespace, or an SVG/XHTML content type).
 * In other vocabularies element names are data: 3MF's and AMF's `<object>` is a mesh, not a plugin.
 */
function walkXml(text: string, type: string, c: Collector): void {
  const xml = new XmlWalker(text, c, type === "image/svg+xml" || type === "application/xhtml+xml");
  xml.walk();
}

class XmlWalker {
  /** Declarations and processing instructions, always part of the markup value. */
  private readonly declarations: string[] = [];
  /** Everything, tags included, in document order: the markup value for HTML-family documents. */
  private readonly all: string[] = [];
  private readonly stack: string[] = ["body"];
  private sawElement = false;
  /** Values go to the collector (the first pass); false on the markup-only second pass. */
  private emit = true;
  /** Tags go to `all`: from the start for an HTML-family content type, else on a second pass. */
  private collect = false;

  constructor(
    private readonly text: string,
    private readonly c: Collector,
    private htmlFamily: boolean,
  ) {}

  walk(): void {
    this.collect = this.htmlFamily;
    this.pass();
    if (this.htmlFamily && !this.collect && !this.c.stopped) {
      // Found to be HTML-family along the way: the tags are gathered by a second, value-free pass,
      // so that the common XML documents never build them.
      this.emit = false;
      this.collect = true;
      this.stack.length = 1;
      this.pass();
    }
    const markup = (this.htmlFamily ? this.all : this.declarations).join("");
    this.c.add("body#markup", "body", markup);
  }

  private pass(): void {
    const { text, c } = this;
    const n = text.length;
    let i = 0;
    while (i < n && !c.stopped) {
      const lt = text.indexOf("<", i);
      if (lt < 0) {
        this.addText(text.slice(i));
        break;
      }
      if (lt > i) this.addText(text.slice(i, lt));
      const next = text.charCodeAt(lt + 1);
      if (next !== 0x21 /* ! */ && next !== 0x3f /* ? */) {
        i = this.tag(lt);
      } else if (text.startsWith("<!--", lt)) {
        i = endAfter(text, "-->", lt + 4);
        this.addText(text.slice(lt + 4, text.endsWith("-->", i) ? i - 3 : i));
      } else if (text.startsWith("<![CDATA[", lt)) {
        i = endAfter(text, "]]>", lt + 9);
        const data = text.slice(lt + 9, text.endsWith("]]>", i) ? i - 3 : i);
        if (this.emit && data.trim()) c.add(this.location(), "body", data);
      } else if (text.startsWith("<?", lt)) {
        i = endAfter(text, "?>", lt + 2);
        const pi = text.slice(lt, i);
        if (!/^<\?xml[\s?]/i.test(pi)) this.declaration(pi);
      } else if (text.startsWith("<!", lt)) {
        i = declarationEnd(text, lt + 2);
        this.declaration(text.slice(lt, i));
      } else {
        i = this.tag(lt);
      }
    }
  }

  private location(): string {
    return this.stack[this.stack.length - 1]!;
  }

  private addText(raw: string): void {
    if (this.emit && raw.trim()) this.c.add(this.location(), "body", raw, decodeHtmlEntities(raw));
  }

  private declaration(markup: string): void {
    if (this.emit) this.declarations.push(markup);
    if (this.collect) this.all.push(markup);
  }

  /** One start or end tag at `lt`; returns the index after it. */
  private tag(lt: number): number {
    const { text, stack, c } = this;
    const n = text.length;
    const closing = text.charCodeAt(lt + 1) === 0x2f;
    let i = closing ? lt + 2 : lt + 1;
    const nameStart = i;
    for (; i < n; i++) {
      const code = text.charCodeAt(i);
      if (isXmlSpaceCode(code) || code === 0x3e || code === 0x2f) break;
    }
    const name = text.slice(nameStart, i);
    if (closing) {
      if (stack.length > 1) stack.pop();
      if (this.collect) this.all.push(`</${name}>`);
      return endAfter(text, ">", i);
    }
    if (!this.sawElement) {
      this.sawElement = true;
      if (ACTIVE_ROOTS.has(localName(name))) this.htmlFamily = true;
    }
    const parent = this.location();
    const { emit, collect } = this;
    const location = !emit || stack.length > MAX_DEPTH || c.full ? parent : `${parent}.${locationPart(name)}`;
    let tag = collect ? `<${name}` : "";
    for (;;) {
      while (i < n && isXmlSpaceCode(text.charCodeAt(i))) i++;
      if (i >= n) break;
      let code = text.charCodeAt(i);
      if (code === 0x3e || (code === 0x2f && text.charCodeAt(i + 1) === 0x3e)) break;
      const attrStart = i;
      for (; i < n; i++) {
        code = text.charCodeAt(i);
        if (isXmlSpaceCode(code) || code === 0x3d || code === 0x3e || (code === 0x2f && text.charCodeAt(i + 1) === 0x3e)) break;
      }
      const attr = text.slice(attrStart, i);
      while (i < n && isXmlSpaceCode(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) !== 0x3d /* = */) {
        if (collect) tag += ` ${attr}`;
        if (i === attrStart) i++; // a stray character: skip it so the loop always advances
        continue;
      }
      i++;
      while (i < n && isXmlSpaceCode(text.charCodeAt(i))) i++;
      let value: string;
      const q = text.charCodeAt(i);
      if (q === 0x22 || q === 0x27) {
        const close = text.indexOf(q === 0x22 ? '"' : "'", i + 1);
        const end = close < 0 ? n : close;
        value = text.slice(i + 1, end);
        i = close < 0 ? n : close + 1;
      } else {
        const start = i;
        while (i < n && !isXmlSpaceCode((code = text.charCodeAt(i))) && code !== 0x3e) i++;
        value = text.slice(start, i);
      }
      if (collect) tag += ` ${attr}=""`;
      if (!emit) continue;
      if ((attr === "xmlns" || attr.startsWith("xmlns:")) && ACTIVE_NAMESPACES.has(value.trim())) this.htmlFamily = true;
      if (value.length > 0) c.add(c.full ? location : `${location}@${locationPart(attr)}`, "body", value, decodeHtmlEntities(value));
    }
    const selfClosing = text.charCodeAt(i) === 0x2f && text.charCodeAt(i + 1) === 0x3e;
    if (collect) this.all.push(tag + (selfClosing ? "/>" : ">"));
    if (!selfClosing) stack.push(location);
    return i >= n ? n : i + (selfClosing ? 2 : 1);
  }
}

const isXmlSpaceCode = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;

/** `svg:script` → `script`. */
function localName(name: string): string {
  const colon = name.indexOf(":");
  return (colon < 0 ? name : name.slice(colon + 1)).toLowerCase();
}

function endAfter(text: string, close: string, from: number): number {
  const at = text.indexOf(close, from);
  return at < 0 ? text.length : at + close.length;
}

/** End of `<!DOCTYPE …[ … ]>`: the `>` outside quotes and outside the internal subset. */
function declarationEnd(text: string, from: number): number {
  let bracket = 0;
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === "[") bracket++;
    else if (ch === "]") bracket = Math.max(0, bracket - 1);
    else if (ch === ">" && bracket === 0) return i + 1;
  }
  return text.length;
}

