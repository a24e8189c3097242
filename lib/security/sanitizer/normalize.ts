/**
 * Decoding that attackers use to hide payloads, undone before detection. Every function here is a
 * single left-to-right pass (linear time, no regular expressions that can backtrack).
 */

/** URL decoding passes before we stop: enough for double and triple encoding, bounded for cost. */
const MAX_URL_DECODE_PASSES = 4;

const HEX = "0123456789abcdefABCDEF";
function hexValue(c: string): number {
  const i = HEX.indexOf(c);
  return i < 0 ? -1 : i < 16 ? i : i - 6;
}

/**
 * One pass of percent-decoding that never throws: `%XX` sequences become bytes decoded as UTF-8
 * (overlong encodings such as `%c0%ae` decoded to the character they spell), `%uXXXX` becomes the
 * code unit, and `+` stays `+` (form decoding is done by the caller where it applies).
 */
export function percentDecodeOnce(input: string): string {
  if (input.indexOf("%") < 0) return input;
  let out = "";
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += decodeUtf8Lenient(bytes);
    bytes = [];
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === "%" && i + 2 < input.length) {
      const hi = hexValue(input[i + 1]!);
      const lo = hexValue(input[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        bytes.push(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (c === "%" && (input[i + 1] === "u" || input[i + 1] === "U") && i + 5 < input.length) {
      const code = parseHex4(input, i + 2);
      if (code >= 0) {
        flush();
        out += String.fromCharCode(code);
        i += 5;
        continue;
      }
    }
    flush();
    out += c;
  }
  flush();
  return out;
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
  let out = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    let need = 0;
    let cp = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
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
      out += String.fromCharCode(b);
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (next & 0x3f);
    }
    if (!ok || cp > 0x10ffff) {
      out += String.fromCharCode(b);
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need;
  }
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

/** Decodes HTML character references (`&lt;`, `&#60;`, `&#x3c;`, with or without `;`). */
export function decodeHtmlEntities(input: string): string {
  if (input.indexOf("&") < 0) return input;
  let out = "";
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c !== "&") {
      out += c;
      continue;
    }
    let j = i + 1;
    if (input[j] === "#") {
      j++;
      const hex = input[j] === "x" || input[j] === "X";
      if (hex) j++;
      let value = 0;
      const start = j;
      while (j < input.length && j - start < 8) {
        const d = hex ? hexValue(input[j]!) : "0123456789".indexOf(input[j]!);
        if (d < 0) break;
        value = value * (hex ? 16 : 10) + d;
        j++;
      }
      if (j > start && value <= 0x10ffff) {
        out += String.fromCodePoint(value);
        i = input[j] === ";" ? j : j - 1;
        continue;
      }
    } else {
      const start = j;
      while (j < input.length && j - start < 10 && /[A-Za-z]/.test(input[j]!)) j++;
      const name = input.slice(start, j).toLowerCase();
      const decoded = NAMED_ENTITIES[name];
      if (decoded !== undefined) {
        out += decoded;
        i = input[j] === ";" ? j : j - 1;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** Removes NUL bytes (used to truncate strings in C-backed parsers) and applies Unicode NFKC (fullwidth `＜` → `<`). */
export function canonicalize(input: string): string {
  let s = input.indexOf("\u0000") >= 0 ? input.split("\u0000").join("") : input;
  // NFKC only matters for non-ASCII input; skipping it for ASCII keeps the common case cheap.
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      s = s.normalize("NFKC");
      break;
    }
  }
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
