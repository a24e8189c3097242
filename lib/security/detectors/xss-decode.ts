/**
 * Encodings that hide markup from filters but not from the consumer: JavaScript string escapes,
 * UTF-7 (served to old browsers that sniff charsets), and 8-bit bytes a 7-bit stack masks to
 * ASCII (0xBC `¼` → 0x3C `<`). One linear pass each.
 */

import { decodeUtf8Lenient } from "../sanitizer/normalize";

const hex = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

function readHex(s: string, at: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const h = hex(s.charCodeAt(at + k));
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

/**
 * `\x3c`, `\u003c`, `\u{3c}`, `\74` → `<`; other backslashes kept. Runs of `\xHH` are bytes, read
 * as (lenient) UTF-8: `\xc2\xbc` is `¼`.
 */
export function decodeJsEscapes(s: string): string {
  const parts: string[] = [];
  let copied = 0; // s[copied…] is not emitted yet
  let bytes: number[] = [];
  let bytesStart = 0;
  let bytesEnd = 0;
  const flush = () => {
    if (!bytes.length) return;
    parts.push(s.slice(copied, bytesStart), decodeUtf8Lenient(bytes));
    copied = bytesEnd;
    bytes = [];
  };
  for (let i = s.indexOf("\\"); i >= 0; i = s.indexOf("\\", i + 1)) {
    let j = i + 1;
    while (s.charCodeAt(j) === 92 && j - i < 8) j++; // `\\x3c` in a doubly escaped string
    const k = s.charCodeAt(j);
    let value = -1;
    let end = j;
    if (k === 120) {
      value = readHex(s, j + 1, 2);
      end = j + 3;
    } else if (k === 117 && s.charCodeAt(j + 1) === 123) {
      let close = j + 2;
      while (close < s.length && close - j < 9 && s.charCodeAt(close) !== 125) close++;
      if (s.charCodeAt(close) === 125 && close > j + 2) value = readHex(s, j + 2, close - j - 2);
      end = close + 1;
    } else if (k === 117) {
      value = readHex(s, j + 1, 4);
      end = j + 5;
    } else if (k >= 48 && k <= 55) {
      // Legacy octal (`\74svg o\156load`): 0-3 then up to two more octal digits, 4-7 then one.
      value = k - 48;
      end = j + 1;
      const max = k <= 51 ? 3 : 2;
      while (end - j < max && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 55) value = value * 8 + s.charCodeAt(end++) - 48;
    }
    if (value < 0 || value > 0x10ffff) {
      i = j - 1;
      continue;
    }
    if (k === 120) {
      // Consecutive `\xHH` are the bytes of one UTF-8 sequence (`\xc2\xbc` is `¼`).
      if (bytes.length && bytesEnd !== i) flush();
      if (!bytes.length) bytesStart = i;
      bytes.push(value);
      bytesEnd = end;
    } else {
      flush();
      parts.push(s.slice(copied, i), String.fromCodePoint(value));
      copied = end;
    }
    i = end - 1;
  }
  flush();
  if (!parts.length) return s;
  parts.push(s.slice(copied));
  return parts.join("");
}

const B64_VALUE = new Int8Array(128).fill(-1);
"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".split("").forEach((ch, v) => (B64_VALUE[ch.charCodeAt(0)] = v));

/** UTF-7: `+ADw-script+AD4-` → `<script>`. Runs longer than 64 base64 characters are left as they are. */
export function decodeUtf7(s: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let i = s.indexOf("+"); i >= 0 && i < s.length; i = s.indexOf("+", i + 1)) {
    let j = i + 1;
    let bits = 0;
    let nbits = 0;
    let decoded = "";
    while (j < s.length && j - i <= 64) {
      const c = s.charCodeAt(j);
      const v = c < 128 ? B64_VALUE[c]! : -1;
      if (v < 0) break;
      bits = ((bits << 6) | v) & 0xffffff;
      nbits += 6;
      if (nbits >= 16) {
        nbits -= 16;
        decoded += String.fromCharCode((bits >> nbits) & 0xffff);
      }
      j++;
    }
    if (j - i > 64) {
      i = j - 1; // a run this long is data, not UTF-7; go on after it
      continue;
    }
    if (!decoded) continue;
    parts.push(s.slice(copied, i), decoded);
    copied = s[j] === "-" ? j + 1 : j;
    i = copied - 1;
  }
  if (!parts.length) return s;
  parts.push(s.slice(copied));
  return parts.join("");
}

/**
 * Characters cut down to 7 bits by a stack that masks bytes or truncates code units:
 * `¼script¾alert(¢XSS¢)` (0xBC → 0x3C) and `мscriptо` (U+043C → 0x3C) both read `<script>`.
 */
export function sevenBit(s: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80 || c > 0x4ff) continue;
    parts.push(s.slice(copied, i), String.fromCharCode(c & 0x7f));
    copied = i + 1;
  }
  parts.push(s.slice(copied));
  return parts.join("");
}

/** Does the text hold a character that `sevenBit` turns into `<`? */
export const hasSevenBitTag = (s: string): boolean => s.includes("\u00bc") || s.includes("\u043c");
