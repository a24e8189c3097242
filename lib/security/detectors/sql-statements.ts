/**
 * Statement-level recognizers: does a statement keyword start SQL (`select 1,2 from`, `drop table
 * t`, `insert into t values`), or English (`select the PLA profile`, `drop the brim`, `delete the
 * old job`)? The test is the shape that follows the keyword, not the keyword itself.
 */
import { isSqlFunctionName, isWord } from "./sql-expr";
import { K } from "./sql-keywords";
import { F, T, type Tok } from "./sql-lexer";
import { isIdent, type SqlView } from "./sql-view";

/** 0: not SQL (prose); 1: a plausible but weak SQL start; 2: an unmistakable SQL statement shape. */
export type Shape = 0 | 1 | 2;

const SELECT_MODIFIERS = new Set(["distinct", "distinctrow", "all", "sql_calc_found_rows", "straight_join", "sql_no_cache", "high_priority"]);
const DDL_OBJECTS = new Set(["table", "database", "view", "procedure", "function", "user", "index", "trigger", "schema", "column", "event", "login", "tablespace", "sequence"]);
const AFTER_ITEM = new Set<number>([T.COMMA, T.SEMI, T.RPAREN]);

/** Does the token at k continue a select list (`, b`, `from users`, `|| 'x'`, `union …`)? */
function followsItem(toks: readonly Tok[], k: number): boolean {
  const t = toks[k];
  if (!t) return false;
  if (AFTER_ITEM.has(t.type) || t.type === T.OP) return true;
  if (t.text === "from") return isIdent(toks[k + 1]) || toks[k + 1]?.type === T.LPAREN; // not "from the list"
  return t.type === T.WORD && (t.text === "into" || t.text === "as" || (t.kw & K.UNION) !== 0);
}

/** The shape of a SELECT at index j. */
export function selectShape(v: SqlView, j: number): Shape {
  const { toks } = v;
  let k = j + 1;
  while (toks[k] && toks[k]!.type === T.WORD && SELECT_MODIFIERS.has(toks[k]!.text)) k++;
  if (isWord(toks[k], "top") && toks[k + 1]?.type === T.NUM) k += 2;
  const t = toks[k];
  if (!t) return 0;
  const next = toks[k + 1];
  switch (t.type) {
    case T.OP: // `select * from`, `select*from(`, `select *,`: not "select * filaments"
      return t.text === "*" && (!next || next.type !== T.WORD || next.text === "from" || (next.kw & K.CLAUSE) !== 0) ? 2 : 0;
    case T.VAR:
      return 2;
    case T.NUM:
      return t.flags & F.HEX || followsItem(toks, k + 1) || (!next && v.lexed.endsWithComment) ? 2 : 0;
    case T.STR:
      return followsItem(toks, k + 1) ? 2 : 0;
    case T.LPAREN: {
      const inner = toks[k + 1];
      if (!inner) return 1;
      if (inner.type === T.NUM || inner.type === T.VAR || inner.type === T.STR || (inner.type === T.OP && inner.text === "*")) return 2;
      if (isWord(inner, "select") || isWord(inner, "case")) return 2;
      return toks[k + 2]?.type === T.LPAREN && isSqlFunctionName(inner) ? 2 : 0;
    }
    case T.WORD: {
      if (t.kw & K.LITERAL) return followsItem(toks, k + 1) ? 2 : next ? 0 : 1;
      if (t.text === "case") return 2;
      if (next?.type === T.LPAREN) return isSqlFunctionName(t) || !(next.flags & F.SPACED) ? 2 : 0;
      if (t.kw & K.FUNC && !next) return 2; // `select pg_sleep`
      if (!isIdent(t)) return 0;
      // A column list: `select a, b from`, `select t.col from`, `select `col` from`.
      let m = k;
      let listy = (t.flags & F.QUOTED) !== 0;
      while (toks[m + 1]?.type === T.DOT && toks[m + 2]?.type === T.WORD) {
        m += 2;
        listy = true;
      }
      if (toks[m + 1]?.type === T.COMMA && isIdent(toks[m + 2])) listy = true;
      let f = m + 1;
      while (toks[f] && f < m + 12 && !isWord(toks[f], "from")) f++;
      if (!isWord(toks[f], "from")) return 0;
      return listy ? 2 : isIdent(toks[f + 1]) ? 1 : 0;
    }
    default:
      return 0;
  }
}

/** The shape of a statement keyword at index j (SELECT, INSERT, DROP, EXEC …). */
export function statementShape(v: SqlView, j: number): Shape {
  const { toks } = v;
  const t = toks[j]!;
  const a = toks[j + 1];
  const b = toks[j + 2];
  switch (t.text) {
    case "select":
      return selectShape(v, j);
    case "insert":
    case "replace": {
      const k = isWord(a, "into") ? j + 2 : j + 1;
      if (!isIdent(toks[k])) return 0;
      let after = k + 1;
      // An optional column list `(a, b)` before VALUES/SELECT.
      if (toks[after]?.type === T.LPAREN && isIdent(toks[after + 1]) && v.close[after]! > after) after = v.close[after]! + 1;
      const w = toks[after];
      if (isWord(w, "values") || isWord(w, "select") || isWord(w, "set")) return 2;
      return isWord(a, "into") ? 1 : 0;
    }
    case "update":
      return isIdent(a) && isWord(b, "set") ? (isIdent(toks[j + 3]) ? 2 : 1) : 0;
    case "delete":
      if (!isWord(a, "from") || !isIdent(b)) return 0;
      return isWord(toks[j + 3], "where") ? 2 : 1;
    case "drop":
    case "create":
    case "alter":
      if (a?.type === T.WORD && DDL_OBJECTS.has(a.text)) return isIdent(b) || isWord(b, "if") ? 2 : 1;
      return 0;
    case "truncate":
      return isWord(a, "table") ? 2 : isIdent(a) ? 1 : 0;
    case "exec":
    case "execute":
      if (!a) return 0;
      if (a.type === T.LPAREN || a.type === T.VAR || (a.kw & K.DANGER) !== 0) return 2;
      if (isWord(a, "master") || isWord(a, "immediate") || a.text.startsWith("xp_") || a.text.startsWith("sp_")) return 2;
      return isIdent(a) && ((b?.type === T.LPAREN && !(b.flags & F.SPACED)) || b?.type === T.DOT || b?.type === T.VAR) ? 2 : 0;
    case "declare":
      return a?.type === T.VAR ? 2 : 0;
    case "shutdown":
      return !a || a.type === T.SEMI || isWord(a, "with") ? 2 : 0;
    case "waitfor":
      return (isWord(a, "delay") || isWord(a, "time")) && b?.type === T.STR ? 2 : 0;
    case "call": // `call proc(`: "Call alert (beep)" is prose
      return isIdent(a) && b?.type === T.LPAREN && !(b.flags & F.SPACED) ? 2 : 0;
    case "prepare":
      return isIdent(a) && isWord(b, "from") ? 2 : 0;
    case "set":
      return a?.type === T.VAR ? 2 : 0;
    default:
      return 0;
  }
}
