/**
 * Recognizers for SQL built-ins: function calls (time delays, error-based extraction, file
 * access, ordinary built-ins), dangerous stored procedures, system catalogs and variables,
 * PostgreSQL casts and JSON operators, and CHAR()-chain obfuscation.
 *
 * Function names that are also English words (`left (`, `round (`, `convert (`) count only when
 * the call looks like code: no space before `(` and SQL around it, or the whole input being a
 * truncated call (`date(`), the way scanners probe.
 */
import { emptyExpr, isLiteral, isLogic, isWord, readList } from "./sql-expr";
import { K } from "./sql-keywords";
import { F, T, type Tok } from "./sql-lexer";
import { hitAt, isTemplateFilter, stronger, viewOf, type SqlHit, type SqlView } from "./sql-view";

const SQL_CONTEXT_KW = K.STMT | K.UNION | K.LOGIC | K.CLAUSE | K.OPWORD;
const JSON_OPS = new Set(["@>", "<@", "?|", "?&", "#>", "#>>", "->", "->>", "#-", "@?", "?"]);

/** Is the token before a call SQL (an operator, a SQL keyword, or an argument of a SQL call)? */
function sqlBefore(v: SqlView, j: number): boolean {
  const p = v.toks[j - 1];
  if (!p) return false;
  if (p.type === T.OP) return p.text !== "|" && p.text !== ":";
  if (p.type === T.WORD) return (p.kw & SQL_CONTEXT_KW) !== 0 && p.text !== "in" && p.text !== "on" && p.text !== "as";
  if (p.type === T.COMMA || p.type === T.LPAREN) {
    const open = p.type === T.LPAREN ? j - 1 : v.encl[j - 1]!;
    const fn = open > 0 ? v.toks[open - 1] : undefined;
    return !!fn && fn.type === T.WORD && (fn.kw & (K.FUNC | K.FUNC_WORD | K.STMT)) !== 0;
  }
  return false;
}

/** Is the token after a call's `)` SQL? */
function sqlAfter(t: Tok | undefined): boolean {
  if (!t) return false;
  if (t.type === T.OP) return t.text !== "|" && t.text !== "." && t.text !== ":";
  return t.type === T.SEMI || isLogic(t) || isWord(t, "from") || (t.type === T.WORD && (t.kw & K.OPWORD) !== 0 && t.text !== "in");
}

function callHit(v: SqlView, j: number): SqlHit | null {
  const { toks } = v;
  const t = toks[j]!;
  const lp = toks[j + 1]!;
  const prev = toks[j - 1];
  // `obj.name(` is a method call, not SQL.
  if (prev?.type === T.DOT && toks[j - 2] && toks[j - 2]!.type !== T.STR) return null;
  if (isTemplateFilter(v, j)) return null;
  const tight = !(lp.flags & F.SPACED);
  const end = v.close[j + 1]!;
  const args = emptyExpr();
  if (end > 0) readList(toks, j + 2, Math.min(end, j + 66), v.close, args, 1);
  const codeArgs = end < 0 || end === j + 2 || args.literals > 0 || args.sqlFuncs > 0 || args.subqueries > 0 || args.idents > 0;
  const wordy = (t.kw & K.FUNC_WORD) !== 0 && !(t.kw & K.FUNC);
  if (wordy) {
    const before = sqlBefore(v, j);
    const inSql = before || (end > 0 && sqlAfter(toks[end + 1]));
    const codeLike = tight ? codeArgs && (inSql || (t.kw & K.TIME) !== 0) : before && args.literals + args.sqlFuncs > 0;
    if (!codeLike || t.text === "if") return null;
  }
  const to = end > 0 ? end : j + 1;
  if (t.kw & K.TIME) return hitAt(v, "high", "sqli.time-based", j, to);
  if (t.kw & K.ERROR) return hitAt(v, "high", "sqli.error-based", j, to);
  if (t.kw & K.FILE) return hitAt(v, "high", "sqli.file-access", j, to);
  if (t.kw & K.DANGER) return hitAt(v, "critical", "sqli.dangerous-procedure", j, to);
  // CHAR(113)+CHAR(118)…: building strings from character codes.
  if ((t.text === "char" || t.text === "chr" || t.text === "nchar") && end > 0) {
    const op = toks[end + 1];
    const again = toks[end + 2];
    if (op && (op.text === "+" || op.text === "||" || op.type === T.COMMA) && again && (again.text === "char" || again.text === "chr")) {
      return hitAt(v, "high", "sqli.char-encoding", j, end + 2);
    }
  }
  // `{z_offset+min(max_layer_z+2, max_print_height)}`: a slicer or Jinja template computes with min,
  // max, int…; SQL has no braces around an expression (ODBC's `{fn …}` escape apart).
  if (inTemplateBraces(v.src, t.start, end > 0 ? toks[end]!.end : lp.end)) return null;
  return hitAt(v, "medium", "sqli.function-call", j, to);
}

const BRACE_REACH = 256;
const ODBC_ESCAPE = /^\{\s*(?:fn|call|\?|oj|d|t|ts)\b/i;
/** MySQL also reads `{x expr}` as an ODBC escape (`{if length((select …))>0}`). */
const SQL_IN_BRACES = /\/\*|--|#|\b(?:select|union|from|where)\b/i;

/** Words after which a `{…}` group is an operand of SQL: `' and {x version()}=5`. */
const SQL_BEFORE_BRACE = /(?:^|[^A-Za-z0-9_])(?:and|or|xor|not|like|rlike|regexp|select|where|having|when|then|else|union|in|is|between)$/i;

/**
 * Does SQL stand right before the `{` at `open`: an operator, a parenthesis, a comma, a quote or a
 * SQL word, apart by blanks? A template's brace is glued to G-code (`Z{`, `S{`), starts a line
 * (`{if …}`), or follows prose.
 */
function sqlBeforeBrace(src: string, open: number): boolean {
  let i = open - 1;
  while (i >= 0 && (src.charCodeAt(i) === 32 || src.charCodeAt(i) === 9)) i--;
  if (i < 0) return false;
  if ("=<>!+-*/%(,'\"`|&^~".includes(src[i]!)) return true;
  // A word counts only apart from the brace: `Z{` and `S{` are G-code.
  return i < open - 1 && SQL_BEFORE_BRACE.test(src.slice(Math.max(0, i - 7), i + 1));
}

/**
 * Is the call at [from, to) inside a template's braces: an unclosed `{` before it and a `}` after
 * it, on one line, within BRACE_REACH? Not when the group is an ODBC escape, holds a query or a
 * comment, or stands where SQL expects an operand: that group is SQL, not a template.
 */
function inTemplateBraces(src: string, from: number, to: number): boolean {
  let open = -1;
  for (let i = from - 1; i >= 0 && i >= from - BRACE_REACH; i--) {
    const c = src.charCodeAt(i);
    if (c === 125 /* } */ || c === 10) return false;
    if (c === 123 /* { */) {
      open = i;
      break;
    }
  }
  if (open < 0 || ODBC_ESCAPE.test(src.slice(open, open + 8)) || sqlBeforeBrace(src, open)) return false;
  for (let i = to; i < src.length && i < to + BRACE_REACH; i++) {
    const c = src.charCodeAt(i);
    if (c === 125) return !SQL_IN_BRACES.test(src.slice(open, i));
    if (c === 123 || c === 10) return false;
  }
  return false;
}

const isJunk = (t: Tok): boolean => t.type !== T.WORD && t.type !== T.NUM && t.type !== T.STR && t.type !== T.VAR && t.type !== T.SEMI && t.type !== T.COMMA;

/**
 * The whole input is one call of a SQL built-in, possibly truncated: `benchmark(`, `pay=date]=(`,
 * `SLEEP   (`, `div(23,-2)` — the way scanners probe for function filters.
 */
export function functionProbe(v: SqlView): SqlHit | null {
  const { toks } = v;
  if (v.quote || !v.atStart) return null;
  let fn = 0;
  while (toks[fn] && isJunk(toks[fn]!)) fn++;
  const name = toks[fn];
  if (!name || name.type !== T.WORD || !(name.kw & (K.FUNC | K.FUNC_WORD | K.OPWORD))) return null;
  let p = fn + 1;
  while (toks[p] && toks[p]!.type !== T.LPAREN) if (!isJunk(toks[p++]!)) return null;
  if (p >= toks.length) return null;
  const end = v.close[p]!;
  if (p === toks.length - 1) return hitAt(v, "medium", "sqli.function-probe", fn, p);
  for (let k = end + 1; end > 0 && k < toks.length; k++) if (!isJunk(toks[k]!)) return null;
  if (name.kw & K.FUNC_WORD && !(name.kw & K.FUNC) && toks[p]!.flags & F.SPACED) return null; // "position (X=10)"
  const args = emptyExpr();
  readList(toks, p + 1, end > 0 ? end : toks.length, v.close, args, 1);
  return args.literals + args.sqlFuncs + args.subqueries > 0 ? hitAt(v, "medium", "sqli.function-probe", fn, end > 0 ? end : p) : null;
}

const PROBE_WORDS = new Set(["xor", "regexp", "rlike", "like", "ilike", "glob", "is", "not", "null", "sounds", "notnull", "isnull", "in"]);
/** Characters an operator probe is made of (checked before tokenizing: most short values are not). */
const PROBE_SHAPE = /^[\s|&<>=!:@#a-zA-Z-]{2,16}$/;
const PROBE_SYMBOL = /[\s|&<>=!:@#-]/;
const PROBE_OPS = new Set(["||", "&&", "<>", "!=", "<=>", ">=", "<=", "==", ">>", "<<", "->", "->>", "#>", "@>", "<@", "::"]);

/**
 * The whole value is SQL operators and nothing else (`<=>`, `||`, `->`, `IS NULL`, `LIKE NULL`):
 * a scanner probing which operators a filter lets through. Short values only; a lone `-` or `?`
 * is not one (placeholders use those), nor a lone word (`RegExp` is a UI label too).
 */
export function operatorProbe(src: string): SqlHit | null {
  if (src.length > 16 || !PROBE_SHAPE.test(src) || !PROBE_SYMBOL.test(src)) return null;
  const { toks } = viewOf(src, 0);
  if (!toks.length || toks.length > 3) return null;
  let strong = false;
  for (const t of toks) {
    if (t.type === T.OP && PROBE_OPS.has(t.text)) strong = true;
    else if (t.type === T.WORD && PROBE_WORDS.has(t.text)) strong ||= toks.length > 1; // "RegExp" alone is a UI label; "IS NULL" is not
    else return null;
  }
  return strong ? { level: "medium", rule: "sqli.operator-probe", start: toks[0]!.start, end: toks[toks.length - 1]!.end } : null;
}

/** Built-ins anywhere in the input. */
export function builtinRules(v: SqlView): SqlHit | null {
  const { toks, src } = v;
  let best: SqlHit | null = null;
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j]!;
    const next = toks[j + 1];
    if (t.type === T.WORD) {
      if (next?.type === T.LPAREN && t.kw & (K.FUNC | K.FUNC_WORD | K.DANGER)) best = stronger(best, callHit(v, j));
      if (t.kw & K.DANGER) {
        const p = toks[j - 1];
        const run = isWord(p, "exec") || isWord(p, "execute") || p?.type === T.SEMI || p?.type === T.DOT;
        best = stronger(best, hitAt(v, run ? "critical" : "high", "sqli.dangerous-procedure", j, j));
      } else if (t.kw & K.CATALOG || (t.text === "mysql" && next?.type === T.DOT && /^(user|db|proc)$/.test(toks[j + 2]?.text ?? ""))) {
        const p = toks[j - 1];
        const strong = isWord(p, "from") || isWord(p, "join") || next?.type === T.DOT;
        best = stronger(best, hitAt(v, strong ? "high" : "medium", "sqli.system-catalog", j, j));
      } else if (t.text === "if" && next?.type === T.LPAREN && !(next.flags & F.SPACED)) {
        // IF(cond, a, b) / if(2=…: MySQL's conditional function.
        const info = emptyExpr();
        const end = v.close[j + 1]!;
        const stop = Math.min(end > 0 ? end : toks.length, j + 66);
        readList(toks, j + 2, stop, v.close, info, 1);
        let commas = 0;
        for (let k = j + 2; k < stop; k++) if (toks[k]!.type === T.COMMA && v.encl[k] === j + 1) commas++;
        if (commas >= 2 || (info.compares > 0 && isLiteral(toks[j + 2]))) best = stronger(best, hitAt(v, "medium", "sqli.conditional", j, end > 0 ? end : j + 2));
      }
    } else if (t.type === T.VAR && t.flags & F.SYSVAR) {
      best = stronger(best, hitAt(v, "medium", "sqli.system-variable", j, j));
    } else if (t.type === T.OP) {
      const prev = toks[j - 1];
      if (t.text === "::" && next?.type === T.WORD && next.kw & K.TYPE && prev && (isLiteral(prev) || prev.type === T.WORD || prev.type === T.RPAREN)) {
        best = stronger(best, hitAt(v, "medium", "sqli.pg-cast", j - 1, j + 1));
      } else if (next && isLiteral(next) && prev) {
        // '{"a":1}'::jsonb @> '{"a":1}' — JSON operators between literals.
        const castJson = prev.type === T.WORD && (prev.text === "json" || prev.text === "jsonb") && toks[j - 2]?.text === "::";
        if ((JSON_OPS.has(t.text) && prev.type === T.STR && (next.type === T.STR || t.text !== "?")) || (castJson && t.text !== "::")) {
          best = stronger(best, hitAt(v, "medium", "sqli.json-operator", j - 1, j + 1));
        }
      }
    } else if (t.type === T.NUM && (src.charCodeAt(t.end - 1) | 32) === 101 && src.charCodeAt(t.end - 2) === 46) {
      // `1.e(`, `1.e.tables`: MySQL reads `1.e` as a number and glues it to what follows.
      if (next && !(next.flags & F.SPACED) && (next.type === T.LPAREN || next.type === T.DOT)) best = stronger(best, hitAt(v, "medium", "sqli.scientific-notation", j, j + 1));
    }
    if (best?.level === "critical") return best;
  }
  return best;
}
