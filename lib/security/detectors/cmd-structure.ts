/**
 * Command-injection shapes that are decisive without a command word: Shellshock function
 * definitions, fork bombs, `/dev/tcp` reverse shells, server-side includes, and bare tilde or
 * history expansions. Each is a bounded `indexOf` scan, cheap enough to run first.
 */
import type { DetectorHit } from "../sanitizer/types";

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function isFunctionNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c === 46 || c === 45;
}

/** Index of the first non-blank character at or after `i` (bounded). */
function skipBlanks(s: string, i: number): number {
  const end = Math.min(s.length, i + 16);
  while (i < end && isBlank(s.charCodeAt(i))) i++;
  return i;
}

/** `() {` Shellshock definitions and `f(){ f|f& };f` fork bombs. */
/** True when only blanks, quotes or `=` stand between the value's start and `i` (bounded look-back). */
function atValueStart(s: string, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    if (i - k > 8) return false;
    const c = s.charCodeAt(k);
    if (!isBlank(c) && c !== 34 && c !== 39 && c !== 61) return false;
  }
  return true;
}

/** Does the body `s[from, to)` call the function named `s[nameStart, nameEnd)`? */
function callsItself(s: string, nameStart: number, nameEnd: number, from: number, to: number): boolean {
  const len = nameEnd - nameStart;
  for (let k = from; k + len <= to; k++) {
    let same = true;
    for (let m = 0; same && m < len; m++) same = s.charCodeAt(k + m) === s.charCodeAt(nameStart + m);
    if (same) return true;
  }
  return false;
}

function functionDefinition(s: string): DetectorHit | null {
  let at = s.indexOf("()");
  while (at >= 0) {
    const brace = skipBlanks(s, at + 2);
    if (s.charCodeAt(brace) === 123 /* { */) {
      let nameStart = at;
      while (nameStart > 0 && at - nameStart < 32 && isFunctionNameChar(s.charCodeAt(nameStart - 1))) nameStart--;
      // The body: up to the closing brace, at most 64 characters (scanned by hand, no slicing).
      let end = brace + 1;
      const limit = Math.min(s.length, brace + 65);
      let piped = false;
      while (end < limit && s.charCodeAt(end) !== 125 && s.charCodeAt(end) !== 123) {
        const c = s.charCodeAt(end);
        if (c === 124 || c === 38) piped = true;
        end++;
      }
      if (at === nameStart && (atValueStart(s, nameStart) || s.startsWith(":;", skipBlanks(s, brace + 1)))) {
        return { level: "critical", rule: "cmdi.shellshock", match: s.slice(at, Math.min(s.length, brace + 24)) };
      }
      if (at > nameStart && piped && callsItself(s, nameStart, at, brace + 1, end)) {
        return { level: "critical", rule: "cmdi.fork-bomb", match: s.slice(nameStart, Math.min(s.length, brace + 32)) };
      }
    }
    at = s.indexOf("()", at + 2);
  }
  return null;
}

/** A value that is only a bash tilde (`~+`, `~-1`, `~0`) or history (`!-1`, `!12`) expansion. */
function bareExpansion(s: string): DetectorHit | null {
  const t = s.trim();
  if (t.length > 24) return null;
  if (/^~[+-]?\d*$/.test(t) && t.length > 1) return { level: "medium", rule: "cmdi.tilde-expansion", match: t };
  if (/^(?:!-?\d{1,4})+$/.test(t)) return { level: "medium", rule: "cmdi.history-expansion", match: t };
  if (/^\$\{[A-Za-z_]\w{0,31}\}$/.test(t)) return { level: "medium", rule: "cmdi.parameter-expansion", match: t };
  return null;
}

/**
 * The first `<!--#`. Searched as `!--#` with the `<` checked before it: a search for a needle that
 * starts with `<` steps through every `<` of a `<<<<…` value (a partial match at each).
 */
function ssiAt(s: string): number {
  let at = s.indexOf("!--#", 1);
  while (at > 0 && s.charCodeAt(at - 1) !== 60) at = s.indexOf("!--#", at + 1);
  return at > 0 ? at - 1 : -1;
}

/**
 * A language's own way to run a command, called with a string or a variable: PHP's
 * `system('id')`, `shell_exec($_GET['c'])`, `passthru("…")`, Python's `os.system("…")` and
 * `subprocess.run(…)`, Node's `execSync("…")`. A value reaching an `eval` runs these as surely
 * as a shell runs `; id`. Prose says "the cooling system (fans)": a space before the parenthesis
 * and no quote after it.
 */
const CODE_EXEC = /\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|execSync|spawnSync|os\.system|os\.popen|subprocess\.(?:call|run|Popen|check_output))\(\s*["'`$]/i;

/** The decisive structures above, or null. */
export function structuralHit(s: string): DetectorHit | null {
  if (s.indexOf("()") >= 0) {
    const hit = functionDefinition(s);
    if (hit) return hit;
  }
  if (s.indexOf("(") >= 0) {
    const call = CODE_EXEC.exec(s);
    if (call) return { level: "high", rule: "cmdi.code-exec-call", match: s.slice(call.index, call.index + 60) };
  }
  const dev = s.indexOf("/dev/");
  if (dev >= 0) {
    const tcp = s.indexOf("/dev/tcp/", dev);
    const udp = s.indexOf("/dev/udp/", dev);
    const at = tcp >= 0 ? tcp : udp;
    if (at >= 0) return { level: "critical", rule: "cmdi.reverse-shell", match: s.slice(Math.max(0, at - 24), at + 40) };
  }
  const ssi = ssiAt(s);
  if (ssi >= 0 && /^<!--#\s*(?:exec|include|echo|config|set|printenv|fsize|flastmod)\b/i.test(s.slice(ssi, ssi + 24))) {
    return { level: "high", rule: "cmdi.server-side-include", match: s.slice(ssi, ssi + 60) };
  }
  const c0 = s.charCodeAt(0);
  if (c0 === 126 || c0 === 33 || c0 === 36 || isBlank(c0)) return bareExpansion(s);
  return null;
}
