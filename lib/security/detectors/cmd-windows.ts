/**
 * cmd.exe control flow: `for ... %v in (...) do ...` and `if [/i] [not] <condition> <command>`.
 * Both words are ordinary English, so only the batch grammar around them counts: a `%v in (`
 * loop variable, or an `exist` / `defined` / `errorlevel` / `==` / `equ`-style condition followed
 * by a command. Only called at a command position (never inside `{% if x == 1 %}`).
 */
import * as cmd_words_ from "./cmd-words";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { lookupCommand } = cmd_words_;

const MAX_TOKENS = 16;

/** Whitespace-separated tokens from `start` to the end of the command (`&`, `|`, a line break); `"..."` stays whole. */
function batchTokens(s: string, start: number): string[] {
  const out: string[] = [];
  let i = start;
  const n = Math.min(s.length, start + 600);
  while (i < n && out.length < MAX_TOKENS) {
    let c = s.charCodeAt(i);
    while (i < n && (c === 32 || c === 9)) c = s.charCodeAt(++i);
    if (i >= n || c === 38 || c === 124 || c === 10 || c === 13) break;
    const from = i;
    let quoted = false;
    while (i < n) {
      c = s.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted && (c === 32 || c === 9 || c === 38 || c === 124 || c === 10 || c === 13)) break;
      i++;
    }
    out.push(s.slice(from, i).replaceAll("^", ""));
  }
  return out;
}

const COMPARATORS = new Set(["==", "equ", "neq", "lss", "leq", "gtr", "geq"]);
/** Words that end an English or Jinja condition rather than start a command. */
const NOT_COMMANDS = new Set(["then", "and", "or", "is", "else", "in", "%}", "}}", "}"]);

/** A batch variable reference: `%1`, `%~1`, `%VAR%`, `%%A`, `!VAR!`. */
function hasBatchVariable(token: string): boolean {
  const pct = token.indexOf("%");
  if (pct >= 0 && pct + 1 < token.length) {
    const next = token.charCodeAt(pct + 1);
    if (next === 37 || next === 126 || (next >= 48 && next <= 57)) return true; // %% %~ %1
    if (token.indexOf("%", pct + 1) > pct + 1) return true; // %VAR%
  }
  const bang = token.indexOf("!");
  return bang >= 0 && token.indexOf("!", bang + 2) > bang;
}

/** Looks like the command of an `if`: a block `(`, `@echo`, or a known command word. */
function startsCommand(token: string | undefined): boolean {
  if (!token || token.length > 64) return false;
  const c = token.charCodeAt(0);
  if (c === 40 /* ( */ || c === 64 /* @ */) return true;
  return lookupCommand(token.replace(/^["(]+|[")]+$/g, "")) !== null;
}

/** `if` at `start` (a command position): true when it is a cmd.exe conditional. */
export function isBatchIf(s: string, start: number): boolean {
  const t = batchTokens(s, start);
  let i = 1;
  const head = (t[0] ?? "").toLowerCase();
  if (head === "if/i") i = 1;
  else if (head !== "if") return false;
  if ((t[i] ?? "").toLowerCase() === "/i") i++;
  if ((t[i] ?? "").toLowerCase() === "not") i++;
  const keyword = (t[i] ?? "").toLowerCase();
  if (keyword === "exist" || keyword === "defined") return t[i + 1] !== undefined && startsCommand(t[i + 2]);
  if (keyword === "errorlevel" || keyword === "cmdextversion") return /^\d+$/.test(t[i + 1] ?? "") && t[i + 2] !== undefined;
  const left = t[i];
  if (left === undefined) return false;
  const eq = left.indexOf("==");
  if (eq > 0) {
    // Compact `a==b`: batch syntax (Jinja and prose put spaces around `==`).
    const next = t[i + 1];
    if (eq + 2 >= left.length) return false;
    return hasBatchVariable(left) || (next !== undefined && !NOT_COMMANDS.has(next.toLowerCase()));
  }
  const op = (t[i + 1] ?? "").toLowerCase();
  if (!COMPARATORS.has(op) && !op.startsWith("==")) return false;
  const right = op.length > 2 && op.startsWith("==") ? op.slice(2) : t[i + 2];
  const after = op.length > 2 && op.startsWith("==") ? t[i + 2] : t[i + 3];
  if (right === undefined) return false;
  if (hasBatchVariable(left) || hasBatchVariable(right)) return true;
  return op !== "==" ? after !== undefined : startsCommand(after);
}

/** `for` at `start` (a command position): true for `for [/d|/r|/l|/f ...] %v in (`. */
export function isBatchFor(s: string, start: number): boolean {
  const t = batchTokens(s, start);
  if ((t[0] ?? "").toLowerCase() !== "for") return false;
  for (let i = 1; i < Math.min(t.length - 1, 9); i++) {
    const token = t[i]!;
    if (token.charCodeAt(0) !== 37 /* % */ || token.length > 34) continue;
    if (token.indexOf("%", 2) > 0) continue; // %VAR% is an expansion, not a loop variable
    const next = t[i + 1]!;
    const lower = next.toLowerCase();
    if (lower === "in" || lower.startsWith("in(")) return true;
  }
  return false;
}
