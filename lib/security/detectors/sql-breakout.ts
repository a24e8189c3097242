/**
 * Breakout recognizers: the input read from its first token, in the context it would be pasted
 * into. Read after a quote, `admin'--` is a string closed then a comment; `x' or '1'='1` closes
 * the string and adds a tautology. Read as-is, `1 OR 1=1` extends a number and `AND id = 0)`
 * extends a condition. Prose fails these shapes early: after its first apostrophe comes a word
 * (`O'Brien`, `don't`), not an operator.
 */
import { emptyExpr, isLogic, isWord, readChain, readExpr } from "./sql-expr";
import { K } from "./sql-keywords";
import { F, T } from "./sql-lexer";
import { booleanTail } from "./sql-rules";
import { statementShape } from "./sql-statements";
import { hitAt, stronger, type SqlHit, type SqlView } from "./sql-view";

/**
 * What came before the injected code: a single value after a quote (`admin'`), prose after a
 * quote (`the parts' …`), a number (`1 OR …`), or nothing (input starts with `)`, `;`, AND/OR).
 */
type Anchor = "value" | "prose" | "number" | "operator";

/** `123<456` is ordinary text; `1=1` and `42 like 42` are probes. */
const ORDERING = new Set(["<", ">", "<=", ">="]);

/**
 * Does the data before the breakout look like one value (an id, an email, a file name)? A bare
 * number is not: `6'` and `5"` are feet and inches.
 */
function singleValue(src: string, end: number): boolean {
  if (end > 64) return false;
  let numeric = end > 0;
  for (let i = 0; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 123 || c === 125 || c === 60 || c === 62) return false;
    if (!((c >= 48 && c <= 57) || c === 46)) numeric = false;
  }
  return !numeric;
}

/**
 * Does the injected fragment visibly end at token index `at`: a comment, `;`, an unbalanced `)`,
 * an unclosed string (the host query's closing quote completes it) or a dangling operator?
 */
function endsHard(v: SqlView, at: number): boolean {
  const t = v.toks[at];
  if (t) return t.type === T.SEMI || t.type === T.RPAREN;
  const last = v.toks[at - 1];
  if (v.lexed.endsWithComment || !last) return true;
  return (last.type === T.STR && !(last.flags & F.CLOSED)) || last.type === T.LPAREN || (last.type === T.OP && last.text !== "*");
}

export function breakoutRules(v: SqlView): SqlHit | null {
  const { toks, src } = v;
  if (!toks.length) return null;
  if (v.quote) {
    const s0 = toks[0]!;
    if (!(s0.flags & F.CLOSED)) return null;
    return afterAnchor(v, 1, v.atStart && singleValue(src, s0.end - 1) ? "value" : "prose");
  }
  if (!v.atStart) return null;
  // As-is: the value itself, and each `key=` of a query string embedded in it (`pay=AND 1=1`).
  let best = asIs(v, 0);
  for (let k = 0, anchors = 0; k + 1 < toks.length && anchors < 8; k++) {
    const t = toks[k + 1]!;
    if (t.type === T.OP && t.text === "=" && toks[k]!.type === T.WORD && (k === 0 || toks[k - 1]!.text === "&" || toks[k - 1]!.text === "?")) {
      best = stronger(best, asIs(v, k + 2));
      anchors++;
    }
  }
  return best;
}

function asIs(v: SqlView, i: number): SqlHit | null {
  const { toks } = v;
  while (toks[i]?.type === T.OP && (toks[i]!.text === "-" || toks[i]!.text === "+")) i++;
  const t0 = toks[i];
  if (!t0) return null;
  if (t0.type === T.NUM || (t0.type === T.STR && t0.flags & F.CLOSED)) {
    // The value is a comparison of literals: `1=1`, `42 like 42`, `'x'!='y`, `'{"a":2}' < '$.c'`.
    const info = emptyExpr(v.src);
    const end = readExpr(toks, i, v.close, info);
    const whole = end >= toks.length || toks[end]!.type === T.SEMI;
    const ordering = t0.type === T.NUM && toks[i + 1]?.type === T.OP && ORDERING.has(toks[i + 1]!.text);
    const compared = t0.type === T.STR ? info.compares : info.alike; // a value that opens with a quoted literal and an operator is code
    if (compared && info.literals >= 2 && !info.idents && !info.otherFuncs && (whole || t0.type === T.STR) && !ordering) {
      return hitAt(v, "medium", "sqli.literal-comparison", i, end - 1);
    }
    return t0.type === T.NUM ? afterAnchor(v, i + 1, "number") : null;
  }
  if (isWord(t0, "set") && toks[i + 1]?.type === T.VAR && i === 0) return hitAt(v, "medium", "sqli.set-variable", i, i + 1);
  if (t0.type === T.LPAREN && isWord(toks[i + 1], "select")) return hitAt(v, "high", "sqli.subquery", i, i + 1);
  // ` ORDER BY 5 ` and nothing else: the column-count probe that precedes a UNION (prose orders by something).
  if (isWord(t0, "order") && isWord(toks[i + 1], "by") && toks[i + 2]?.type === T.NUM && (i + 3 === toks.length || toks[i + 3]!.type === T.SEMI)) {
    return hitAt(v, "medium", "sqli.order-by-probe", i, i + 2);
  }
  if (t0.type === T.RPAREN || t0.type === T.SEMI || isLogic(t0) || t0.kw & K.UNION) return afterAnchor(v, i, "operator");
  return null;
}

function afterAnchor(v: SqlView, i: number, anchor: Anchor): SqlHit | null {
  const { toks } = v;
  const single = anchor === "value";
  while (toks[i]?.type === T.RPAREN) i++;
  const t = toks[i];
  if (!t) return single && v.lexed.endsWithComment ? hitAt(v, "medium", "sqli.comment-terminate", 0, i) : null;
  if (isLogic(t)) return logicChain(v, i, anchor);
  if (t.type === T.SEMI) {
    const next = toks[i + 1];
    if (!next) return single ? hitAt(v, "medium", "sqli.quote-terminate", 0, i) : null;
    if (next.type === T.WORD && next.kw & K.STMT) {
      const shape = statementShape(v, i + 1);
      if (shape === 2) return hitAt(v, "critical", "sqli.stacked-query", i, i + 2);
      if (shape === 1 || single) return hitAt(v, "high", "sqli.stacked-query", i, i + 1);
      // `; select` / `;drop` as the whole value: a stacked-query probe (a G-code comment says more).
      if (anchor === "operator" && i + 2 === toks.length) return hitAt(v, "medium", "sqli.stacked-query", i, i + 1);
    }
    return null;
  }
  if (t.type === T.WORD && t.kw & (K.STMT | K.UNION) && !(t.flags & F.QUOTED)) {
    if (t.kw & K.UNION && (isWord(toks[i + 1], "select") || isWord(toks[i + 1], "all"))) return hitAt(v, "high", "sqli.union-select", i, i + 2);
    if (statementShape(v, i) === 2) return hitAt(v, "high", t.text === "waitfor" ? "sqli.time-based" : "sqli.statement", i, i + 1);
    // `'alter a`, `' union/`: a keyword right after the quote and next to nothing else; `'Select all' then` is a quotation.
    const after = toks[i + 1];
    const bare = !after || after.type === T.OP || after.type === T.LPAREN || (after.type === T.WORD && i + 2 === toks.length);
    return single && bare ? hitAt(v, "medium", "sqli.keyword-breakout", 0, i) : null;
  }
  if (isWord(t, "when") && anchor === "operator") {
    // `) when 234 then`: the inside of a CASE expression.
    const info = emptyExpr();
    const end = readExpr(toks, i + 1, v.close, info);
    if (info.literals && isWord(toks[end], "then")) return hitAt(v, "medium", "sqli.conditional", i, end);
  }
  const isOperator = t.type === T.OP || (t.type === T.WORD && (t.kw & K.OPWORD) !== 0 && !(t.flags & F.QUOTED));
  if (isOperator && single) {
    // `x'|email--`, `id'is not-id--`, `user'collate nocase--`, `'+sleep(5)+'`
    const info = emptyExpr();
    info.operands = 1;
    const end = readChain(toks, i, v.close, info);
    if (info.timeFuncs) return hitAt(v, "high", "sqli.time-based", i, end - 1);
    if (info.subqueries) return hitAt(v, "high", "sqli.subquery", i, end - 1);
    if (isLogic(toks[end])) return logicChain(v, end, anchor);
    if (end > i && info.ops && (v.lexed.endsWithComment || toks[end]?.type === T.SEMI)) {
      return hitAt(v, "medium", "sqli.operator-breakout", 0, end - 1);
    }
  }
  return null;
}

/** `<breakout> OR … AND …`: the strongest conjunct decides. */
function logicChain(v: SqlView, i: number, anchor: Anchor): SqlHit | null {
  let best: SqlHit | null = null;
  for (let guard = 0; guard < 16 && isLogic(v.toks[i]); guard++) {
    const tail = booleanTail(v, i);
    const last = Math.max(i, tail.end - 1);
    const hard = endsHard(v, tail.end) || isLogic(v.toks[tail.end]);
    const atEnd = tail.end >= v.toks.length;
    // After a single value, or a `&&`/`||` that starts the input, the end of input ends it too.
    const symbolic = anchor === "operator" && v.toks[i]!.type === T.OP;
    const ends = hard || (atEnd && (anchor === "value" || symbolic));
    // `' or abc!`, `xor 5-`: the expression ends in operators and nothing else.
    let dangling = atEnd && v.toks[tail.end - 1]?.type === T.OP;
    if (!atEnd && v.toks.length - tail.end <= 3) dangling = v.toks.slice(tail.end).every((t) => t.type === T.OP || t.type === T.OTHER);
    switch (tail.kind) {
      case "tautology":
        best = stronger(best, hitAt(v, "high", "sqli.tautology", i, last));
        break;
      case "truthy":
        // A lone literal (`' or 1--`) is true only where the injection visibly ends: `2 or 3` is prose.
        if (ends || v.lexed.versioned || v.lexed.comments > 0) best = stronger(best, hitAt(v, "high", "sqli.tautology", i, last));
        break;
      case "time":
        best = stronger(best, hitAt(v, "high", "sqli.time-based", i, last));
        break;
      case "subquery":
        best = stronger(best, hitAt(v, "high", "sqli.subquery", i, last));
        break;
      case "function":
        if (hard) best = stronger(best, hitAt(v, "medium", "sqli.boolean-condition", i, last));
        break;
      case "condition":
        if (ends && anchor !== "prose") best = stronger(best, hitAt(v, "medium", "sqli.boolean-condition", i, last));
        break;
      case "literals":
        // `x' or ''-'`, `1'||'asd'||'`: after a closed string, literals joined by operators up to a
        // visible end (an unclosed string the host query's quote completes, a comment, `;`). Prose
        // that says `5' or 6-'ish` has a number before its quote (feet), not a value; `'||'` is no prose.
        if (hard && (anchor === "value" || (v.quote !== 0 && v.toks[i]!.text === "||"))) {
          best = stronger(best, hitAt(v, "medium", "sqli.boolean-condition", i, last));
          break;
        }
      // falls through: otherwise literals are judged as any operand
      case "operand":
        // `' or abc!`, `xor 5-`: an operand and a dangling operator, the probe of a filter.
        if (dangling && anchor !== "prose") best = stronger(best, hitAt(v, "medium", "sqli.boolean-condition", i, last));
        break;
    }
    if (tail.end <= i) break;
    i = tail.end;
  }
  return best;
}
