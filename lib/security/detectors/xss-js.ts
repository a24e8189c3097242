/**
 * JavaScript-execution recognizers for values that reach a page or a script without markup of
 * their own: sink calls (`alert(1)`, `eval('…')`, `setTimeout(name,1)`), global-object access
 * (`document.cookie`, `window["alert"]`, `(document)["cookie"]`, with comments between the
 * parts), tagged templates (`[].sort.call\`${alert}1\``), JSFuck, and template injection
 * (`{{constructor.constructor('alert(1)')()}}`, `${…}`).
 *
 * Each recognizer starts from one punctuation character (`(`, `` ` ``, `.`, `[`, `{`) and looks
 * a bounded distance around it, so the whole scan is linear. A sink name only counts in a code
 * shape: `alert(1)` yes, "send an alert (beep) when done" no.
 */
import type { XssHit } from "./xss-html";

const SINK_CALLS = new Set(["alert", "prompt", "confirm", "eval", "settimeout", "setinterval", "execscript", "function", "atob", "btoa", "fromcharcode", "importscripts", "globaleval", "setimmediate", "msgbox"]);
/** An argument that starts like code: an identifier followed by `,` `)` `.` `[` `(`. */
const CODE_ARG = /^[A-Za-z_$][\w$]{0,30}\s{0,4}[,).[(]/;
const GLOBALS = new Set(["document", "window", "self", "top", "parent", "frames", "globalthis", "content", "opener"]);
const DOCUMENT_MEMBERS = new Set(["cookie", "domain", "write", "writeln", "location", "body", "createelement", "queryselector", "queryselectorall", "getelementbyid", "getelementsbytagname", "documentelement", "forms", "images", "scripts", "referrer", "url", "head", "implementation", "defaultview", "open"]);
const WINDOW_MEMBERS = new Set(["location", "eval", "alert", "prompt", "confirm", "open", "name", "document", "atob", "fetch", "settimeout", "setinterval", "execscript", "localstorage", "sessionstorage", "opener", "postmessage", "function", "constructor"]);
const TEMPLATE_WORDS = ["constructor", "__proto__", "prototype", "$on", "$eval", "__class__", "__mro__", "__subclasses__", "__globals__", "__builtins__", "__import__", "__init__", "getclass", "forname", "runtime", "processbuilder", "mainmodule", "require(", "alert(", "eval(", "function(", "exec(", "popen(", "system(", "lipsum", "cycler", "self._", "request.application", "config.items"];

const SINK_LENGTHS = shapeOf(SINK_CALLS);

const GLOBAL_LENGTHS = shapeOf(GLOBALS);

const isIdent = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36;

/** Longest comment a gap may hold; longer ones end the look-around (keeps each look O(1)). */
const MAX_COMMENT = 256;

/** Index of `needle` in src within [from, from + limit), or -1: a bounded indexOf. */
function findWithin(src: string, needle: string, from: number, limit: number): number {
  const end = Math.min(src.length, from + limit);
  for (let i = from; i + needle.length <= end; i++) if (src.startsWith(needle, i)) return i;
  return -1;
}

/** Index after skipping whitespace and `/*…*\/` comments forward from i (bounded). */
function skipGap(src: string, i: number): number {
  for (let guard = 0; guard < 16 && i < src.length; guard++) {
    const c = src.charCodeAt(i);
    if (c <= 32) i++;
    else if (c === 47 && src.charCodeAt(i + 1) === 42) {
      const close = findWithin(src, "*/", i + 2, MAX_COMMENT);
      if (close < 0) return i;
      i = close + 2;
    } else break;
  }
  return i;
}

/** Index before skipping whitespace and comments backward from i (bounded). */
function skipGapBack(src: string, i: number): number {
  for (let guard = 0; guard < 16 && i >= 0; guard++) {
    const c = src.charCodeAt(i);
    if (c <= 32) i--;
    else if (c === 47 && src.charCodeAt(i - 1) === 42) {
      let open = -1;
      for (let k = i - 2; k > 0 && i - k < MAX_COMMENT; k--) {
        if (src.charCodeAt(k) === 42 && src.charCodeAt(k - 1) === 47) {
          open = k - 1;
          break;
        }
      }
      if (open < 0) return i;
      i = open - 1;
    } else break;
  }
  return i;
}

/** Start of the identifier ending at index `end` (inclusive); end + 1 when there is none. Bounded to 32. */
function identStart(src: string, end: number): number {
  let i = end;
  while (i >= 0 && end - i < 32 && isIdent(src.charCodeAt(i))) i--;
  return i + 1;
}

/**
 * The identifier [start, end] lower-cased if its length and first letter are ones the set's words
 * have, else "" (most identifiers are rejected without building a string).
 */
function wordIf(src: string, start: number, end: number, shape: Uint8Array): string {
  const len = end - start + 1;
  const first = src.charCodeAt(start) | 32;
  return len > 0 && len < 33 && shape[len] && first >= 97 && first <= 122 && shape[33 + first - 97] ? src.slice(start, end + 1).toLowerCase() : "";
}

/** Lengths (0–32) and first letters (33 + a–z) of a word set. */
function shapeOf(words: Iterable<string>): Uint8Array {
  const out = new Uint8Array(33 + 26);
  for (const w of words) {
    out[w.length] = 1;
    out[33 + w.charCodeAt(0) - 97] = 1;
  }
  return out;
}

/** `name(` and `` name` `` calls of script sinks. */
function sinkCall(src: string, at: number): XssHit | null {
  const paren = src.charCodeAt(at) === 40;
  const end = skipGapBack(src, at - 1);
  if (end < 0 || !isIdent(src.charCodeAt(end))) return null;
  const start = identStart(src, end);
  const word = wordIf(src, start, end, SINK_LENGTHS);
  if (!SINK_CALLS.has(word)) return null;
  const before = start > 0 ? src.charCodeAt(start - 1) : 32;
  if (isIdent(before)) return null;
  if (paren) {
    // Prose puts a space before "(" and words inside; code calls tightly, with a value or nothing.
    if (src.slice(end + 1, at).trim() === "" && end + 1 < at) return null;
    const a = skipGap(src, at + 1);
    const c = src.charCodeAt(a);
    const codeArg = a >= src.length || c === 41 || c === 39 || c === 34 || c === 96 || (c >= 48 && c <= 57) || CODE_ARG.test(src.slice(a, a + 40));
    if (!codeArg) return null;
  }
  const strong = before === 46 || before === 59 || before === 61 || before === 40 || before === 34 || before === 39 || before === 62 || before === 123 || before === 96;
  return { level: strong ? "high" : "medium", rule: "xss.script-call", start, end: Math.min(src.length, at + 24) };
}

/** Sinks a payload passes around as a value before calling it (`a=alert;a(1)`, `[1].find(alert)`). */
const SINK_VALUES = new Set(["alert", "prompt", "confirm", "eval", "execscript", "msgbox"]);
const SINK_VALUE_LENGTHS = shapeOf(SINK_VALUES);

/**
 * Per value (reset by scriptRules): sink names read as values at most, and assignments of one
 * followed up. Past the first budget the value is reported as dense with script sinks: prose never
 * names `alert;` dozens of times, and a value padded with decoys must not outrun the scan.
 */
const MAX_SINK_VALUES = 64;
const MAX_SINK_ASSIGNMENTS = 16;
let sinkValuesLeft = MAX_SINK_VALUES;
let assignmentsLeft = MAX_SINK_ASSIGNMENTS;

/**
 * A sink used as a value, the way filter evasions call it without writing `alert(`:
 * `a=alert;a(1)` / `x=alert,x(1)` (assigned, then the name is called), `(alert)(1)`,
 * `[1].find(alert)` / `setTimeout(eval)` (passed to a call), `eval.call(this, …)`. The trigger is
 * the `;` `,` `)` or `.` after the sink name. Prose says "priority=alert; beep" (no call of the
 * name after it) or "the buzzer (alert)" (no call around it).
 */
function sinkValue(src: string, at: number): XssHit | null {
  const end = skipGapBack(src, at - 1);
  if (end < 0 || !isIdent(src.charCodeAt(end))) return null;
  const start = identStart(src, end);
  if (!SINK_VALUES.has(wordIf(src, start, end, SINK_VALUE_LENGTHS))) return null;
  if (sinkValuesLeft-- <= 0) return { level: "medium", rule: "xss.dense-script-sinks", start, end: Math.min(src.length, at + 24) };
  const c = src.charCodeAt(at);
  if (c === 46) {
    // `eval.call(`, `alert.apply(`, `prompt.bind(`
    const m = skipGap(src, at + 1);
    return /^(?:call|apply|bind)\s*\(/.test(src.slice(m, m + 12)) ? { level: "high", rule: "xss.script-call", start, end: Math.min(src.length, m + 24) } : null;
  }
  const p = skipGapBack(src, start - 1);
  const before = p >= 0 ? src.charCodeAt(p) : -1;
  if (before === 40 /* ( */) {
    const callee = p > 0 ? src.charCodeAt(p - 1) : -1;
    // `find(alert)`: passed to a call; `(alert)(1)`: called through parentheses.
    const passed = isIdent(callee) || callee === 93 || callee === 41;
    const called = c === 41 && src.charCodeAt(skipGap(src, at + 1)) === 40;
    return passed || called ? { level: "high", rule: "xss.script-call", start: p, end: Math.min(src.length, at + 24) } : null;
  }
  if (before !== 61 /* = */ || c === 41 || assignmentsLeft-- <= 0) return null;
  const op = p > 0 ? src.charCodeAt(p - 1) : -1;
  if (op === 61 || op === 33 || op === 60 || op === 62) return null; // `==`, `!=`, `<=`, `>=`: a comparison
  const nameEnd = skipGapBack(src, p - 1);
  if (nameEnd < 0 || !isIdent(src.charCodeAt(nameEnd))) return null;
  const name = src.slice(identStart(src, nameEnd), nameEnd + 1);
  // The assigned name called within the next 256 characters: `a=eval;b=alert;a(b(1))`.
  for (let k = src.indexOf(name, at + 1), tries = 0; k >= 0 && k - at <= 256 && tries < 8; k = src.indexOf(name, k + 1), tries++) {
    if ((k > 0 && isIdent(src.charCodeAt(k - 1))) || isIdent(src.charCodeAt(k + name.length))) continue;
    if (src.charCodeAt(skipGap(src, k + name.length)) === 40) return { level: "high", rule: "xss.script-call", start: identStart(src, nameEnd), end: Math.min(src.length, k + name.length + 8) };
  }
  return null;
}

/** `document.cookie`, `window["alert"]`, `self[/*x*\/"$"]`, `(document)["cookie"]`. */
function globalAccess(src: string, at: number): XssHit | null {
  let end = skipGapBack(src, at - 1);
  if (src.charCodeAt(end) === 41) end = skipGapBack(src, end - 1); // `(document)[…]`
  if (end < 0 || !isIdent(src.charCodeAt(end))) return null;
  const start = identStart(src, end);
  const word = wordIf(src, start, end, GLOBAL_LENGTHS);
  if (!GLOBALS.has(word) || (start > 0 && (isIdent(src.charCodeAt(start - 1)) || src.charCodeAt(start - 1) === 46))) return null;
  const m = skipGap(src, at + 1);
  if (src.charCodeAt(at) === 91) {
    // Computed access on a global: window['al'+'ert'], self["$"], document["cookie"].
    const q = src.charCodeAt(m);
    if (q === 34 || q === 39 || q === 96 || isIdent(q)) return { level: "high", rule: "xss.global-access", start, end: Math.min(src.length, m + 16) };
    return null;
  }
  let k = m;
  while (k < src.length && k - m < 32 && isIdent(src.charCodeAt(k))) k++;
  const member = src.slice(m, k).toLowerCase();
  const known = word === "document" ? DOCUMENT_MEMBERS.has(member) : WINDOW_MEMBERS.has(member) || member === "document";
  if (!known) return null;
  // Code goes on with an operator, a call, a bracket or nothing; "document.write your name" is prose.
  let after = k;
  while (after < src.length && after - k < 8 && src.charCodeAt(after) === 32) after++;
  const nc = src.charCodeAt(after);
  if (after < src.length && ((nc >= 97 && nc <= 122) || (nc >= 65 && nc <= 90))) return null;
  return { level: "medium", rule: "xss.global-access", start, end: k };
}

/** `.call\``, `.apply\``: calling a function through a tagged template, without parentheses. */
function taggedTemplate(src: string, at: number): XssHit | null {
  const end = skipGapBack(src, at - 1);
  if (end < 0 || !isIdent(src.charCodeAt(end))) return null;
  const start = identStart(src, end);
  const word = end - start < 5 ? src.slice(start, end + 1).toLowerCase() : "";
  if ((word === "call" || word === "apply" || word === "bind") && src.charCodeAt(skipGapBack(src, start - 1)) === 46) {
    return { level: "high", rule: "xss.tagged-template", start, end: at + 1 };
  }
  return null;
}

/** End of the last template window read (module scratch, reset per scan). */
let templateCovered = -1;

/**
 * `{{ … }}`, `${ … }`, `#{ … }` holding an object-graph escape or a sink. The body is read up to
 * its `}` or 512 characters. Openings inside a body already read are not read again (a closed
 * body contains theirs; an unclosed one is read in steps of 256), so the scan stays linear.
 */
function templateInjection(src: string, open: number): XssHit | null {
  const body = src.slice(open, open + 512).toLowerCase();
  const close = body.indexOf("}");
  const inner = close < 0 ? body : body.slice(0, close + 1);
  templateCovered = open + (close < 0 ? 256 : close);
  if (!/[a-z_$]/.test(inner)) return null; // `{{{{…`: no word, nothing to call
  for (const w of TEMPLATE_WORDS) if (inner.includes(w)) return { level: "high", rule: "xss.template-injection", start: open, end: open + inner.length };
  if (/^\$\{\s*(alert|eval|prompt|confirm|atob)\b/.test(inner)) return { level: "high", rule: "xss.template-injection", start: open, end: open + inner.length };
  return null;
}

/**
 * JSFuck: code written with `[]()!+` only, e.g. `(![]+[])[+!+[]]`. Spaces are allowed in the run
 * because form decoding turns an unencoded `+` into one.
 */
function jsFuck(src: string, at: number): XssHit | null {
  const inRun = (ch: string | undefined) => ch !== undefined && "[]()!+ ".includes(ch);
  let i = at;
  while (i > 0 && at - i < 16 && inRun(src[i - 1])) i--;
  let j = at;
  while (j < src.length && j - i < 96 && inRun(src[j])) j++;
  const run = src.slice(i, j).replace(/ /g, "");
  const signature = run.includes("+[]") || run.includes("!![]") || run.includes("!+[]") || run.includes("[][") || run.includes("![]+");
  return run.length >= 4 && signature ? { level: "high", rule: "xss.jsfuck", start: i, end: j } : null;
}


/** A case-insensitive spelling of a lower-case word for a case-sensitive regex: `a` → `[aA]`. */
export const ci = (w: string): string => w.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);
export const anyOf = (words: Iterable<string>): string => [...words].map(ci).join("|");

/** Whitespace and comments between the parts (a superset of what skipGap/skipGapBack skip). */
export const GAP = "(?:[\\x00-\\x20]|/\\*[^]{0,256}?\\*/)*";

/**
 * The triggers a recognizer can fire at, one character each, found natively (a regex scans far
 * faster than a JavaScript character loop): `(` or `` ` `` after a sink name (or `call`/`apply`/
 * `bind` for templates), `.`/`[` after a global (or `(document)`), a comment end before any of
 * them; `[` of `![`/`[]` (JSFuck); `{` after `{`, `$` or `#`. A short look-behind comes first,
 * so runs such as `....`, `../../` or `((((` fail fast. Every trigger the recognizers could fire
 * at matches; most `.` `(` `[` of prose and numbers (`X3.70`, `(final)`) do not.
 */
export const SCRIPT_TRIGGERS = [
  `\\((?<=(?:[A-Za-z\\x00-\\x20]|\\*/)\\()(?<=(?:${anyOf(SINK_CALLS)}|\\*/)${GAP}\\()`,
  `\`(?<=(?:[A-Za-z\\x00-\\x20]|\\*/)\`)(?<=(?:${anyOf([...SINK_CALLS, "call", "apply", "bind"])}|\\*/)${GAP}\`)`,
  `[.[](?<=(?:[A-Za-z)\\x00-\\x20]|\\*/)[.[])(?<=(?:(?:${anyOf(GLOBALS)})${GAP}\\)?|${anyOf(SINK_VALUES)}|\\*/)${GAP}[.[])`,
  `[;,)](?<=(?:[A-Za-z\\x00-\\x20]|\\*/)[;,)])(?<=(?:${anyOf(SINK_VALUES)})${GAP}[;,)])`,
  "\\[(?<=!\\[)",
  "\\[(?=\\])",
  "\\{(?<=[{$#]\\{)",
].join("|");
const TRIGGERS = new RegExp(SCRIPT_TRIGGERS, "g");

/** The first JavaScript finding in `src` (each trigger character is looked at once, a bounded distance around). */
export function scriptRules(src: string): XssHit | null {
  templateCovered = -1;
  sinkValuesLeft = MAX_SINK_VALUES;
  assignmentsLeft = MAX_SINK_ASSIGNMENTS;
  let skipTo = 0;
  const re = TRIGGERS;
  re.lastIndex = 0;
  while (re.test(src)) {
    const i = re.lastIndex - 1;
    const c = src.charCodeAt(i);
    let hit: XssHit | null = null;
    if (c === 40 || c === 96) {
      hit = sinkCall(src, i);
      if (!hit && c === 96) hit = taggedTemplate(src, i);
    } else if (c === 59 || c === 44 || c === 41) {
      hit = sinkValue(src, i);
    } else if (c === 46 || c === 91) {
      hit = globalAccess(src, i);
      if (!hit && c === 46) hit = sinkValue(src, i);
      if (!hit && c === 91 && i >= skipTo && (src.charCodeAt(i + 1) === 93 || src.charCodeAt(i - 1) === 33)) {
        hit = jsFuck(src, i);
        if (!hit) skipTo = i + 48; // the run was read 96 characters ahead; the next read overlaps it
      }
    } else if (c === 123 && i > templateCovered) {
      const p = src.charCodeAt(i - 1);
      if (p === 123 || p === 36 || p === 35) hit = templateInjection(src, i - 1);
    }
    if (hit) {
      re.lastIndex = 0;
      return hit;
    }
  }
  return null;
}
