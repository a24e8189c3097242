/**
 * Decoding that attackers use to hide payloads, undone before detection. Every function here is a
 * single left-to-right pass (linear time, no regular expressions that can backtrack).
 */

/** URL decoding passes before we stop: enough for double and triple encoding, bounded for cost. */
const MAX_URL_DECODE_PASSES = 4;

function hexValue(c: string): number {
  return hexCode(c.charCodeAt(0));
}

function hexCode(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/**
 * One pass of percent-decoding that never throws: `%XX` sequences become bytes decoded as UTF-8
 * (overlong encodings such as `%c0%ae` decoded to the character they spell), `%uXXXX` becomes the
 * code unit, and `+` stays `+` (form decoding is done by the caller where it applies).
 */
export function percentDecodeOnce(input: string): string {
  if (input.indexOf("%") < 0) return input;
  // The first escape that decodes, found natively: a value with none (a stable `%%%…` after an
  // earlier pass, a literal `100%`) is returned as is, never copied.
  DECODABLE_ESCAPE.lastIndex = 0;
  const first = DECODABLE_ESCAPE.exec(input);
  if (first === null) return input;
  const pct = first.index;
  const n = input.length;
  // Output never outgrows the input: every escape yields at most one code unit per 3 characters
  // (a 4-byte sequence, 12 characters, yields a surrogate pair), so one reusable buffer suffices.
  if (outBuf.length < n) outBuf = new Uint16Array(Math.max(n, outBuf.length * 2));
  const out = outBuf;
  let w = 0;
  let changed = false;
  for (let k = 0; k < pct; k++) out[w++] = input.charCodeAt(k);
  let i = pct;
  while (i < n) {
    const code = input.charCodeAt(i);
    if (code !== 37) {
      out[w++] = code;
      i++;
      continue;
    }
    // A run of %XX escapes becomes one byte sequence, decoded as UTF-8 at once.
    let nb = 0;
    let j = i;
    while (j + 2 < n && input.charCodeAt(j) === 37) {
      const hi = hexCode(input.charCodeAt(j + 1));
      const lo = hexCode(input.charCodeAt(j + 2));
      if (hi < 0 || lo < 0) break;
      if (nb === byteBuf.length) {
        const grown = new Uint8Array(byteBuf.length * 2);
        grown.set(byteBuf);
        byteBuf = grown;
      }
      byteBuf[nb++] = hi * 16 + lo;
      j += 3;
    }
    if (nb > 0) {
      w = utf8Into(byteBuf, nb, out, w);
      changed = true;
      i = j;
      continue;
    }
    const next = input.charCodeAt(i + 1);
    if ((next === 117 || next === 85) /* u U */ && i + 5 < n) {
      const unit = parseHex4(input, i + 2);
      if (unit >= 0) {
        out[w++] = unit;
        changed = true;
        i += 6;
        continue;
      }
    }
    out[w++] = code;
    i++;
  }
  return changed ? unitsToString(out, w) : input;
}

const DECODABLE_ESCAPE = /%(?:[0-9A-Fa-f]{2}|[uU][0-9A-Fa-f]{4})/g;
let outBuf = new Uint16Array(256);
let byteBuf = new Uint8Array(64);

/** Lenient UTF-8 (see decodeUtf8Lenient) of bytes[0, len) into out from w; returns the new w. */
function utf8Into(bytes: ArrayLike<number>, len: number, out: Uint16Array | number[], w: number): number {
  for (let i = 0; i < len; i++) {
    const b = bytes[i]!;
    let need = 0;
    let cp = 0;
    if (b < 0x80) {
      out[w++] = b;
      continue;
    } else if (b >= 0xc0 && b < 0xe0) {
      need = 1;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b < 0xf0) {
      need = 2;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b < 0xf8) {
      need = 3;
      cp = b & 0x07;
    } else {
      out[w++] = b;
      continue;
    }
    let ok = i + need < len;
    for (let k = 1; ok && k <= need; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (next & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      out[w++] = b;
      continue;
    }
    if (cp > 0xffff) {
      out[w++] = 0xd800 + ((cp - 0x10000) >> 10);
      out[w++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
    } else out[w++] = cp;
    i += need;
  }
  return w;
}

/** The string of units[0, len), in chunks that stay below the engine's argument limit. */
function unitsToString(units: Uint16Array, len: number): string {
  if (len <= 8192) return String.fromCharCode.apply(null, units.subarray(0, len) as unknown as number[]);
  const chunks: string[] = [];
  for (let i = 0; i < len; i += 8192) chunks.push(String.fromCharCode.apply(null, units.subarray(i, Math.min(len, i + 8192)) as unknown as number[]));
  return chunks.join(""); // flat, so that the next pass reads it at full speed
}

function parseHex4(s: string, at: number): number {
  let v = 0;
  for (let k = 0; k < 4; k++) {
    const h = hexValue(s[at + k] ?? "");
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * UTF-8 decoding that accepts overlong forms (`C0 AE` → `.`), as lenient servers once did and
 * attackers still try; invalid bytes are kept as Latin-1 characters rather than dropped.
 */
export function decodeUtf8Lenient(bytes: readonly number[]): string {
  const units: number[] = [];
  const w = utf8Into(bytes, bytes.length, units, 0);
  units.length = w;
  return fromCharCodes(units);
}

/** String.fromCharCode over a long array, in chunks that stay below the engine's argument limit. */
function fromCharCodes(units: number[]): string {
  if (units.length <= 8192) return String.fromCharCode(...units);
  let out = "";
  for (let i = 0; i < units.length; i += 8192) out += String.fromCharCode(...units.slice(i, i + 8192));
  return out;
}

/** Percent-decodes until the value stops changing (at most MAX_URL_DECODE_PASSES passes). */
export function urlDecodeFully(input: string): string {
  let current = input;
  for (let pass = 0; pass < MAX_URL_DECODE_PASSES; pass++) {
    const next = percentDecodeOnce(current);
    if (next === current) break;
    current = next;
  }
  return current;
}

const NAMED_ENTITIES: Record<string, string> = {
  lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", sol: "/", bsol: "\\", colon: ":", semi: ";",
  lpar: "(", rpar: ")", equals: "=", nbsp: " ", tab: "\t", newline: "\n", grave: "`", excl: "!",
  num: "#", percnt: "%", period: ".", comma: ",", lsqb: "[", rsqb: "]", lcub: "{", rcub: "}",
  verbar: "|", vert: "|", ast: "*", plus: "+", dollar: "$",
};

/**
 * An `&` that may start a reference: `&#` and a decimal digit, `&#x` and a hex digit, or `&` and a
 * letter. The loop below decodes nothing else, so the others (`&&`, `&#&#`, `& `) are skipped by one
 * native search instead of a step each.
 */
const ENTITY_START = /&(?=#[xX][0-9A-Fa-f]|#[0-9]|[A-Za-z])/g;

/** The index of the next possible reference at or after `from`, or -1 (a one-character match: no match object). */
function entityAt(input: string, from: number): number {
  ENTITY_START.lastIndex = from;
  return ENTITY_START.test(input) ? ENTITY_START.lastIndex - 1 : -1;
}

/** Decodes HTML character references (`&lt;`, `&#60;`, `&#x3c;`, with or without `;`). */
export function decodeHtmlEntities(input: string): string {
  let amp = input.indexOf("&");
  if (amp < 0) return input;
  amp = entityAt(input, amp);
  let out = "";
  let copied = 0;
  while (amp >= 0) {
    let j = amp + 1;
    let decoded: string | undefined;
    if (input.charCodeAt(j) === 35 /* # */) {
      j++;
      const hex = input[j] === "x" || input[j] === "X";
      if (hex) j++;
      let value = 0;
      const start = j;
      while (j < input.length && j - start < 8) {
        const d = hex ? hexValue(input[j]!) : decimalValue(input.charCodeAt(j));
        if (d < 0) break;
        value = value * (hex ? 16 : 10) + d;
        j++;
      }
      if (j > start && value <= 0x10ffff) decoded = String.fromCodePoint(value);
    } else {
      const start = j;
      while (j < input.length && j - start < 10 && isAsciiLetter(input.charCodeAt(j))) j++;
      if (j > start) decoded = NAMED_ENTITIES[input.slice(start, j).toLowerCase()];
    }
    if (decoded === undefined) {
      amp = entityAt(input, amp + 1);
      continue;
    }
    out += input.slice(copied, amp) + decoded;
    copied = input[j] === ";" ? j + 1 : j;
    amp = entityAt(input, copied);
  }
  return copied === 0 ? input : out + input.slice(copied);
}

function decimalValue(code: number): number {
  return code >= 48 && code <= 57 ? code - 48 : -1;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Removes NUL bytes (used to truncate strings in C-backed parsers) and applies Unicode NFKC (fullwidth `＜` → `<`). */
export function canonicalize(input: string): string {
  let s = input.indexOf("\u0000") >= 0 ? input.split("\u0000").join("") : input;
  // NFKC only matters for non-ASCII input; skipping it for ASCII keeps the common case cheap.
  if (NON_ASCII.test(s)) s = s.normalize("NFKC");
  return s;
}

/**
 * The forms detectors look at, in order: the raw value, fully URL-decoded and canonicalized, then
 * HTML-entity decoded (and decoded again: `&#37;2e` hides `%2e`). Duplicates are dropped, so plain
 * text costs one form. Form-encoding's `+` is undone by the caller, where it applies.
 */
export function normalizedForms(raw: string): string[] {
  const decoded = canonicalize(urlDecodeFully(raw));
  const forms = [decoded];
  const entities = decodeHtmlEntities(decoded);
  if (entities !== decoded) forms.push(canonicalize(urlDecodeFully(entities)));
  if (decoded !== raw && !forms.includes(raw)) forms.unshift(raw);
  return forms;
}
