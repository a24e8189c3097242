/**
 * A permissive SQL expression reader over tokens: it walks `operand (operator operand)*` and
 * reports what the expression is made of (literals only? identifiers? function calls? a
 * subquery?). The recognizers use it to tell `' or '1'='1` (a tautology: literals only) from
 * `' or name = 'x'--` (a condition) and from prose (`and 3 walls`, not an expression at all).
 * Each token is visited once and nesting is bounded, so the walk is linear.
 */
import { K } from "./sql-keywords";
import { F, T, type Tok } from "./sql-lexer";

export interface ExprInfo {
  operands: number;
  literals: number;
  idents: number;
  /** Binary operators between operands. */
  ops: number;
  /** Comparison operators (`=`, `<>`, LIKE, IS, JSON containment …). */
  compares: number;
  /** Calls of known SQL functions. */
  sqlFuncs: number;
  /** Calls of time-delay functions (sleep, benchmark, pg_sleep). */
  timeFuncs: number;
  /** Calls of other functions (unknown names). */
  otherFuncs: number;
  subqueries: number;
  casts: number;
  /** A string literal took part (JSON operators need one to count). */
  strings: number;
  /**
   * Comparisons of two literals of a kind that injections use: numbers (`1=1`, `526=527`), equal
   * or numeric strings (`'a'='a'`, `'1'='2'`), JSON operators on literals. `'speed' = 60` is not.
   */
  alike: number;
  /** The `alike` comparisons made with `=`-type operators (not `<`, `>`): `4 > 1` can be prose. */
  alikeEquality: number;
  /** Index of the literal token the last operand was (casts allowed), else -1. */
  lastLiteral: number;
  /** `a=a`, `x = X`: one identifier compared with itself by an `=`-type operator, a tautology too. */
  sameIdents: number;
  /** Index of the lone identifier the last operand was (no `t.c` chain, no postfix), else -1. */
  lastIdent: number;
  /** The source, to compare string literals. */
  src: string;
}

export const emptyExpr = (src = ""): ExprInfo => ({
  operands: 0, literals: 0, idents: 0, ops: 0, compares: 0, sqlFuncs: 0, timeFuncs: 0, otherFuncs: 0, subqueries: 0, casts: 0, strings: 0,
  alike: 0, alikeEquality: 0, lastLiteral: -1, sameIdents: 0, lastIdent: -1, src,
});

const ORDERING = new Set(["<", ">", "<=", ">="]);
const EQUALITY_OPS = new Set(["=", "==", "<=>", "like"]);
const JSON_COMPARE = new Set(["@>", "<@", "?", "?|", "?&", "@?", "->", "->>", "#>", "#>>", "#-"]);

/** The text inside a string literal token (closing quote optional). */
function stringBody(src: string, t: Tok): string {
  const from = src.charCodeAt(t.start) === 39 || src.charCodeAt(t.start) === 34 ? t.start + 1 : t.start + 2;
  const to = t.flags & F.CLOSED ? t.end - 1 : t.end;
  return src.slice(from, Math.max(from, to));
}

const numeric = (s: string) => s.length > 0 && s.length <= 12 && /^-?[0-9.]+$/.test(s);

/** Do two literal tokens compare the way injected tautologies and blind probes do? */
export function alikeLiterals(src: string, a: Tok, b: Tok, op: string): boolean {
  if (JSON_COMPARE.has(op)) return true;
  if (a.type === T.NUM && b.type === T.NUM) return true;
  if (a.type === T.WORD || b.type === T.WORD || (a.type === T.OP && b.type === T.OP)) return a.type === b.type;
  const x = a.type === T.STR ? stringBody(src, a) : src.slice(a.start, a.end);
  const y = b.type === T.STR ? stringBody(src, b) : src.slice(b.start, b.end);
  if (a.type === T.STR && b.type === T.STR && (x.toLowerCase() === y.toLowerCase() || (x.length <= 2 && y.length <= 2))) return true;
  return numeric(x) && numeric(y);
}

/** Tokens one expression read may visit: injected expressions are short; this keeps every read O(1). */
const MAX_EXPR_TOKENS = 64;

const COMPARE_OPS = new Set(["=", "==", "<>", "!=", "<", ">", "<=", ">=", "<=>", "@>", "<@", "?", "?|", "?&", "@?", "->", "->>", "#>", "#>>", "#-", "!~", "~", "~*", "!~*"]);
const ARITH_OPS = new Set(["+", "-", "*", "/", "%", "^", "|", "&", "||", "&&", "<<", ">>", ":=", "!!"]);
const COMPARE_WORDS = new Set(["like", "rlike", "regexp", "glob", "ilike", "similar", "sounds", "is", "in", "between", "collate", "notnull", "escape", "match"]);
const UNARY_OPS = new Set(["-", "+", "!", "~", "!!"]);

/**
 * In one pass: `close[i]`, the index of the `)` matching the `(` at i (-1 when unbalanced), and
 * `encl[i]`, the index of the innermost `(` still open at token i (-1 at top level).
 */
export function matchParens(toks: readonly Tok[]): { close: Int32Array; encl: Int32Array } {
  const close = new Int32Array(toks.length).fill(-1);
  const encl = new Int32Array(toks.length).fill(-1);
  const stack: number[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!.type;
    if (t === T.RPAREN && stack.length) close[stack.pop()!] = i;
    encl[i] = stack.length ? stack[stack.length - 1]! : -1;
    if (t === T.LPAREN) stack.push(i);
  }
  return { close, encl };
}

export const isLiteral = (t: Tok | undefined): boolean =>
  !!t && (t.type === T.NUM || t.type === T.STR || (t.type === T.WORD && (t.kw & K.LITERAL) !== 0));

export const isLogic = (t: Tok | undefined): boolean =>
  !!t && ((t.type === T.WORD && (t.kw & K.LOGIC) !== 0 && !(t.flags & F.QUOTED)) || (t.type === T.OP && (t.text === "||" || t.text === "&&")));

export const isWord = (t: Tok | undefined, w: string): boolean => !!t && t.type === T.WORD && t.text === w;

export const isSqlFunctionName = (t: Tok | undefined): boolean => !!t && t.type === T.WORD && (t.kw & (K.FUNC | K.FUNC_WORD)) !== 0;

/** A comparison operator token (`=`, `<>`, `<`, JSON containment …). */
export const isComparison = (t: Tok | undefined): boolean => !!t && t.type === T.OP && COMPARE_OPS.has(t.text);

/** Is this token a binary operator, and a comparison? Returns 0 (no), 1 (arithmetic), 2 (comparison). */
function binaryOp(t: Tok | undefined): number {
  if (!t) return 0;
  if (t.type === T.OP) return COMPARE_OPS.has(t.text) ? 2 : ARITH_OPS.has(t.text) ? 1 : 0;
  if (t.type === T.WORD) {
    if (COMPARE_WORDS.has(t.text)) return 2;
    if (t.text === "div" || t.text === "mod" || t.text === "not") return 1;
  }
  return 0;
}

/**
 * Reads one operand starting at `i` and returns the index after it (i when there is none).
 * Function calls and parenthesised groups are read through their matching `)`.
 */
function readOperand(toks: readonly Tok[], i: number, close: Int32Array, info: ExprInfo, depth: number, stop: number): number {
  if (i >= stop) return i;
  while (i < stop && toks[i] && ((toks[i]!.type === T.OP && UNARY_OPS.has(toks[i]!.text)) || isWord(toks[i], "not") || isWord(toks[i], "binary"))) i++;
  const t = toks[i];
  info.lastLiteral = -1;
  info.lastIdent = -1;
  if (!t) return i;
  let next = i;
  if (t.type === T.VAR) {
    info.idents++;
    next = i + 1;
  } else if (t.type === T.NUM || t.type === T.STR || (t.type === T.WORD && t.kw & K.LITERAL) || (t.type === T.OP && t.text === "?")) {
    info.literals++;
    if (t.type === T.STR) info.strings++;
    info.lastLiteral = i;
    next = i + 1;
  } else if (t.type === T.WORD && toks[i + 1]?.type === T.LPAREN) {
    if (t.kw & K.TIME) info.timeFuncs++;
    if (t.kw & (K.FUNC | K.FUNC_WORD)) info.sqlFuncs++;
    else info.otherFuncs++;
    const end = close[i + 1]!;
    if (end < 0) return toks.length; // unclosed call: the rest is its argument list
    if (depth < 8) readList(toks, i + 2, Math.min(end, stop), close, info, depth + 1);
    info.lastLiteral = -1;
    next = end + 1;
  } else if (t.type === T.WORD && t.text === "array" && toks[i + 1]?.type === T.LBRACKET) {
    let j = i + 2;
    while (j < stop && toks[j] && toks[j]!.type !== T.RBRACKET) j++;
    info.literals++;
    info.lastLiteral = i;
    next = j + 1;
  } else if (t.type === T.WORD && !(t.kw & (K.STMT | K.UNION | K.LOGIC | K.CLAUSE)) && !COMPARE_WORDS.has(t.text)) {
    info.idents++;
    next = i + 1;
    while (toks[next]?.type === T.DOT && toks[next + 1]?.type === T.WORD) next += 2; // schema.table.column
    if (next === i + 1) info.lastIdent = i;
  } else if (t.type === T.LPAREN) {
    const end = close[i]!;
    if (isWord(toks[i + 1], "select")) info.subqueries++;
    else if (depth < 8) readList(toks, i + 1, Math.min(end > i ? end : toks.length, stop), close, info, depth + 1);
    info.lastLiteral = -1;
    if (end < 0) return toks.length;
    next = end + 1;
  } else {
    return i;
  }
  info.operands++;
  if (next > toks.length) next = toks.length;
  // Postfix: casts `::type`, array subscripts, `notnull`/`isnull`.
  for (;;) {
    if (next >= stop) return next;
    const p = toks[next];
    if (p?.type === T.OP && p.text === "::" && toks[next + 1]?.type === T.WORD) {
      info.casts++;
      next += 2;
      if (isWord(toks[next], "precision")) next++;
    } else if (p?.type === T.LBRACKET) {
      let j = next + 1;
      while (j < stop && toks[j] && toks[j]!.type !== T.RBRACKET) j++;
      next = Math.min(j + 1, toks.length);
    } else if (isWord(p, "notnull") || isWord(p, "isnull")) {
      info.compares++;
      info.ops++;
      next++;
    } else {
      return next;
    }
  }
}

/** Reads comma-separated expressions in [i, end); `end` bounds the work. */
export function readList(toks: readonly Tok[], i: number, end: number, close: Int32Array, info: ExprInfo, depth: number): void {
  while (i < end) {
    const after = readExpr(toks, i, close, info, depth, end);
    if (after === i) {
      i++;
      continue;
    }
    i = after;
    if (toks[i]?.type === T.COMMA) i++;
  }
}

/**
 * Reads `operand (binary-operator operand)*` from `i`; AND/OR end the expression except inside
 * `BETWEEN x AND y`. Returns the index after the expression (i when nothing was read).
 */
export function readExpr(toks: readonly Tok[], i: number, close: Int32Array, info: ExprInfo, depth = 0, stop = i + MAX_EXPR_TOKENS): number {
  const j = readOperand(toks, i, close, info, depth, stop);
  return j === i ? i : readChain(toks, j, close, info, depth, stop);
}

/** Reads `(binary-operator operand)*` from `j`, the position just after an operand. */
export function readChain(toks: readonly Tok[], j: number, close: Int32Array, info: ExprInfo, depth = 0, stop = j + MAX_EXPR_TOKENS): number {
  for (;;) {
    if (j >= stop) return j;
    let op = binaryOp(toks[j]);
    if (!op) return j;
    let k = j + 1;
    let word = toks[j]!.type === T.WORD ? toks[j]!.text : "";
    if (word === "is" || word === "not") while (isWord(toks[k], "not")) k++;
    if (word === "not" && binaryOp(toks[k]) === 2) {
      op = 2;
      word = toks[k]!.text;
      k++;
    }
    if ((word === "sounds" && isWord(toks[k], "like")) || (word === "similar" && isWord(toks[k], "to"))) k++;
    const left = info.lastLiteral;
    const leftIdent = info.lastIdent;
    const after = readOperand(toks, k, close, info, depth, stop);
    if (after === k && toks[j]!.text === "?" && k >= toks.length) return j; // a question mark, not an operator
    info.ops++;
    if (op === 2) info.compares++;
    if (op === 2 && left >= 0 && info.lastLiteral >= 0 && alikeLiterals(info.src, toks[left]!, toks[info.lastLiteral]!, toks[j]!.text)) {
      info.alike++;
      if (!ORDERING.has(toks[j]!.text)) info.alikeEquality++;
    }
    const rightIdent = info.lastIdent;
    if (op === 2 && leftIdent >= 0 && rightIdent >= 0 && EQUALITY_OPS.has(toks[j]!.text) && toks[leftIdent]!.text === toks[rightIdent]!.text) info.sameIdents++;
    if (after === k) return k; // trailing operator: `or 1='`, `and 1!=`
    j = after;
    if (word === "between" && isWord(toks[j], "and")) {
      const upper = readOperand(toks, j + 1, close, info, depth, stop);
      if (upper > j + 1) j = upper;
    }
  }
}
