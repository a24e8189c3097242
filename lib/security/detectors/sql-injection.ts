/**
 * SQL injection detector. Each decoded form of a value passes a cheap gate (sql-gate) that finds
 * where SQL could start; only then is it tokenized (sql-lexer) in up to four contexts — as-is,
 * and as the rest of a `'…`, `"…` or `` `… `` literal the value may be pasted into — and
 * injection-shaped token sequences are recognized:
 *
 * - breakouts from the first token (sql-breakout): `x' OR '1'='1`, `admin'--`, `1 AND 1=1`;
 * - statements and clauses anywhere (sql-rules): UNION SELECT, stacked queries, INTO OUTFILE,
 *   tautologies, versioned and comment-obfuscated keywords;
 * - built-ins (sql-functions): SLEEP/BENCHMARK delays, EXTRACTVALUE errors, LOAD_FILE,
 *   xp_cmdshell, system catalogs, CHAR() chains, PostgreSQL casts and JSON operators;
 * - MongoDB operators in keys (sql-nosql).
 *
 * English that merely uses SQL words ("select the PLA profile and drop the bed 5mm", "order by
 * layer height", "O'Brien's hinge") fails those shapes and passes, mostly at the gate.
 *
 * Long values are analysed in windows around the gate's positions; a value with more SQL-shaped
 * places than the window budget covers is reported as such rather than read past the budget.
 */
import { LETTER_PAIR, NON_ASCII, SQL_PUNCT } from "../sanitizer/char-classes";
import type { Detector, DetectorHit, InspectedValue } from "../sanitizer/types";
import { builtinRules, functionProbe, operatorProbe } from "./sql-functions";
import { breakoutRules } from "./sql-breakout";
import { sqlTriggers } from "./sql-gate";
import { findNoSqlOperator } from "./sql-nosql";
import { statementRules } from "./sql-rules";
import { stronger, viewOf, type SqlHit } from "./sql-view";

/** Values up to this length are analysed whole once the gate opens. */
const WHOLE = 8 * 1024;
/** A window around a gate position: this much before, this much after. */
const BEFORE = 384;
const AFTER = 1024;
/** Characters of one value analysed in windows, at most. */
const WINDOW_BUDGET = 64 * 1024;
/** Triggers found before the first windows are analysed (the rest only when these pass). */
const FIRST_TRIGGERS = 256;

function analyse(src: string, atStart: boolean): SqlHit | null {
  let best: SqlHit | null = null;
  const views = [viewOf(src, 0, atStart)];
  if (src.includes("'")) views.push(viewOf(src, 39, atStart));
  if (src.includes('"')) views.push(viewOf(src, 34, atStart));
  if (src.includes("`")) views.push(viewOf(src, 96, atStart));
  for (const v of views) {
    best = stronger(best, breakoutRules(v));
    if (best?.level === "critical") return best;
    best = stronger(best, statementRules(v));
    if (best?.level === "critical") return best;
    best = stronger(best, builtinRules(v));
    if (best?.level === "critical") return best;
  }
  return stronger(best, functionProbe(views[0]!));
}

function shift(hit: SqlHit | null, by: number): SqlHit | null {
  return hit && by ? { ...hit, start: hit.start + by, end: hit.end + by } : hit;
}

/** Without a two-letter word or one of these characters nothing can fire (`G1 X10 Y20 F3000`). */
const SQL_POSSIBLE = /[A-Za-z]{2}|['"`;|&/@:#?(=<>!)]/;

function detectForm(src: string): SqlHit | null {
  if (src.length <= 16) {
    const probe = operatorProbe(src.trim());
    if (probe) return shift(probe, src.indexOf(src.trim()));
  }
  if (!SQL_POSSIBLE.test(src)) return null;
  const nosql = findNoSqlOperator(src);
  let best: SqlHit | null = nosql ? { level: "high", rule: "sqli.nosql-operator", ...nosql } : null;
  if (src.length <= WHOLE) return sqlTriggers(src, 1).length ? stronger(best, analyse(src, true)) : best;
  // Triggers are at least one character apart, so this many cover more than the budget: every
  // place up to the budget is found, and a value denser than that is reported below. The first
  // few are found first: an attack near the start is reported without scanning the whole value.
  let wanted = FIRST_TRIGGERS;
  let triggers = sqlTriggers(src, wanted);
  let analysed = 0;
  for (let k = 0; k < triggers.length; ) {
    const first = k;
    const start = Math.max(0, triggers[k]! - BEFORE);
    let end = Math.min(src.length, triggers[k]! + AFTER);
    while (++k < triggers.length && triggers[k]! - BEFORE <= end) end = Math.min(src.length, triggers[k]! + AFTER);
    if (k === triggers.length && triggers.length === wanted && wanted <= WINDOW_BUDGET && end - start <= WINDOW_BUDGET - analysed) {
      // This window may go on past the triggers found so far (and is not cut by the budget yet):
      // find more (the same list, longer) and take the window up again from its first trigger.
      wanted = Math.min(WINDOW_BUDGET + 1, wanted * 8);
      triggers = sqlTriggers(src, wanted);
      k = first;
      continue;
    }
    const over = analysed + (end - start) > WINDOW_BUDGET;
    if (over) end = start + (WINDOW_BUDGET - analysed);
    analysed += end - start;
    best = stronger(best, shift(analyse(src.slice(start, end), start === 0), start));
    if (best && (best.level === "high" || best.level === "critical")) return best;
    // More SQL-shaped places than the budget reads: say so instead of reading on (or passing).
    if (over) return stronger(best, { level: "medium", rule: "sqli.dense-sql-syntax", start: end, end: Math.min(src.length, end + 64) });
  }
  return best;
}

/** Typographic quotes that lossy charset conversions turn into `'`. */
const QUOTE_LOOKALIKE = /[\u2018\u2019\u00b4\u02bc\u2032]/;
const QUOTE_LOOKALIKES = /[\u2018\u2019\u00b4\u02bc\u2032]/g;

const blocks = (hit: SqlHit | null) => hit !== null && (hit.level === "high" || hit.level === "critical");

/**
 * What any reading needs: SQL_POSSIBLE's characters, a `+` (read as a space) or a character beyond
 * ASCII (typographic quotes, Unicode spaces). Without them no reading fires, not even the
 * operator probe (its strong tokens hold one of those characters or are words of two letters).
 */
const ANY_READING = /[A-Za-z]{2}|['"`;|&/@:#?(=<>!)+\u0080-\uffff]/;

const SOLE_WORD = /^[A-Za-z_][A-Za-z0-9_]{1,39}$/;

/** The readings of one form: itself, `+` read as a space, typographic quotes read as `'`. */
function detectReadings(form: string, ascii: boolean): { hit: SqlHit; text: string } | null {
  if (!ANY_READING.test(form)) return null;
  // A lone word (`bracket`, `PETG`): no operator for the probe, no `$`, no other reading; only the
  // gate can open, and when it does the value is read as usual.
  if (form.length <= 40 && SOLE_WORD.test(form) && !sqlTriggers(form, 1).length) return null;
  let hit = detectForm(form);
  let text = form;
  // The extra readings are for short values (ids, query parameters); long text is read as it is.
  if (form.length > WHOLE) return hit ? { hit, text } : null;
  // `24'union+all+select+1`: a value that was form-encoded but not decoded.
  if (!blocks(hit) && form.includes("+") && !form.includes(" ")) {
    const spaced = form.replace(/\+/g, " ");
    const h = detectForm(spaced);
    if (h && stronger(hit, h) === h && h !== hit) {
      hit = h;
      text = spaced;
    }
  }
  // `1’ OR ’1’=’1`: typographic quotes that lossy charset conversions turn into `'`.
  if (!blocks(hit) && !ascii && QUOTE_LOOKALIKE.test(form)) {
    const quoted = form.replace(QUOTE_LOOKALIKES, "'");
    const h = detectForm(quoted);
    if (h && stronger(hit, h) === h && h !== hit) {
      hit = h;
      text = quoted;
    }
  }
  return hit ? { hit, text } : null;
}

export const sqlInjectionDetector: Detector = {
  family: "sql_injection",
  detect(value: InspectedValue): DetectorHit | null {
    // ANY_READING by the classes extraction found: no two letters in a row and none of its characters.
    if (value.chars !== undefined && (value.chars & (LETTER_PAIR | SQL_PUNCT | NON_ASCII)) === 0) return null;
    let best: { hit: SqlHit; text: string } | null = null;
    // No form has a non-ASCII character (so no typographic quote to read as `'`).
    const ascii = value.chars !== undefined && (value.chars & NON_ASCII) === 0;
    try {
      for (let f = 0; f < value.forms.length; f++) {
        const form = value.forms[f]!;
        // A still-percent-encoded raw form is not what the application sees (`%27` is not a quote,
        // and `%40` is not a modulo): read the decoded forms instead.
        if (form === value.raw && value.forms.length > 1 && form.includes("%")) continue;
        const found = detectReadings(form, ascii);
        if (found && (!best || stronger(best.hit, found.hit) === found.hit)) best = found;
        if (best && blocks(best.hit)) break;
      }
    } catch {
      return null;
    }
    return best ? { level: best.hit.level, rule: best.hit.rule, match: best.text.slice(best.hit.start, best.hit.end) } : null;
  },
};
