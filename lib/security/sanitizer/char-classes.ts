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

/** The pair bits: what the previous character enables, the current one completes. */
const PAIRS = LETTER_PAIR | XSS_DOT | DOT_DOT | ZERO_X;
/**
 * One entry per ASCII character, one load per character: bits 0-15 the classes it sets on its
 * own and the pair bits it completes (masked by what the previous character enabled), bits 16-31
 * the pair bits it enables for the next character.
 */
const TABLE = new Uint32Array(128);

for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const letter = /[A-Za-z]/.test(ch);
  let own = 0;
  if (letter) own |= LETTER;
  if (ch === "%" || ch === "&" || c === 0) own |= DECODING;
  if ("'\"`;|&/@:#?(=<>!)+".includes(ch)) own |= SQL_PUNCT;
  if ("<(`[{=:-!\\+&".includes(ch)) own |= XSS_PUNCT;
  if (!/[A-Za-z0-9 \t.,\-_:+]/.test(ch)) own |= SHELL;
  if (ch === "/" || ch === "\\") own |= SLASH;
  const completes = (letter ? LETTER_PAIR : 0) | (ch === "." ? DOT_DOT | XSS_DOT : 0) | (ch === "x" || ch === "X" ? ZERO_X : 0);
  const enables = (letter ? LETTER_PAIR | XSS_DOT : 0) | (ch === "." ? DOT_DOT : 0) | (ch === "0" ? ZERO_X : 0) | (ch === ")" || c <= 0x20 || ch === "/" ? XSS_DOT : 0);
  TABLE[c] = own | completes | (enables << 16);
}

/** Bits of one string. */
export function charClasses(s: string): number {
  let own = 0;
  let pairs = 0;
  let enabled = 0; // pair bits the previous character enables (none at the start)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) {
      own |= NON_ASCII | SHELL;
      enabled = 0;
      continue;
    }
    const entry = TABLE[c]!;
    own |= entry;
    pairs |= entry & enabled;
    enabled = entry >>> 16;
  }
  return (own & ~PAIRS & 0xffff) | (pairs & PAIRS);
}

/** Bits of several forms (their union). */
export function formClasses(forms: readonly string[]): number {
  let bits = 0;
  for (let f = 0; f < forms.length; f++) bits |= charClasses(forms[f]!);
  return bits;
}
