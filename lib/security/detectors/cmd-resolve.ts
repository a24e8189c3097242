/**
 * Which command a shell word names, reading through what hides it: quotes and escapes (already
 * undone by the lexer), variables holding the command, brace expansion (`{cat,/etc/passwd}`),
 * globs (`/???/c?t`), paths into bin directories and Windows program paths.
 */
import * as cmd_args_ from "./cmd-args";
import * as cmd_glob_ from "./cmd-glob";
import { type CommandInfo } from "./cmd-words";
import * as cmd_words_ from "./cmd-words";
import type { ShellWord } from "./shell-lexer";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { rawPath } = cmd_args_;
const { expandBraces, systemPath } = cmd_glob_;
const { STRONG, isExecutableDir, lookupCommand } = cmd_words_;

export const MAX_ARGS = 10;

export interface Found {
  info: CommandInfo;
  word: ShellWord;
  /** How the command was hidden or named: brace/glob expansion, or a path into a bin directory. */
  via: "brace" | "glob" | "bin-path" | null;
  /** Extra argument words produced by expansion (`{cat,/etc/passwd}`, `$c` holding "cat /etc/passwd"). */
  extra: ShellWord[];
}

function synthetic(word: ShellWord, text: string): ShellWord {
  return { ...word, text, bare: text, varName: null, glob: false, obfuscated: false, structure: null };
}

/** Letters, digits, `-`, `_`, `.`, `@`, `%` only: no path, brace, space or escape to read through. */
function isSimpleName(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(0) === 92) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 47 || c === 123 || c === 32 || c === 92 || c === 58) return false;
  }
  return true;
}

/** The command a word names, trying every reading of it, or null. */
export function commandOf(s: string, w: ShellWord, globs: boolean): Found | null {
  if (w.bare === w.text && !w.glob && !w.obfuscated && isSimpleName(w.text)) {
    // The common case, a plain word: one table lookup.
    const info = lookupCommand(w.text);
    return info ? { info, word: w, via: null, extra: [] } : null;
  }
  const readings = w.bare !== w.text ? [w.text, w.bare] : [w.text];
  // `\nwhoami`: a written-out line break glued to the command it starts.
  if (s.charCodeAt(w.start) === 92 && (s.charCodeAt(w.start + 1) === 110 || s.charCodeAt(w.start + 1) === 114)) readings.push(w.text.slice(1));
  for (const reading of readings) {
    const found = commandIn(reading, w, globs);
    if (found) return found;
  }
  // A Windows path names a program only through a strong name or an .exe (`C:\Windows\System32\cmd.exe`).
  if (w.end - w.start <= 96 && s.slice(w.start, w.end).indexOf("\\") >= 0) {
    const path = rawPath(s, w);
    const info = lookupCommand(path);
    if (info && (info.tier === STRONG || /\.exe$/i.test(path))) {
      const slash = path.lastIndexOf("/");
      return { info, word: w, via: slash > 0 && isExecutableDir(path.slice(0, slash)) ? "bin-path" : null, extra: [] };
    }
  }
  return null;
}

function commandIn(reading: string, w: ShellWord, globs: boolean): Found | null {
  if (!reading || reading.indexOf("://") >= 0) return null;
  let text = reading.trim();
  let extra: ShellWord[] = [];
  const space = text.indexOf(" ");
  if (space > 0) {
    // A variable holding "cat /etc/passwd", or `\ ` joins: split as the shell would.
    extra = text.slice(space + 1).split(" ").filter(Boolean).slice(0, MAX_ARGS).map((t) => synthetic(w, t));
    text = text.slice(0, space);
  }
  let via: Found["via"] = null;
  if (text.indexOf("{") >= 0 && text.indexOf(",") > 0) {
    const expanded = expandBraces(text);
    if (expanded && expanded.length > 0) {
      extra = [...expanded.slice(1).map((t) => synthetic(w, t)), ...extra];
      text = expanded[0]!;
      via = "brace";
    }
  }
  if (globs && text.charCodeAt(0) === 47 && (w.glob || via === "brace") && /[?*[]/.test(text)) {
    const path = systemPath(text);
    if (path && path.kind === "exec") return { info: { name: text, tier: STRONG, traits: 0 }, word: w, via: "glob", extra };
  }
  const info = lookupCommand(text);
  if (!info || (via === "brace" && text.length < 2)) return null;
  const slash = text.lastIndexOf("/");
  if (via === null && slash > 0 && isExecutableDir(text.slice(0, slash))) via = "bin-path";
  return { info, word: w, via, extra };
}
