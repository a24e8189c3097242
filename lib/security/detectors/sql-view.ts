/** What the SQL recognizers share: one lexed reading of the input, and the hit they report. */
import type { ThreatLevel } from "../sanitizer/types";
import { matchParens } from "./sql-expr";
import { K } from "./sql-keywords";
import { lexSql, T, type Lexed, type Tok } from "./sql-lexer";

/** The input read in one context: as-is (quote 0), or as the tail of a `'…` or `"…` string. */
export interface SqlView {
  src: string;
  quote: number;
  /** `src` starts where the value starts (false for a window cut from the middle of a long value). */
  atStart: boolean;
  lexed: Lexed;
  toks: Tok[];
  /** Matching `)` of each `(`. */
  close: Int32Array;
  /** Innermost open `(` around each token. */
  encl: Int32Array;
}

export interface SqlHit {
  level: ThreatLevel;
  rule: string;
  start: number;
  end: number;
}

export function viewOf(src: string, quote: number, atStart = true): SqlView {
  const lexed = lexSql(src, quote);
  return { src, quote, atStart, lexed, toks: lexed.toks, ...matchParens(lexed.toks) };
}

const RANK: Record<ThreatLevel, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** The stronger of two hits (the first on a tie). */
export function stronger(a: SqlHit | null, b: SqlHit | null): SqlHit | null {
  if (!a) return b;
  if (!b) return a;
  return RANK[b.level] > RANK[a.level] ? b : a;
}

export function hitAt(v: SqlView, level: ThreatLevel, rule: string, from: number, to: number): SqlHit {
  const a = v.toks[from];
  const b = v.toks[Math.min(to, v.toks.length - 1)];
  return { level, rule, start: a ? a.start : 0, end: b ? b.end : v.src.length };
}

/**
 * `x|default(0)`, `…|select("match", …)|list`: a template filter (Jinja, Liquid) applied with `|`.
 * In SQL a `|` is never followed by a call, so the word at `j` is not SQL there.
 */
export function isTemplateFilter(v: SqlView, j: number): boolean {
  const prev = v.toks[j - 1];
  return prev?.type === T.OP && prev.text === "|" && v.toks[j + 1]?.type === T.LPAREN;
}

/**
 * English function words. An identifier position filled by one of these is prose (`drop the
 * brim`, `select a profile`, `delete the old file`), not a table or column name.
 */
const STOPWORDS = new Set(
  "the a an this that these those it its them they my your our his her their some any all each every one no to of for on in at with by from and or not is are be was were please then so if what which who how why when where there here me you we us i do does did can could should would will just only also both either same next last first new old".split(" "),
);

/** An identifier that could name a table or column (not an English function word, not a keyword). */
export function isIdent(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.type === T.LBRACKET) return true; // [name] in SQL Server
  if (t.type !== T.WORD) return false;
  return !STOPWORDS.has(t.text) && !(t.kw & (K.STMT | K.UNION | K.LOGIC | K.LITERAL));
}
