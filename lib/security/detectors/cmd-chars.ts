/**
 * Character classes and bounded look-aheads of the shell lexer (shell-lexer.ts). Every function
 * here looks at a fixed number of characters, or remembers what it scanned, so the lexer stays
 * linear in its input.
 */

/** How far `${`, `$((` and `$[` look for their closing character. */
const MAX_LOOKAHEAD = 96;

export function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0;
}

export function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

export function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Characters that can continue a word after an obfuscating construct. */
export function isWordChar(c: number): boolean {
  return isNameChar(c) || c === 45 || c === 46 || c === 47 || c === 39 || c === 34;
}

/** After an apostrophe at `i`: `s`, `d`, `t`, `ll`, `re`, `ve`, `m` ending the word (`it's`, `I'd`). */
export function isContraction(s: string, i: number): boolean {
  let j = i;
  while (j < s.length && j - i < 3 && isLetter(s.charCodeAt(j))) j++;
  if (j < s.length && (isNameChar(s.charCodeAt(j)) || s.charCodeAt(j) === 39)) return false;
  const suffix = s.slice(i, j).toLowerCase();
  return suffix === "s" || suffix === "d" || suffix === "t" || suffix === "ll" || suffix === "re" || suffix === "ve" || suffix === "m";
}

/**
 * A written-out `\n` or `\r` at `i` (JSON- or C-escaped text a lenient decoder turns into a line
 * break): `\n` before anything but a letter, `\r` before `\n` or a non-letter. `c\u\r\l` is
 * backslash obfuscation of `curl`, not a break.
 */
export function literalBreak(s: string, i: number): boolean {
  const next = s.charCodeAt(i + 1);
  const after = s.charCodeAt(i + 2);
  if (next === 110) return !isLetter(after);
  if (next === 114) return (after === 92 && s.charCodeAt(i + 3) === 110) || (!isLetter(after) && after !== 92);
  return false;
}

/** ASCII characters with a meaning to the lexer (blanks, controls, operators, quotes, `\ ^ \` $ [ * ?`). */
export const SPECIAL = new Uint8Array(128);
for (let c = 0; c < 33; c++) SPECIAL[c] = 1;
for (const ch of ";|&()<>'\"\\^`$[*?") SPECIAL[ch.charCodeAt(0)] = 1;
/** The same with `+` as a blank: the reading of a value a form decoder never saw (`cat+/etc/passwd`). */
export const SPECIAL_PLUS = SPECIAL.slice();
SPECIAL_PLUS[43] = 1;

/** Ends a word: blanks, line breaks and the operator characters. */
export function endsWord(c: number): boolean {
  return isBlank(c) || c === 10 || c === 13 || c === 59 || c === 124 || c === 38 || c === 41 || c === 40 || c === 60 || c === 62;
}

/**
 * Finds a closing character (`)`, `]`, `}`) within MAX_LOOKAHEAD characters, remembering the last
 * search per character, so `${${${...` (each `${` looking ahead for its `}`) costs one pass over
 * the input instead of MAX_LOOKAHEAD per `$`.
 */
export class CloseFinder {
  private readonly found = new Map<number, { from: number; scannedTo: number; at: number }>();

  constructor(private readonly s: string) {}

  find(from: number, close: number): number {
    const limit = Math.min(this.s.length, from + MAX_LOOKAHEAD);
    const last = this.found.get(close);
    let start = from;
    if (last && from >= last.from) {
      if (last.at >= from) return last.at < limit ? last.at : -1;
      if (last.at < 0 && from < last.scannedTo) start = last.scannedTo; // nothing there up to scannedTo
    }
    let at = -1;
    for (let i = start; i < limit; i++) {
      if (this.s.charCodeAt(i) === close) {
        at = i;
        break;
      }
    }
    this.found.set(close, { from, scannedTo: at < 0 ? limit : at, at });
    return at;
  }
}

/**
 * Length of an HTML/XML tag at `i` (`<code>`, `</a>`, `<a href="...">`), or 0. Markup is no shell
 * redirection: `Wait for <code>ok</code>` must not read as `Wait for <code >ok <\/code>`. A real
 * redirection (`cat </etc/passwd`, `bcdboot < file.txt`) has no closing `>`.
 */
export function markupLength(s: string, i: number): number {
  let j = i + 1;
  if (s.charCodeAt(j) === 47) j++;
  if (!isLetter(s.charCodeAt(j))) return 0;
  while (isNameChar(s.charCodeAt(j)) || s.charCodeAt(j) === 45) j++;
  const c = s.charCodeAt(j);
  if (c !== 62 && !isBlank(c) && c !== 47) return 0;
  const end = Math.min(s.length, i + 400);
  for (; j < end; j++) {
    const d = s.charCodeAt(j);
    if (d === 62) return j - i + 1;
    if (d === 60 || d === 10 || d === 96 || d === 59 || d === 124) return 0;
  }
  return 0;
}

/** Length of an `$IFS` / `${IFS}` / `${IFS%??}` field separator at `i`, or 0. */
export function ifsLength(s: string, i: number): number {
  if (s.startsWith("$IFS", i) && !isNameChar(s.charCodeAt(i + 4))) return 4;
  if (s.startsWith("${IFS", i) && !isNameChar(s.charCodeAt(i + 5))) {
    // `${IFS}`, `${IFS%??}`, `${IFS:0:1}`: short by nature; a bounded look keeps `${IFS${IFS...` linear.
    const end = Math.min(s.length, i + 16);
    for (let k = i + 5; k < end; k++) if (s.charCodeAt(k) === 125 /* } */) return k - i + 1;
    return 0;
  }
  return 0;
}
