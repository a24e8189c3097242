/**
 * Glob and brace expansion, undone the way bash would do it, for the two evasions that hide a
 * command or a file from a word list: `/???/c?t /e??/p??s??` and `{cat,/etc/passwd}`.
 */
import * as cmd_words_ from "./cmd-words";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { lookupCommand } = cmd_words_;

const MAX_PATTERN = 64;

/** Reads a `[...]` class at `p` (pattern[p] === "["); returns its end (index after `]`) or -1. */
function classEnd(pattern: string, p: number): number {
  let q = p + 1;
  if (pattern[q] === "!" || pattern[q] === "^") q++;
  if (pattern[q] === "]") q++;
  while (q < pattern.length && pattern[q] !== "]") q++;
  return q < pattern.length ? q + 1 : -1;
}

function classMatches(pattern: string, p: number, end: number, ch: string): boolean {
  let q = p + 1;
  let negate = false;
  if (pattern[q] === "!" || pattern[q] === "^") {
    negate = true;
    q++;
  }
  let found = false;
  for (; q < end - 1; q++) {
    const lo = pattern[q]!;
    if (pattern[q + 1] === "-" && q + 2 < end - 1) {
      if (ch >= lo && ch <= pattern[q + 2]!) found = true;
      q += 2;
    } else if (lo === ch) {
      found = true;
    }
  }
  return found !== negate;
}

/** Shell glob match (`?`, `*`, `[...]`) of a short pattern against a short name; linear backtracking on the last `*`. */
export function globMatch(pattern: string, name: string): boolean {
  if (pattern.length > MAX_PATTERN || name.length > MAX_PATTERN) return false;
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < name.length) {
    const pc = pattern[p];
    if (pc === "*") {
      starP = ++p;
      starT = t;
      continue;
    }
    if (pc === "[") {
      const end = classEnd(pattern, p);
      if (end > 0 && classMatches(pattern, p, end, name[t]!)) {
        p = end;
        t++;
        continue;
      }
      if (end < 0 && name[t] === "[") {
        p++;
        t++;
        continue;
      }
    } else if (pc !== undefined && (pc === "?" || pc === name[t])) {
      p++;
      t++;
      continue;
    }
    if (starP < 0) return false;
    p = starP;
    t = ++starT;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

function hasGlob(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === "?" || c === "*" || c === "[") return true;
  }
  return false;
}

/** Splits an absolute path on `/`, keeping `[...]` classes (which may hold a `/`) whole. */
function segments(path: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 1; i < path.length && out.length < 8; i++) {
    const c = path[i]!;
    if (c === "[") {
      const end = classEnd(path, i);
      if (end > 0) {
        current += path.slice(i, end);
        i = end - 1;
        continue;
      }
    }
    if (c === "/") {
      if (current) out.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}

const ROOT_DIRS = ["bin", "sbin", "usr", "etc", "dev", "proc", "var", "tmp", "lib", "opt", "home", "root", "sys", "boot"];
const BIN_PARENTS = ["bin", "sbin"];
const ETC_FILES = ["passwd", "shadow", "group", "gshadow", "hosts", "sudoers", "issue", "hostname", "crontab", "fstab", "resolv.conf", "master.passwd"];

/**
 * What a globbed program name is matched against: the binaries payloads reach for. Matching a
 * glob against the whole vocabulary would cost hundreds of matches per word; a literal name is
 * looked up in the vocabulary instead.
 */
const GLOB_TARGETS = [
  "sh", "bash", "dash", "zsh", "ksh", "csh", "busybox", "cat", "tac", "nl", "more", "less", "head", "tail",
  "ls", "id", "ps", "env", "echo", "printf", "nc", "ncat", "netcat", "socat", "wget", "curl", "telnet", "ping",
  "nslookup", "python", "python3", "perl", "php", "ruby", "base64", "chmod", "rm", "cp", "mv", "whoami",
  "uname", "ifconfig", "awk", "sed", "find", "dd", "xxd", "su", "sudo", "passwd", "useradd",
];

function matchesAny(pattern: string, names: readonly string[]): boolean {
  const literal = !hasGlob(pattern);
  for (const name of names) if (literal ? pattern === name : globMatch(pattern, name)) return true;
  return false;
}

function isProgram(pattern: string): boolean {
  return hasGlob(pattern) ? matchesAny(pattern, GLOB_TARGETS) : lookupCommand(pattern) !== null;
}

/**
 * What a (possibly globbed) absolute path names on a Unix system: `exec` (`/???/c?t`), `file`
 * (`/e??/p??s??`), `dir` (`/[e///]tc`), or null. `globbed` is whether a glob other than a lone `*`
 * took part, i.e. whether the path was hidden from a literal match.
 */
export function systemPath(path: string): { kind: "exec" | "file" | "dir"; globbed: boolean } | null {
  if (path.length < 2 || path.length > 120 || path[0] !== "/") return null;
  const parts = segments(path.toLowerCase());
  if (parts.length === 0) return null;
  let globbed = false;
  for (const part of parts) if (part !== "*" && hasGlob(part)) globbed = true;
  const [first, second, third, fourth] = parts;
  if (!first || !matchesAny(first, ROOT_DIRS)) return null;
  if (parts.length === 1) return { kind: "dir", globbed };
  if (matchesAny(first, BIN_PARENTS) && second && isProgram(second)) return { kind: "exec", globbed };
  if (matchesAny(first, ["usr"]) && second && matchesAny(second, BIN_PARENTS) && third && isProgram(third)) {
    return { kind: "exec", globbed };
  }
  if (matchesAny(first, ["usr"]) && second && matchesAny(second, ["local"]) && third && matchesAny(third, BIN_PARENTS) && fourth) {
    return isProgram(fourth) ? { kind: "exec", globbed } : null;
  }
  if (matchesAny(first, ["etc"]) && second && matchesAny(second, ETC_FILES)) return { kind: "file", globbed };
  // A hidden system directory (`/[e///]tc/x`) is an evasion even when what follows is unknown.
  return hasGlob(first) ? { kind: "dir", globbed } : null;
}

/**
 * Bash brace expansion of one word with a top-level `{a,b,...}`: `{l,-lh}s` → `ls -lhs`,
 * `c{a,oun}t` → `cat count`, `{,ifconfig}` → `ifconfig`. Null when the word has no such group.
 */
export function expandBraces(word: string): string[] | null {
  const open = word.indexOf("{");
  if (open < 0 || word.length > 160) return null;
  let depth = 0;
  let close = -1;
  const commas: number[] = [];
  for (let i = open; i < word.length; i++) {
    const c = word[i];
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) {
        close = i;
        break;
      }
    } else if (c === "," && depth === 1) commas.push(i);
    else if (c === " " || c === '"' || c === ":") return null; // JSON and prose, not a brace expansion
  }
  if (close < 0 || commas.length === 0 || commas.length > 16) return null;
  const prefix = word.slice(0, open);
  const suffix = word.slice(close + 1);
  const out: string[] = [];
  let from = open + 1;
  for (const comma of [...commas, close]) {
    const alt = prefix + word.slice(from, comma) + suffix;
    if (alt) out.push(alt);
    from = comma + 1;
  }
  return out;
}
