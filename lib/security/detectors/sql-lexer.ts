/**
 * A small SQL tokenizer in the spirit of libinjection: one left-to-right pass, no regular
 * expressions, every branch consumes at least one character (linear time). It knows the lexical
 * quirks attackers lean on: MySQL versioned comments (`/*!50000select*\/` is code), keywords split
 * by empty comments (`UN/**\/ION`), `--`/`#` line comments, doubled-quote escapes, `@@variables`,
 * hex/binary literals and PostgreSQL's operators (`::`, `->>`, `@>` …).
 *
 * Lexing can start inside a string literal (`startQuote`), which is how the detector looks at an
 * input as if it were pasted after a `'` or `"` in the host query.
 */
import { K, keywordFlags, MAX_KEYWORD_LENGTH } from "./sql-keywords";

export const T = {
  STR: 1,
  NUM: 2,
  WORD: 3,
  OP: 4,
  LPAREN: 5,
  RPAREN: 6,
  COMMA: 7,
  SEMI: 8,
  DOT: 9,
  VAR: 10,
  LBRACKET: 11,
  RBRACKET: 12,
  LBRACE: 13,
  RBRACE: 14,
  OTHER: 15,
} as const;

/** Token flags. */
export const F = {
  /** Whitespace or a comment separates this token from the previous one. */
  SPACED: 1,
  /** String: its closing quote was found. */
  CLOSED: 2,
  /** Word: written as a quoted identifier (`name`, [name]). */
  QUOTED: 4,
  /** A comment sits directly before this token (`/**\/`, `/*x*\/`). */
  AFTER_COMMENT: 8,
  /** The token comes from inside a MySQL versioned comment `/*! … *\/`. */
  VERSIONED: 16,
  /** Number: hexadecimal or binary literal. */
  HEX: 32,
  /** Var: a system variable (`@@version`). */
  SYSVAR: 64,
  /** String: the context string the input was lexed inside of (the data before a breakout). */
  CONTEXT: 128,
  /** A comment sits directly before this token with no whitespace around it (`SELECT/**\/1`). */
  GLUED: 256,
} as const;

export interface Tok {
  type: number;
  start: number;
  end: number;
  /** Lower-case text for words, operators and variables; "" otherwise. */
  text: string;
  /** Keyword flags (sql-keywords K) for words. */
  kw: number;
  flags: number;
}

export interface Lexed {
  toks: Tok[];
  /** Number of comments seen (any kind). */
  comments: number;
  /** A comment was the last thing in the input (`admin'--`, `' or 1=1#`). */
  endsWithComment: boolean;
  /** A MySQL versioned comment `/*!` or optimizer hint `/*+` occurred. */
  versioned: boolean;
}

/** Internal: real whitespace (not just a comment) before the pending token. */
const REAL_SPACE = 1 << 12;

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlpha = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isWordStart = (c: number) => isAlpha(c) || c === 95 || c === 36 || c > 127;
const isWordChar = (c: number) => isWordStart(c) || isDigit(c);
const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160;
const isHex = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);

const OPERATORS_3 = new Set(["<=>", "->>", "#>>", "!~*"]);
const OPERATORS_2 = new Set(["<>", "!=", "<=", ">=", "==", ":=", "::", "||", "&&", "<<", ">>", "->", "#>", "@>", "<@", "?|", "?&", "@?", "!~", "~*", "!!"]);
const OPERATOR_1 = "=<>!+-*/%^|&~?:";
const PUNCT = "(),;.[]{}";
const PUNCT_TYPES = [T.LPAREN, T.RPAREN, T.COMMA, T.SEMI, T.DOT, T.LBRACKET, T.RBRACKET, T.LBRACE, T.RBRACE];

/** Length (0–3) of the operator at i, longest match first. */
function operatorLength(src: string, i: number): number {
  const c = src.charCodeAt(i);
  if (OPERATOR_1.indexOf(src[i]!) < 0 && c !== 35 && c !== 64) return 0;
  if (i + 2 < src.length && OPERATORS_3.has(src.slice(i, i + 3))) return 3;
  if (i + 1 < src.length) {
    const two = src.slice(i, i + 2);
    if (OPERATORS_2.has(two) || (two === "#-" && isSpace(src.charCodeAt(i + 2)))) return 2;
  }
  return c === 35 || c === 64 ? 0 : 1;
}

/** Scans a quoted string or identifier from `i` (just after the opening quote); returns the end. */
function scanQuoted(src: string, i: number, q: number): { end: number; closed: boolean } {
  for (;;) {
    const j = src.indexOf(String.fromCharCode(q), i);
    if (j < 0) return { end: src.length, closed: false };
    if (src.charCodeAt(j + 1) === q) {
      i = j + 2; // doubled quote is an escaped quote
      continue;
    }
    return { end: j + 1, closed: true };
  }
}

/**
 * Tokenizes `src`. With `startQuote` (39 `'`, 34 `"` or 96 `` ` ``) the input is read as the rest
 * of a literal opened by the host query: the first token is that string (flag CONTEXT).
 */
export function lexSql(src: string, startQuote = 0): Lexed {
  const toks: Tok[] = [];
  const n = src.length;
  let i = 0;
  let comments = 0;
  let endsWithComment = false;
  let versioned = false;
  let inVersioned = 0;
  let pendingFlags = 0;

  const push = (type: number, start: number, end: number, text: string, kw: number, flags: number) => {
    flags |= pendingFlags;
    if (inVersioned) flags |= F.VERSIONED;
    if (flags & F.AFTER_COMMENT && !(flags & REAL_SPACE)) flags |= F.GLUED;
    const prev = toks[toks.length - 1];
    // `UN/**/ION`: a keyword split by a comment with no whitespace is read as the keyword.
    if (type === T.WORD && prev && prev.type === T.WORD && flags & F.AFTER_COMMENT && !(flags & REAL_SPACE)) {
      const joined = prev.text + text;
      const joinedKw = joined.length <= MAX_KEYWORD_LENGTH ? keywordFlags(joined) : 0;
      if (joinedKw && !prev.kw && !kw) {
        prev.end = end;
        prev.text = joined;
        prev.kw = joinedKw;
        prev.flags |= F.AFTER_COMMENT;
        pendingFlags = 0;
        endsWithComment = false;
        return;
      }
    }
    toks.push({ type, start, end, text, kw, flags: flags & ~REAL_SPACE });
    pendingFlags = 0;
    endsWithComment = false;
  };

  if (startQuote) {
    const { end, closed } = scanQuoted(src, 0, startQuote); // a backtick context reads like a string
    toks.push({ type: T.STR, start: 0, end, text: "", kw: 0, flags: F.CONTEXT | (closed ? F.CLOSED : 0) });
    i = end;
  }

  while (i < n) {
    const c = src.charCodeAt(i);
    if (isSpace(c)) {
      pendingFlags |= F.SPACED | REAL_SPACE;
      i++;
      continue;
    }
    const c1 = i + 1 < n ? src.charCodeAt(i + 1) : 0;
    // Comments.
    if ((c === 45 && c1 === 45) || (c === 35 && c1 !== 62 && !(c1 === 45 && isSpace(src.charCodeAt(i + 2))))) {
      const nl = src.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      comments++;
      endsWithComment = true;
      pendingFlags |= F.SPACED | F.AFTER_COMMENT;
      continue;
    }
    if (c === 47 && c1 === 42) {
      const c2 = src.charCodeAt(i + 2);
      comments++;
      if (c2 === 33) {
        // `/*!50000 code */`: MySQL runs the body; skip the version number and keep lexing.
        versioned = true;
        inVersioned++;
        i += 3;
        while (i < n && isDigit(src.charCodeAt(i))) i++;
        pendingFlags |= F.SPACED | F.AFTER_COMMENT;
        continue;
      }
      if (c2 === 43) versioned = true; // optimizer hint `/*+ … */`
      const close = src.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      endsWithComment = true;
      pendingFlags |= F.AFTER_COMMENT | F.SPACED;
      continue;
    }
    if (c === 42 && c1 === 47 && inVersioned) {
      inVersioned--;
      i += 2;
      pendingFlags |= F.SPACED | F.AFTER_COMMENT;
      continue;
    }
    // Strings and quoted identifiers.
    if (c === 39 || c === 34) {
      const { end, closed } = scanQuoted(src, i + 1, c);
      push(T.STR, i, end, "", 0, closed ? F.CLOSED : 0);
      i = end;
      continue;
    }
    if (c === 96) {
      const { end } = scanQuoted(src, i + 1, 96);
      const word = src.slice(i + 1, Math.max(i + 1, end - 1)).toLowerCase();
      // A quoted name is never a keyword, but `information_schema` is still the catalog.
      const kw = word.length <= MAX_KEYWORD_LENGTH ? keywordFlags(word) & (K.CATALOG | K.DANGER) : 0;
      push(T.WORD, i, end, word, kw, F.QUOTED);
      i = end;
      continue;
    }
    // Numbers (a number glued to letters, like `20mm` or `1h23m`, is a word).
    if (isDigit(c) || (c === 46 && isDigit(c1) && !(i > 0 && isWordChar(src.charCodeAt(i - 1))))) {
      const start = i;
      let flags = 0;
      if (c === 48 && (c1 === 120 || c1 === 88) && isHex(src.charCodeAt(i + 2))) {
        i += 2;
        while (i < n && isHex(src.charCodeAt(i))) i++;
        flags = F.HEX;
      } else if (c === 48 && (c1 === 98 || c1 === 66) && (src.charCodeAt(i + 2) === 48 || src.charCodeAt(i + 2) === 49)) {
        i += 2;
        while (i < n && (src.charCodeAt(i) === 48 || src.charCodeAt(i) === 49)) i++;
        flags = F.HEX;
      } else {
        while (i < n && isDigit(src.charCodeAt(i))) i++;
        if (src.charCodeAt(i) === 46) {
          i++;
          while (i < n && isDigit(src.charCodeAt(i))) i++;
        }
        const e = src.charCodeAt(i);
        if (e === 101 || e === 69) {
          const after = src.charCodeAt(i + 1);
          if (isDigit(after) || ((after === 43 || after === 45) && isDigit(src.charCodeAt(i + 2)))) {
            i += 2;
            while (i < n && isDigit(src.charCodeAt(i))) i++;
          } else if (!isWordChar(after)) {
            i++; // MySQL accepts `1.e` as a float: `1.e(ascii …`
          }
        }
      }
      if (i < n && isWordChar(src.charCodeAt(i))) {
        while (i < n && isWordChar(src.charCodeAt(i))) i++;
        push(T.WORD, start, i, src.slice(start, i).toLowerCase(), 0, 0);
      } else {
        push(T.NUM, start, i, "", 0, flags);
      }
      continue;
    }
    if (isWordStart(c)) {
      const start = i;
      while (i < n && isWordChar(src.charCodeAt(i))) i++;
      const len = i - start;
      // Prefixed string literals: X'4142', B'0101', N'text', E'text'.
      const q = src.charCodeAt(i);
      if (len === 1 && q === 39 && "xXbBnNeE".includes(src[start]!)) {
        const { end, closed } = scanQuoted(src, i + 1, 39);
        push(T.STR, start, end, "", 0, (closed ? F.CLOSED : 0) | F.HEX);
        i = end;
        continue;
      }
      const text = src.slice(start, i).toLowerCase();
      push(T.WORD, start, i, text, len <= MAX_KEYWORD_LENGTH ? keywordFlags(text) : 0, 0);
      continue;
    }
    if (c === 64) {
      // @var, @@system_var
      const start = i;
      const sys = c1 === 64;
      let j = i + (sys ? 2 : 1);
      if (j < n && isWordStart(src.charCodeAt(j))) {
        while (j < n && (isWordChar(src.charCodeAt(j)) || src.charCodeAt(j) === 46)) j++;
        push(T.VAR, start, j, src.slice(start, j).toLowerCase(), 0, sys ? F.SYSVAR : 0);
        i = j;
        continue;
      }
    }
    const single = PUNCT.indexOf(src[i]!);
    if (single >= 0) {
      push(PUNCT_TYPES[single]!, i, i + 1, src[i]!, 0, 0);
      i++;
      continue;
    }
    const opLength = operatorLength(src, i);
    if (opLength) {
      push(T.OP, i, i + opLength, src.slice(i, i + opLength), 0, 0);
      i += opLength;
      continue;
    }
    push(T.OTHER, i, i + 1, src[i]!, 0, 0);
    i++;
  }
  return { toks, comments, endsWithComment, versioned };
}
