/**
 * Which kinds of characters a value holds, found in one pass at extraction and shared by every
 * detector's gate (InspectedValue.chars). Each bit is a superset of what a gate looks for, so a
 * value whose bits miss a family's characters is cleared without a scan of its own:
 * `G1 X3.70 Y1.30 E0.0500` (letters, digits, blanks, dots after digits) carries no SQL, script,
 * shell syntax or path; before, four gates scanned it one after the other.
 *
 * Bits are the union over all of a value's forms (a bit missing means no form has it). Pairs are
 * found with the previous character: two letters in a row, `..`, `0x`, and a `.` where a script
 * property access can stand.
 */

/** `A-Z a-z`. */
export const LETTER = 1 << 0;
/** Two ASCII letters in a row (a word of two letters or more: SQL needs one, or punctuation). */
export const LETTER_PAIR = 1 << 1;
/** Any character beyond ASCII. */
export const NON_ASCII = 1 << 2;
/** `%`, `&` or NUL: with NON_ASCII, the characters a decoder may change. */
export const DECODING = 1 << 3;
/** `' " \` ; | & / @ : # ? ( = < > ! ) +`: SQL_POSSIBLE's punctuation, and `+` (read as a space). */
export const SQL_PUNCT = 1 << 4;
/** `< ( \` [ { = : - ! \ + &`: a character the XSS gate's triggers start with (`.` apart). */
export const XSS_PUNCT = 1 << 5;
/** A `.` after a letter, `)`, a control character, a blank or `/` (`document.cookie`, `*\/.`). */
export const XSS_DOT = 1 << 6;
/** Anything but letters, digits, space, tab and `. , - _ : +` (plus non-ASCII): shell syntax may be there. */
export const SHELL = 1 << 7;
/** `/` or `\`. */
export const SLASH = 1 << 8;
/** `..`. */
export const DOT_DOT = 1 << 9;
/** `0x` or `0X`. */
export const ZERO_X = 1 << 10;

/** Bits a character sets on its own. */
const OWN = new Uint16Array(128);
/** Pair bits a character completes, when the previous character enables them (ENABLES). */
const COMPLETES = new Uint16Array(128);
/** Pair bits a character enables for the next one. */
const ENABLES = new Uint16Array(128);

for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const letter = /[A-Za-z]/.test(ch);
  let bits = 0;
  if (letter) bits |= LETTER;
  if (ch === "%" || ch === "&" || c === 0) bits |= DECODING;
  if ("'\"`;|&/@:#?(=<>!)+".includes(ch)) bits |= SQL_PUNCT;
  if ("<(`[{=:-!\\+&".includes(ch)) bits |= XSS_PUNCT;
  if (!/[A-Za-z0-9 \t.,\-_:+]/.test(ch)) bits |= SHELL;
  if (ch === "/" || ch === "\\") bits |= SLASH;
  OWN[c] = bits;
  COMPLETES[c] = (letter ? LETTER_PAIR : 0) | (ch === "." ? DOT_DOT | XSS_DOT : 0) | (ch === "x" || ch === "X" ? ZERO_X : 0);
  ENABLES[c] = (letter ? LETTER_PAIR | XSS_DOT : 0) | (ch === "." ? DOT_DOT : 0) | (ch === "0" ? ZERO_X : 0) | (ch === ")" || c <= 0x20 || ch === "/" ? XSS_DOT : 0);
}

/** Bits of one string. */
export function charClasses(s: string): number {
  let bits = 0;
  let enabled = 0; // pair bits the previous character enables (none at the start)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      bits |= NON_ASCII | SHELL;
      enabled = 0;
      continue;
    }
    bits |= OWN[c]! | (COMPLETES[c]! & enabled);
    enabled = ENABLES[c]!;
  }
  return bits;
}

/** Bits of several forms (their union). */
export function formClasses(forms: readonly string[]): number {
  let bits = 0;
  for (let f = 0; f < forms.length; f++) bits |= charClasses(forms[f]!);
  return bits;
}
