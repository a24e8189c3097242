/**
 * Recognizers that hold anywhere in the input: UNION-based extraction, stacked statements,
 * tautologies after AND/OR, file writes, comment-obfuscated and versioned-comment keywords,
 * conditional and ORDER BY probes. Each looks at the tokens that follow a keyword.
 */
import { alikeLiterals, emptyExpr, isComparison, isLiteral, isLogic, isWord, readExpr } from "./sql-expr";
import { K } from "./sql-keywords";
import { F, T } from "./sql-lexer";
import { selectShape, statementShape } from "./sql-statements";
import { hitAt, isIdent, isTemplateFilter, stronger, type SqlHit, type SqlView } from "./sql-view";

const SUBQUERY_WORDS = new Set(["all", "any", "some", "in", "exists"]);
const EQUALITY = new Set(["=", "==", "!=", "<>", "<=>"]);
const ALTER_ACTIONS = new Set(["add", "change", "modify", "rename", "convert", "engine", "character", "charset", "owner", "cascade"]);

/** Classifies the expression after AND/OR at index j: a tautology, a delay, a subquery, or nothing. */
export function booleanTail(v: SqlView, j: number): { kind: "tautology" | "time" | "subquery" | "function" | "condition" | "truthy" | "literals" | "operand" | null; end: number; equality: boolean } {
  const info = emptyExpr(v.src);
  const end = readExpr(v.toks, j + 1, v.close, info);
  const equality = info.alikeEquality > 0;
  if (end === j + 1) return { kind: null, end, equality };
  if (info.timeFuncs) return { kind: "time", end, equality };
  if (info.subqueries) return { kind: "subquery", end, equality };
  if (info.alike && !info.idents && !info.otherFuncs && !info.sqlFuncs) return { kind: "tautology", end, equality };
  // `or a=a`: every identifier is compared with itself.
  if (info.sameIdents && info.idents === 2 * info.sameIdents && !info.otherFuncs && !info.sqlFuncs) return { kind: "tautology", end, equality: true };
  if (info.sqlFuncs) return { kind: "function", end, equality };
  if (info.compares) return { kind: "condition", end, equality };
  if (info.literals && !info.idents && !info.otherFuncs && !info.ops) return { kind: "truthy", end, equality };
  // `'' - '`, `'asd' || '`: literals and operators only, the probe of a filter or a login form.
  if (info.literals && !info.idents && !info.otherFuncs) return { kind: "literals", end, equality };
  return { kind: info.operands ? "operand" : null, end, equality };
}

export function statementRules(v: SqlView): SqlHit | null {
  const { toks } = v;
  let best: SqlHit | null = null;
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j]!;
    const next = toks[j + 1];
    if (t.type === T.SEMI) {
      // Stacked query: `; DROP TABLE users`, `;exec xp_cmdshell`, `; waitfor delay '0:0:5'`.
      if (next?.type === T.WORD && next.kw & K.STMT) {
        const shape = statementShape(v, j + 1);
        if (shape) best = stronger(best, hitAt(v, shape === 2 ? "critical" : "high", "sqli.stacked-query", j, j + 3));
      } else if (isWord(next, "set") && toks[j + 2]?.type === T.VAR) {
        best = stronger(best, hitAt(v, "high", "sqli.stacked-query", j, j + 2));
      }
      continue;
    }
    if (t.type === T.OP && EQUALITY.has(t.text) && j > 0) {
      // `'1'='1`, `1='1'`, `, 'a'='a'`: a quoted literal compared with its like, the tautology itself.
      const a = toks[j - 1]!;
      const b = toks[j + 1];
      if (b && (a.type === T.STR || b.type === T.STR) && isLiteral(a) && isLiteral(b) && a.type !== T.WORD && b.type !== T.WORD && alikeLiterals(v.src, a, b, t.text)) {
        best = stronger(best, hitAt(v, "medium", "sqli.tautology", j - 1, j + 1));
      }
      continue;
    }
    if (t.type !== T.WORD) continue;
    if (t.flags & F.VERSIONED && t.kw & (K.STMT | K.UNION | K.LOGIC | K.CLAUSE)) {
      best = stronger(best, hitAt(v, "high", "sqli.versioned-comment", j, j));
    }
    if (t.flags & F.GLUED && j > 0 && (t.kw & (K.STMT | K.UNION | K.CLAUSE) || toks[j - 1]!.kw & (K.STMT | K.UNION))) {
      best = stronger(best, hitAt(v, "medium", "sqli.comment-obfuscation", j - 1, j));
    }
    if (t.kw & K.UNION) {
      let k = j + 1;
      if (isWord(toks[k], "all") || isWord(toks[k], "distinct") || isWord(toks[k], "distinctrow")) k++;
      const s = toks[k];
      if (isWord(s, "select") || isWord(s, "values") || (s?.type === T.LPAREN && isWord(toks[k + 1], "select"))) {
        const exceptLike = t.text !== "union" && isWord(s, "select") && !selectShape(v, k);
        if (!exceptLike) best = stronger(best, hitAt(v, "high", "sqli.union-select", j, k + 1));
      }
    } else if (isLogic(t)) {
      const tail = booleanTail(v, j);
      // Anywhere in a value only `=`-type tautologies count (`… and 4 > 1: true` is arithmetic prose);
      // right after a breakout, sql-breakout takes `' or 1 > 0` too.
      if (tail.kind === "tautology" && tail.equality) best = stronger(best, hitAt(v, "high", "sqli.tautology", j, tail.end - 1));
      else if (tail.kind === "time") best = stronger(best, hitAt(v, "high", "sqli.time-based", j, tail.end - 1));
      else if (tail.kind === "subquery") best = stronger(best, hitAt(v, "high", "sqli.subquery", j, tail.end - 1));
    } else if (t.kw & K.STMT) {
      best = stronger(best, statementHit(v, j));
    } else if (t.text === "into" && (isWord(next, "outfile") || isWord(next, "dumpfile"))) {
      best = stronger(best, hitAt(v, "critical", "sqli.file-write", j, j + 2));
    } else if ((t.text === "order" || t.text === "group") && isWord(next, "by")) {
      // ORDER BY 5-- / GROUP BY 1,2,3-- (column counting) or ORDER BY IF(…)/CASE …
      const a = toks[j + 2];
      const b = toks[j + 3];
      if ((a?.type === T.NUM && (!b ? v.lexed.endsWithComment : b.type === T.COMMA || b.type === T.SEMI)) || (a?.type === T.WORD && b?.type === T.LPAREN && a.kw & (K.FUNC | K.FUNC_WORD))) {
        best = stronger(best, hitAt(v, "medium", t.text === "order" ? "sqli.order-by" : "sqli.group-by", j, j + 3));
      }
    } else if (t.text === "having" || (t.text === "case" && isWord(next, "when"))) {
      const info = emptyExpr();
      const at = t.text === "case" ? j + 2 : j + 1;
      const end = readExpr(toks, at, v.close, info);
      if (info.compares && (info.literals || info.sqlFuncs) && (t.text === "having" || isWord(toks[end], "then"))) {
        best = stronger(best, hitAt(v, "medium", "sqli.conditional", j, end));
      }
    } else if (t.text === "from" && isIdent(next)) {
      best = stronger(best, fromClause(v, j));
    } else if (t.text === "values" && next?.type === T.LPAREN && !(next.flags & F.SPACED && !v.atStart)) {
      // VALUES ('192.168.0.1', 'test'): a row of literals, quoted strings among them, ending the input.
      const end = v.close[j + 1]!;
      let literals = 0;
      let strings = 0;
      for (let k = j + 2; end > 0 && k < end && k < j + 66; k++) {
        const x = toks[k]!;
        if (x.type === T.STR) strings++;
        if (isLiteral(x)) literals++;
        else if (x.type !== T.COMMA) literals = -99;
      }
      if (end > 0 && strings && literals >= 2 && (end + 1 === toks.length || toks[end + 1]!.type === T.SEMI)) best = stronger(best, hitAt(v, "medium", "sqli.values-list", j, end));
    } else if ((t.text === "like" || t.text === "rlike" || t.text === "regexp" || t.text === "glob") && j + 2 === toks.length && next?.type === T.STR && !(next.flags & F.CLOSED) && next.end - next.start <= 3) {
      // `something LIKE '`: a condition cut at an opened quote, the probe of a LIKE filter.
      best = stronger(best, hitAt(v, "medium", "sqli.like-probe", j, j + 1));
    } else if (t.text === "procedure" && isWord(next, "analyse")) {
      best = stronger(best, hitAt(v, "medium", "sqli.procedure-analyse", j, j + 1));
    } else if (t.text === "as" && j > 0 && (isLiteral(toks[j - 1]) || toks[j - 1]!.type === T.RPAREN || toks[j - 1]!.flags & F.QUOTED)) {
      // `1234 AS "alias" FROM t`, `) AS cnt FROM`: the tail of a select list.
      if ((next?.type === T.STR || next?.type === T.WORD) && isWord(toks[j + 2], "from")) {
        best = stronger(best, hitAt(v, "medium", "sqli.select-fragment", j - 1, j + 2));
      }
    }
    if (best?.level === "critical") return best;
  }
  return best;
}

const CLAUSE_AFTER_TABLE = new Set(["limit", "group", "order", "where", "join", "union", "into"]);

/**
 * `FROM \`db\`.\`table\` LIMIT`, `FROM users WHERE id = 1;`: a FROM clause fragment. Prose says
 * "from the models folder"; SQL names a table and goes on with a clause.
 */
function fromClause(v: SqlView, j: number): SqlHit | null {
  const { toks } = v;
  let k = j + 1;
  let named = (toks[k]!.flags & F.QUOTED) !== 0;
  while (toks[k + 1]?.type === T.DOT && toks[k + 2]?.type === T.WORD) {
    k += 2;
    named = true;
  }
  const c = toks[k + 1];
  if (!c || c.type !== T.WORD || !CLAUSE_AFTER_TABLE.has(c.text)) return null;
  if (c.text === "where") {
    const info = emptyExpr();
    const end = readExpr(toks, k + 2, v.close, info);
    const symbolic = toks.slice(k + 2, end).some((x) => x.type === T.OP && x.text !== "*");
    if (!named && !(symbolic && info.compares && info.literals)) return null;
  } else if ((c.text === "group" || c.text === "order") && !isWord(toks[k + 2], "by")) {
    return null;
  } else if (!named && c.text !== "limit" && c.text !== "group") {
    return null;
  }
  return hitAt(v, "medium", "sqli.from-clause", j, k + 1);
}

/** A statement keyword not after `;`: SELECT with code after it, DDL/DML with a full shape. */
function statementHit(v: SqlView, j: number): SqlHit | null {
  const t = v.toks[j]!;
  const prev = v.toks[j - 1];
  const shape = statementShape(v, j);
  // `= all (select email)`, `in (select …)`: a subquery where a value belongs.
  const before = v.toks[j - 2];
  if (t.text === "select" && prev?.type === T.LPAREN && before && (isComparison(before) || (before.type === T.WORD && SUBQUERY_WORDS.has(before.text)))) {
    return hitAt(v, "high", "sqli.subquery", j - 1, j + 1);
  }
  if (t.text === "delete" && shape === 1 && v.toks[j + 3]?.type === T.SEMI) return hitAt(v, "high", "sqli.statement", j, j + 3);
  if (t.text === "drop" && isIdent(v.toks[j + 1]) && v.toks[j + 2]?.type === T.SEMI && v.lexed.endsWithComment) return hitAt(v, "high", "sqli.statement", j, j + 2);
  if (!shape || t.text === "shutdown") return null;
  if (t.text === "select") {
    if (isTemplateFilter(v, j) && !(v.toks[j + 1]!.flags & F.SPACED)) return null; // `…|select("match", "^probe_")|list`
    if (shape < 2) return null;
    const nested = prev?.type === T.LPAREN || isLogic(prev) || (prev?.type === T.WORD && prev.kw & K.UNION);
    return hitAt(v, nested ? "high" : "medium", "sqli.select", j, j + 1);
  }
  if (t.text === "waitfor") return hitAt(v, "high", "sqli.time-based", j, j + 2);
  if (t.text === "exec" || t.text === "execute" || t.text === "declare") return hitAt(v, "high", "sqli.exec", j, j + 1);
  if (shape < 2) return null;
  // DDL needs something after the object name to be more than English (`drop table leg`).
  if (t.text === "drop" || t.text === "create" || t.text === "alter") {
    const after = v.toks[j + 3];
    const more = after && (after.type === T.SEMI || after.type === T.LPAREN || (after.type === T.WORD && (after.kw !== 0 || ALTER_ACTIONS.has(after.text))));
    if (!more && !(j + 3 >= v.toks.length && v.lexed.endsWithComment)) return null;
  }
  return hitAt(v, "high", "sqli.statement", j, j + 2);
}
