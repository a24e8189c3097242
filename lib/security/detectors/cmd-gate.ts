/**
 * The command-injection pre-gate: one allocation-free pass that clears values a shell reading
 * cannot flag. A value needs the full reading (cmd-scan.ts) when it holds any character with a
 * meaning to a shell, cmd.exe or PowerShell (operators, quotes, escapes, `$`, globs, `=`, `%`,
 * `^`, `~`, `!`, line breaks, Unicode blanks), a `/dev/` path, or when a word at a command
 * position may name a command: the first word, the word after `(`, and the word after each `;`,
 * `&` or `|`. A word there that is no command ends that command: the rest are arguments with
 * nothing to expand.
 */
import * as cmd_words_ from "./cmd-words";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { ENGLISH, KEYWORD, STRONG, WEAK, lettersOrGcode, lookupCommand, mayBeTableWord, tableWord } = cmd_words_;

/** Characters with no meaning to any shell reading: letters, digits, blanks, `. , - _ : / +`. */
const QUIET = new Uint8Array(128);
for (let c = 48; c <= 57; c++) QUIET[c] = 1;
for (let c = 65; c <= 90; c++) QUIET[c] = 1;
for (let c = 97; c <= 122; c++) QUIET[c] = 1;
for (const c of [32, 9, 46, 44, 45, 95, 58, 47, 43]) QUIET[c] = 1;
// The separators `;`, `&` and `|` too, but each opens a command position (see separatorNeedsReading).
for (const c of [59, 38, 124]) QUIET[c] = 2;

function isSeparator(c: number): boolean {
  return c === 59 || c === 38 || c === 124;
}

/**
 * After `;`, `&`, `|` (and runs of them: `&&`, `||`, `;;`, `|&`) stands a command position. A
 * value needs the full reading when any of them is followed by anything but a plain-letters or
 * G-code word that is no table word: a command name, a path, a number, a flag, a `+` (read as a
 * blank), or any other character. `(` after a separator is a group: groupNeedsReading judges it.
 */
function separatorNeedsReading(s: string, from: number): boolean {
  const n = s.length;
  for (let i = from; i < n; i++) {
    if (!isSeparator(s.charCodeAt(i))) continue;
    let j = i + 1;
    while (j < n) {
      const c = s.charCodeAt(j);
      if (c !== 32 && c !== 9 && !isSeparator(c)) break;
      j++;
    }
    if (j >= n) return false;
    const first = s.charCodeAt(j);
    if (first === 40 || first === 41) {
      i = j;
      continue;
    }
    let e = j;
    while (e < n) {
      const c = s.charCodeAt(e);
      if (c === 32 || c === 9 || c === 40 || c === 41 || isSeparator(c)) break;
      e++;
    }
    if (!lettersOrGcode(s, j, e) || mayBeTableWord(s, j, e)) return true;
    i = e - 1;
  }
  return false;
}

/**
 * Parentheses are quiet too, with one proviso: `(` opens a group (or a call), and the word after
 * it stands at a command position. There, a plain-letters English or weak command word directly
 * closed by `)` (`(final)`, `(+node)`, `(ID)`) is no finding: a group needs a strong command or
 * argument evidence, and it has no arguments. Any other command word there needs the full reading.
 */
function groupNeedsReading(s: string, open: number): boolean {
  const n = s.length;
  let i = open + 1;
  for (;;) {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 43) break;
      i++;
    }
    if (i >= n || s.charCodeAt(i) === 41) return false;
    if (s.charCodeAt(i) !== 40) break;
    i++; // `((`: the next group opens at once
  }
  const start = i;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 40 || c === 41 || isSeparator(c)) break;
    if (c === 43) return true; // `(cat+/etc/passwd)`: read with `+` as a blank
    i++;
  }
  const letters = lettersOrGcode(s, start, i);
  const info = letters ? tableWord(s, start, i) : lookupCommand(s.slice(start, i));
  if (info === null) return false;
  if (!letters || info.tier === STRONG || (info.tier !== WEAK && info.tier !== ENGLISH) || (info.traits & KEYWORD) !== 0 || info.name === "at") return true;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 43) break;
    i++;
  }
  return i >= n || s.charCodeAt(i) !== 41;
}

/** Non-ASCII that a reading may treat as a blank, quote or operator (NBSP, smart quotes, fullwidth forms). */
function loudNonAscii(c: number): boolean {
  return c < 0xc0 || (c >= 0x2000 && c <= 0x206f) || c === 0x1680 || c === 0x3000 || c >= 0xfe00;
}

/**
 * A character that forces the reading (anything but QUIET characters, separators, parentheses and
 * non-ASCII that no reading treats as syntax: the complement of loudNonAscii), or a `/dev/` path.
 */
const LOUD = /[^0-9A-Za-z \t.,\-_:/+;&|()\u00c0-\u167f\u1681-\u1fff\u2070-\u2fff\u3001-\ufdff]|\/dev\//;
const SEPARATOR = /[;&|]/;

/** True when `s` needs the full shell reading. */
export function needsShellReading(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const lead = i;
  // Longer values: the native search settles most of them (prose has a quote or an apostrophe);
  // what the loop below would learn on the way is then read with native searches too.
  if (n > 32) return LOUD.test(s) ? true : quietVerdict(s, lead);
  let leadEnd = -1;
  let leadPlus = false;
  let parens = false;
  let separator = -1;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      const quiet = QUIET[c];
      if (quiet === 1) {
        if (c === 32 || c === 9) {
          if (leadEnd < 0) leadEnd = i;
        } else if (c === 43) {
          if (leadEnd < 0) leadPlus = true;
        } else if (c === 47 && s.charCodeAt(i + 1) === 100 && s.startsWith("dev/", i + 1)) {
          return true; // `/dev/tcp/...`
        }
      } else if (quiet === 0) {
        if (c !== 40 && c !== 41) return true;
        parens = true;
        if (leadEnd < 0) leadEnd = i;
      } else {
        if (separator < 0) separator = i; // `;`, `&`, `|`
        if (leadEnd < 0) leadEnd = i;
      }
    } else if (loudNonAscii(c)) {
      return true;
    }
  }
  if (leadEnd < 0) leadEnd = n;
  return afterScan(s, lead, leadEnd, leadPlus, parens, separator);
}

/**
 * needsShellReading for a value with only letters, digits, blanks and `. , - _ : +` (no SHELL class
 * bit, see char-classes.ts): no separator, parenthesis or `/dev/` can be there, so the lead word
 * decides, and only it is read.
 */
export function leadNeedsReading(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const lead = i;
  let leadPlus = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) break;
    if (c === 43) leadPlus = true;
  }
  return afterScan(s, lead, i, leadPlus, false, -1);
}

/** needsShellReading's verdict for a value without a LOUD character: the loop's facts, found natively. */
function quietVerdict(s: string, lead: number): boolean {
  const n = s.length;
  let leadEnd = n;
  let leadPlus = false;
  for (let i = lead; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 40 || c === 41 || isSeparator(c)) {
      leadEnd = i;
      break;
    }
    if (c === 43) leadPlus = true;
  }
  const parens = s.indexOf("(") >= 0 || s.indexOf(")") >= 0;
  const separator = SEPARATOR.exec(s)?.index ?? -1;
  return afterScan(s, lead, leadEnd, leadPlus, parens, separator);
}

/**
 * The gate's verdict once no character forced the reading: a command position after a separator,
 * the lead word, or a group. Cheapest first: a value holding a command word mostly shows it early.
 * `separator` is the index of the first `;`, `&` or `|`, or -1.
 */
function afterScan(s: string, lead: number, leadEnd: number, leadPlus: boolean, parens: boolean, separator: number): boolean {
  if (separator >= 0 && separatorNeedsReading(s, separator)) return true;
  if (leadEnd > lead) {
    if (leadPlus) return true; // `cat+/etc/passwd`: read with `+` as a blank
    // Letters only, or a G-code word (`G1`, `M104`): the lookup is exact there, so a hash settles it.
    if (lettersOrGcode(s, lead, leadEnd) ? mayBeTableWord(s, lead, leadEnd) : lookupCommand(s.slice(lead, leadEnd)) !== null) return true;
  }
  if (parens) {
    for (let p = s.indexOf("(", lead); p >= 0; p = s.indexOf("(", p + 1)) if (groupNeedsReading(s, p)) return true;
  }
  return false;
}
