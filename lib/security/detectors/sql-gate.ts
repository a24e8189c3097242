/**
 * The cheap gate in front of the SQL tokenizer: one pass over the characters, no allocation,
 * that finds the places where a recognizer could fire — a quote followed by an operator or a SQL
 * word, `;` before a statement verb, AND/OR before a literal, a built-in name before `(`, `/*`,
 * `@@`, `::` … Prose without such a place ("select the PLA profile and drop the bed 5mm") is
 * passed without tokenizing. The positions found let long values be analysed in windows.
 *
 * Words are classified through a hashed table (bloom-like: a collision only costs an analysis,
 * never a miss), so no substring is ever built.
 */
import { K, keywordTable } from "./sql-keywords";

const G = {
  STMT: 1,
  UNION: 2,
  LOGIC: 4,
  /** Words that follow a quote in a breakout: LIKE, IS, NOT, COLLATE, AS, WHEN, ORDER … */
  AFTER_QUOTE: 8,
  CALL: 16,
  ALWAYS: 32,
  /** FROM, WHERE, HAVING, ORDER, GROUP, CASE, PROCEDURE, INTO, SET, AS, WHEN: checked locally. */
  CLAUSE: 64,
  /** Words that make a statement verb or AND/OR before them code: INTO, FROM, TABLE, NULL … */
  OBJECT: 128,
} as const;

const SIZE = 1 << 16;
const table = new Uint8Array(SIZE);

/** The table slot of a word: a multiplicative hash of its lower-cased characters, mixed with its length. */
function slot(h: number, length: number): number {
  return (Math.imul(h ^ length, 0x9e3779b1) >>> 16) & (SIZE - 1);
}

function hashWord(word: string): number {
  let h = 0;
  for (let i = 0; i < word.length; i++) h = (Math.imul(h, 31) + (word.charCodeAt(i) | 32)) >>> 0;
  return slot(h, word.length);
}

for (const [word, kw] of keywordTable()) {
  let g = 0;
  if (kw & K.STMT) g |= G.STMT | G.AFTER_QUOTE;
  if (kw & K.UNION) g |= G.UNION | G.AFTER_QUOTE;
  if (kw & K.LOGIC) g |= G.LOGIC | G.AFTER_QUOTE;
  if (kw & K.OPWORD) g |= G.AFTER_QUOTE | G.CALL;
  if (kw & (K.FUNC | K.FUNC_WORD | K.TIME | K.ERROR | K.FILE)) g |= G.CALL;
  if (kw & (K.FUNC | K.TIME)) g |= G.OBJECT;
  if (kw & (K.DANGER | K.CATALOG)) g |= G.ALWAYS | G.OBJECT;
  if (kw & K.LITERAL) g |= G.OBJECT;
  table[hashWord(word)]! |= g;
}
for (const w of "into from table database procedure function trigger view index schema distinct distinctrow top master immediate delay exists".split(" ")) {
  table[hashWord(w)]! |= G.OBJECT;
}
for (const w of ["from", "where", "having", "order", "group", "case", "procedure", "analyse", "into", "set", "as", "when", "outfile", "dumpfile", "limit"]) {
  table[hashWord(w)]! |= G.CLAUSE | G.AFTER_QUOTE;
}
table[hashWord("mysql")]! |= G.ALWAYS;

/** ASCII classes: 1 word character, 2 space, 4 a character some trigger starts with. */
const CLS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36) CLS[c] = 1;
  else if (c === 32 || (c >= 9 && c <= 13)) CLS[c] = 2;
  else if ("'\"`|&;/@:#.?".includes(String.fromCharCode(c))) CLS[c] = 4;
}
const isWordChar = (c: number) => c < 128 && CLS[c] === 1;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160;
/** Characters that, right after a quote, start SQL rather than prose (`<`/`>` are checked apart). */
const AFTER_QUOTE_PUNCT = new Uint8Array(128);
for (const ch of ";#-/=!|&^~+*@?") AFTER_QUOTE_PUNCT[ch.charCodeAt(0)] = 1;

/** Scratch state of one scan (module-level, reused: the gate allocates nothing per call). */
let wordEnd = 0;

/** Class of the word starting at i (0 if none); sets `wordEnd`. Words over 40 characters are no keyword. */
function wordAt(src: string, i: number): number {
  let h = 0;
  let j = i;
  const n = src.length;
  // Hashed up to 41 characters (one more tells a word too long), then skipped unhashed.
  const limit = Math.min(n, i + 41);
  for (; j < limit; j++) {
    const c = src.charCodeAt(j);
    if (c >= 128 || CLS[c] !== 1) break;
    h = (Math.imul(h, 31) + (c | 32)) >>> 0;
  }
  if (j - i > 40) {
    skipWord(src, j);
    return 0;
  }
  wordEnd = j;
  return table[slot(h, j - i)]!;
}

/** Moves `wordEnd` past the run of word characters at i. */
function skipWord(src: string, i: number): void {
  while (i < src.length && isWordChar(src.charCodeAt(i))) i++;
  wordEnd = i;
}

function skipSpace(src: string, i: number): number {
  while (i < src.length && isSpace(src.charCodeAt(i))) i++;
  return i;
}

const CALL_JUNK = " \t]=\\|&!?.$/)'";

/** Is there a `(` at i, after at most a few punctuation characters (`date]=(`, `md5\(`, `if !(`)? */
function callFollows(src: string, i: number): boolean {
  for (let k = i; k < src.length && k - i < 6; k++) {
    const c = src.charCodeAt(k);
    if (c === 40) return true;
    if (!CALL_JUNK.includes(src[k]!)) return false;
  }
  return false;
}

/** Does the text after a quote at q start SQL (an operator, comment, `;`, or a SQL word)? */
function quoteOpensSql(src: string, q: number): boolean {
  let i = q + 1;
  let c = src.charCodeAt(i);
  if (c === 39 || c === 34 || c === 96 || (c >= 97 && c <= 122)) return c >= 97 && (wordAt(src, i) & G.AFTER_QUOTE) !== 0; // the common cases first
  while (i < src.length && (isSpace(c) || c === 41)) c = src.charCodeAt(++i);
  if (i >= src.length) return false;
  if (c === 60 || c === 62) {
    // `' > 1`, `'<'a'`, `'<=>'`; but not the `">` that closes an HTML attribute.
    const d = src.charCodeAt(skipSpace(src, i + 1));
    return isDigit(d) || d === 40 || d === 61 || d === 62;
  }
  if (c === 58) return src.charCodeAt(i + 1) === 58; // `'…'::jsonb`, not `"key": value`
  if (c < 128 && AFTER_QUOTE_PUNCT[c]) return c !== 45 || src.charCodeAt(i + 1) === 45 || isWordChar(src.charCodeAt(i + 1));
  return isWordChar(c) && !isDigit(c) && (wordAt(src, i) & G.AFTER_QUOTE) !== 0;
}

/** The word starting at i, lower-cased (only called for the rare statement and clause words). */
function wordText(src: string, i: number): string {
  let j = i;
  while (j < src.length && j - i < 40 && isWordChar(src.charCodeAt(j))) j++;
  return src.slice(i, j).toLowerCase();
}

/** Punctuation that follows a verb in prose ("Update now.", "Select all, then"). */
const PROSE_PUNCT = ".,?!:)\u2019";

/**
 * Does the word at [start, end) with gate class g open a place worth analysing? `prevSig` is the
 * last non-space character before it.
 */
function wordTriggers(src: string, start: number, end: number, g: number, prevSig: number): boolean {
  if (g & G.ALWAYS) return true;
  const next = skipSpace(src, end);
  const nc = src.charCodeAt(next);
  // `x|default(0)` is a template filter, not a SQL call.
  if (g & G.CALL && prevSig !== 124 && callFollows(src, next)) return true;
  // `x LIKE '`, `a IS '…`: a word operator before a quote.
  if (g & G.CALL && g & G.AFTER_QUOTE && (nc === 39 || nc === 34) && !(g & (G.STMT | G.LOGIC | G.CLAUSE))) return true;
  const afterPunct = prevSig === 61 || prevSig === 41 || prevSig === 39 || prevSig === 34 || prevSig === 96 || prevSig === 59;
  if (g & G.LOGIC) {
    // AND/OR before a literal, a parenthesis or a built-in; or after `=`, `)`, a quote, a number.
    if (isDigit(nc) || "'\"(-@?!~+`".includes(src[next] ?? "x")) return true;
    if (afterPunct || isDigit(prevSig)) return true;
    if (isWordChar(nc)) {
      const g2 = wordAt(src, next);
      if (g2 & G.OBJECT || (g2 & G.CALL && callFollows(src, skipSpace(src, wordEnd)))) return true;
    }
  }
  if (g & (G.STMT | G.UNION)) {
    // `select 'a'`, `exec "x"`: a quote after a space opens a literal; `Update".` closes a quotation.
    if ((nc === 39 || nc === 34) && next === end) return false;
    if (nc === 45 && !isDigit(src.charCodeAt(next + 1)) && src.charCodeAt(next + 1) !== 45) return false;
    // Any other punctuation but the prose kind (`.` `,` `?` `!` `:` `)`) is code: `select*`, `union#`, `exec(`.
    if (isDigit(nc) || (next < src.length && !isWordChar(nc) && !isSpace(nc) && !PROSE_PUNCT.includes(src[next]!))) return true;
    if ((afterPunct || prevSig === 40) && prevSig !== 61 && prevSig !== 41) return true;
    if (isWordChar(nc)) {
      const g2 = wordAt(src, next);
      const afterAt = skipSpace(src, wordEnd);
      const after = src.charCodeAt(afterAt);
      if (g2 & (G.OBJECT | G.STMT) || (g2 & G.CALL && callFollows(src, afterAt)) || after === 96 || after === 59) return true;
      if (isWordChar(after) && wordText(src, afterAt) === "from") return true; // `select col from`
      // `union all select`, `union distinct select`: as `union select` (a STMT after UNION) opens it.
      if (g & G.UNION && isWordChar(after) && wordText(src, afterAt) === "select" && /^(?:all|distinct|distinctrow)$/.test(wordText(src, next))) return true;
      if (after === 44 || after === 46) return wordText(src, start) === "select"; // select a, b / select t.c
    }
    return false;
  }
  if (g & G.CLAUSE) {
    const word = wordText(src, start);
    const second = isWordChar(nc) ? wordText(src, next) : "";
    const afterAt = second ? skipSpace(src, next + second.length) : next;
    const after = src.charCodeAt(afterAt);
    switch (word) {
      case "from": // FROM `t`, FROM (SELECT, FROM t WHERE/LIMIT/GROUP/ORDER/JOIN, FROM a.b
        if (nc === 96 || nc === 40 || nc === 91) return true;
        if (!second) return false;
        if (after === 46 || after === 59) return true;
        return isWordChar(after) && ["where", "limit", "group", "order", "join"].includes(wordText(src, afterAt));
      case "where": // WHERE id = / WHERE `c`
        return nc === 96 || (second !== "" && (after === 61 || after === 60 || after === 62 || after === 33));
      case "having":
        return second !== "" && (after === 40 || after === 61 || after === 60 || after === 62);
      case "order":
      case "group": // ORDER BY 1, ORDER BY IF(, GROUP BY `x`
        if (second !== "by") return false;
        return isDigit(after) || after === 96 || (isWordChar(after) && callFollows(src, skipSpace(src, afterAt + wordText(src, afterAt).length)));
      case "case":
        return second === "when";
      case "procedure":
        return second === "analyse";
      case "into":
        return second === "outfile" || second === "dumpfile";
      case "set":
        return nc === 64;
      case "as": // `) AS x FROM`, `` `a` AS `b` ``, `1234 AS "x"`
      case "when": // `) WHEN 1 THEN`
        return prevSig === 41 || prevSig === 96 || prevSig === 39 || prevSig === 34 || (word === "as" && isDigit(prevSig));
      default:
        return word === "outfile" || word === "dumpfile";
    }
  }
  return false;
}

/** The positions the recognizers should look at, or an empty list. `max` bounds the list. */
export function sqlTriggers(src: string, max: number): number[] {
  const out: number[] = [];
  const n = src.length;
  const first = skipSpace(src, 0);
  // Values that start like a continuation: `) UNION …`, `; DROP …`, `(SELECT …`, `-1 OR …`, `|| …`.
  let numberStart = false;
  if (first < n) {
    const c = src.charCodeAt(first);
    if (c === 41 || c === 59 || c === 40 || ((c === 124 || c === 38) && src.charCodeAt(first + 1) === c)) out.push(first);
    numberStart = isDigit(c) || c === 45;
  }
  if (n > JUMP_FROM && !numberStart) return jumpingScan(src, max, out);
  let prevSig = 61; // the last non-space character; the value start counts as after `=`
  for (let i = 0; i < n && out.length < max; ) {
    const c = src.charCodeAt(i);
    const cls = c < 128 ? CLS[c]! : c === 160 ? 2 : 0;
    if (cls === 1) {
      // A word (a run of word characters; a number's digits are skipped the same way).
      const start = i;
      const g = c <= 57 ? (skipWord(src, i), 0) : wordAt(src, i);
      i = wordEnd;
      if (g && wordTriggers(src, start, i, g, prevSig)) out.push(start);
      else if (numberStart && g & G.AFTER_QUOTE && out.length === 0) out.push(first); // `1 is not 2`, `42 like 42`
      prevSig = src.charCodeAt(i - 1);
      continue;
    }
    i++;
    if (cls === 2) continue;
    prevSig = c;
    if (numberStart && out.length === 0 && (c === 61 || c === 60 || c === 62 || c === 33 || c === 59 || c === 41 || c === 124 || c === 38 || c === 35)) {
      out.push(first); // `1=1`, `5;`, `1)…`
    }
    if (cls !== 4) continue;
    const at = i - 1;
    if (punctuationOpensSql(src, at, c, n)) out.push(at);
  }
  return out;
}

/** Values longer than this are scanned by jumping between candidate places (see jumpingScan). */
const JUMP_FROM = 4096;

/** Letters whose one-letter word has a gate class (a hash collision; normally none). */
let oneLetter = "";
for (let c = 65; c < 123; c++) {
  if (CLS[c] === 1 && c !== 95 && table[slot((c | 32) >>> 0, 1)]) oneLetter += String.fromCharCode(c);
}

/**
 * Every place the character scan of sqlTriggers could push at, found natively (a regex skips far
 * faster than a JavaScript loop), each as one character: the start of each word of two or more
 * characters that starts with a letter or `_` (a run starting with a digit or `$` is skipped like
 * a number), or of a one-letter word with a gate class; and each punctuation trigger in the shape
 * its check needs: a quote followed by a letter, or by an operator or a word after spaces and
 * `)`; `||` `&&`, `;` before a word, `/*` `@@` `::` `@>` `#>` `?|` `?&`, `.e`.
 */
const CANDIDATES = new RegExp(
  [
    "[A-Za-z_](?<![A-Za-z0-9_$][A-Za-z_])(?=[A-Za-z0-9_$])",
    ...(oneLetter ? [`[${oneLetter}](?<![A-Za-z0-9_$][${oneLetter}])(?![A-Za-z0-9_$])`] : []),
    "['\"`](?=[a-z]|[\\s)]*[<>:;#\\-/=!|&^~+*@?A-Za-z_$])",
    "\\|(?=\\|)",
    "&(?=&)",
    ";(?=\\s*[A-Za-z0-9_$])",
    "/(?=\\*)",
    "@(?=[@>])",
    ":(?=:)",
    "#(?=>)",
    "\\?(?=[|&])",
    "\\.(?=[eE])",
  ].join("|"),
  "g",
);

/**
 * The scan of sqlTriggers for long values that do not start like a number: the same checks at the
 * same places, in the same order, but the places are found by CANDIDATES instead of a step per
 * character, so runs of quotes, semicolons or `&#` cost a native pass.
 */
function jumpingScan(src: string, max: number, out: number[]): number[] {
  const n = src.length;
  const re = CANDIDATES;
  re.lastIndex = 0;
  while (out.length < max && re.test(src)) {
    const at = re.lastIndex - 1;
    const c = src.charCodeAt(at);
    if (c < 128 && CLS[c] === 1) {
      let p = at - 1;
      while (p >= 0 && isSpace(src.charCodeAt(p))) p--;
      const prevSig = p < 0 ? 61 : src.charCodeAt(p); // the last non-space character before the word
      const g = wordAt(src, at);
      const end = wordEnd; // wordTriggers may read further words and move wordEnd
      if (g && wordTriggers(src, at, end, g, prevSig)) out.push(at);
      re.lastIndex = end;
      continue;
    }
    if (punctuationOpensSql(src, at, c, n)) out.push(at);
    re.lastIndex = at + 1;
  }
  re.lastIndex = 0;
  return out;
}

/** Whether the punctuation `c` at `at` can open SQL; shared by the character loop and the regex jump. */
function punctuationOpensSql(src: string, at: number, c: number, n: number): boolean {
  if (c === 39 || c === 34 || c === 96) return quoteOpensSql(src, at);
  if ((c === 124 || c === 38) && src.charCodeAt(at + 1) === c) return true; // `||`, `&&`
  if (c === 59) {
    const next = skipSpace(src, at + 1);
    // `; DROP …`, `;SET @x`: a statement after the semicolon (`; set hotend` is a G-code comment).
    return next < n && isWordChar(src.charCodeAt(next)) && (Boolean(wordAt(src, next) & G.STMT) || (wordText(src, next) === "set" && src.charCodeAt(skipSpace(src, next + 3)) === 64));
  }
  if (c === 47) return src.charCodeAt(at + 1) === 42; // `/*`
  if ((c === 64 && src.charCodeAt(at + 1) === 64) || (c === 58 && src.charCodeAt(at + 1) === 58)) return true; // `@@`, `::`
  if (((c === 64 || c === 35) && src.charCodeAt(at + 1) === 62) || (c === 63 && (src.charCodeAt(at + 1) === 124 || src.charCodeAt(at + 1) === 38))) return true; // JSON operators @> #> ?| ?&
  return c === 46 && (src.charCodeAt(at + 1) | 32) === 101 && isDigit(src.charCodeAt(at - 1)) && !isWordChar(src.charCodeAt(at + 2)); // 1.e(
}
