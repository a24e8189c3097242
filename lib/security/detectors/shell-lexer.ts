/**
 * A lenient, linear shell lexer for injection detection, in the spirit of libinjection: it reads
 * words and operators the way bash (and, for `^` and `%VAR%`, cmd.exe) would, and undoes the usual
 * obfuscation while it reads, so the detector sees `cat` in `c'a't`, `c\at`, `ca$@t`, `c$()at`,
 * ``c``at`` and `adduse[r]`.
 *
 * Quotes are transparent: they never group words. An injected quote usually closes the
 * application's own quoting (`';id'` runs `;id`), so what follows is shell syntax either way, and a
 * quoted command (`"sh -c whoami"`) still reads as a command. Every loop advances the cursor and
 * every look-ahead is bounded, so a pass is linear in the input.
 */

import { CloseFinder } from "./cmd-chars";
import * as cmd_chars_ from "./cmd-chars";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { SPECIAL, SPECIAL_PLUS, endsWord, ifsLength, isBlank, isContraction, isLetter, isNameChar, isNameStart, isWordChar, literalBreak, markupLength } = cmd_chars_;

/** A word as the shell would see it once obfuscation is undone. */
export interface ShellWord {
  /** De-obfuscated text, variables assigned earlier in the input substituted. */
  text: string;
  /** De-obfuscated text with every variable empty (`cu$v\rl` with v unknown: `curl`). */
  bare: string;
  start: number;
  end: number;
  /** Quotes, backslashes, carets or empty expansions inside the word (`c'a't`, `who$()ami`). */
  obfuscated: boolean;
  /** Unquoted `?`, `*` or `[...]`. */
  glob: boolean;
  /** The word was one lone variable (`$a`, `${SHELL}`); its name. */
  varName: string | null;
  /** Followed directly by `(`: function-call syntax (`default(0)` in a Jinja filter). */
  call: boolean;
  /** `${...}` beyond a plain name, `$((...))` or `$[...]`: shell-only syntax. */
  structure: string | null;
}

export type OpKind = "sep" | "pipe" | "subst" | "group" | "call" | "close" | "redir";

export interface ShellOp {
  kind: OpKind;
  text: string;
}

const MAX_WORD = 160;
/** Constructs read in one word before the rest of it is skipped (padding such as `$a$a$a...`). */
const MAX_STEPS = 256;

/** Shared operator objects (operators are read for every separator of every value). */
const OPS = new Map<string, ShellOp>();
for (const [text, kind] of [
  [";", "sep"], ["\n", "sep"], ["\r", "sep"], ["&&", "sep"], ["&", "sep"], ["||", "sep"], ["|", "pipe"], ["|&", "pipe"],
  ["(", "group"], [")", "close"], ["$(", "subst"], ["<(", "subst"], [">(", "subst"], ["<", "redir"], [">", "redir"],
  [">>", "redir"], ["<<", "redir"], ["<<<", "redir"], ["&>", "redir"], [">&", "redir"], ["<>", "redir"],
] as const) {
  OPS.set(text, { kind, text });
}
const SINGLE_OPS: Array<ShellOp | undefined> = [];
const DOUBLE_OPS = new Map<number, ShellOp>();
for (const [text, op] of OPS) {
  if (text.length === 1) SINGLE_OPS[text.charCodeAt(0)] = op;
  if (text.length === 2) DOUBLE_OPS.set(text.charCodeAt(0) * 128 + text.charCodeAt(1), op);
}
const HERE_STRING = OPS.get("<<<")!;
/**
 * fastSkip's stops: 1 an operator, `$` or backtick; 2 a stop by context (`/` after a blank, `{ `
 * between blanks, a backslash spelling a line break).
 */
const SKIP_STOP = new Uint8Array(128);
for (const c of [59, 10, 13, 38, 124, 40, 41, 96, 36, 60, 62]) SKIP_STOP[c] = 1;
for (const c of [47, 123, 92]) SKIP_STOP[c] = 2;
/** What ends a word for wordEnd: endsWord's characters, a backtick or `$(` (and `+` read as a blank). */
const WORD_END = /[ \t\v\f\u00a0\n\r;|&)(<>`]|\$(?=\()/g;
const WORD_END_PLUS = /[ \t\v\f\u00a0\n\r;|&)(<>`+]|\$(?=\()/g;
/** skipPlainNonCommand's name characters: letters, digits, `-`, `,`, `%`, `_` (and any non-ASCII). */
const PLAIN_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) PLAIN_NAME[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 44 || c === 37 || c === 95 ? 1 : 0;

/** Variables a payload can rely on without assigning them. */
const ENVIRONMENT: Record<string, string> = { SHELL: "sh", BASH: "bash", COMSPEC: "cmd", HOME: "/root", PATH: "/usr/bin", PWD: "/", OLDPWD: "/", TMPDIR: "/tmp" };

export class ShellLexer {
  pos = 0;
  readonly n: number;
  private inBackticks = false;
  private closerMemo: CloseFinder | null = null;

  /** Variables assigned so far in this input (`a=curl; $a ...`); created on the first assignment. */
  private assigned: Map<string, string> | null = null;
  private readonly special: Uint8Array;

  constructor(
    readonly s: string,
    /** Read `+` as a blank, as a form decoder would have. */
    private readonly plusIsBlank = false,
  ) {
    this.n = s.length;
    this.special = plusIsBlank ? SPECIAL_PLUS : SPECIAL;
  }

  /** Records `name=value` for later `$name` expansions (at most `limit` variables). */
  assign(name: string, value: string, limit: number): void {
    const vars = (this.assigned ??= new Map());
    if (vars.size < limit || vars.has(name)) vars.set(name, value);
  }

  private closer(): CloseFinder {
    return (this.closerMemo ??= new CloseFinder(this.s));
  }

  private blank(c: number): boolean {
    return isBlank(c) || (c === 43 && this.plusIsBlank);
  }

  /** A character with no meaning to the lexer: letters, digits, most punctuation, non-ASCII but NBSP. */
  private plain(c: number): boolean {
    return c < 128 ? this.special[c] === 0 : c !== 0xa0;
  }

  private ends(c: number): boolean {
    return endsWord(c) || (c === 43 && this.plusIsBlank);
  }

  /** Skips blanks, `$IFS`-style separators and backslash-newline continuations. */
  skipBlanks(): void {
    const s = this.s;
    while (this.pos < this.n) {
      const c = s.charCodeAt(this.pos);
      if (this.blank(c)) {
        this.pos++;
      } else if (c === 36 /* $ */) {
        const len = ifsLength(s, this.pos);
        if (len === 0) return;
        this.pos += len;
      } else if (c === 92 /* \ */ && (s.charCodeAt(this.pos + 1) === 10 || this.blank(s.charCodeAt(this.pos + 1)))) {
        this.pos += 2;
      } else if (c === 60 /* < */) {
        const len = markupLength(s, this.pos);
        if (len === 0) return;
        this.pos += len;
      } else {
        return;
      }
    }
  }

  /** Reads the operator at the cursor, if there is one. */
  readOp(): ShellOp | null {
    const s = this.s;
    const i = this.pos;
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    switch (c) {
      case 59: // ;
      case 10:
      case 13:
        return this.op("sep", 1);
      case 38: // &
        if (next === 38) return this.op("sep", 2);
        if (next === 62) return this.op("redir", 2);
        return this.op("sep", 1);
      case 124: // |
        if (next === 124) return this.op("sep", 2);
        return this.op("pipe", next === 38 ? 2 : 1);
      case 40: // (
        return this.op(i > 0 && !this.ends(s.charCodeAt(i - 1)) && s.charCodeAt(i - 1) !== 123 ? "call" : "group", 1);
      case 41: // )
        return this.op("close", 1);
      case 96: // `
        this.inBackticks = !this.inBackticks;
        return this.op(this.inBackticks ? "subst" : "close", 1);
      case 36: // $
        if (next === 40 && s.charCodeAt(i + 2) !== 40 && s.charCodeAt(i + 2) !== 41) return this.op("subst", 2);
        return null;
      case 60: // <
      case 62: // >
        if (next === 40 && s.charCodeAt(i + 2) !== 41) return this.op("subst", 2);
        if (c === 60 && next === 60) return this.op("redir", s.charCodeAt(i + 2) === 60 ? 3 : 2);
        if (next === 62 || next === 38 || next === 124 || (c === 60 && next === 62)) return this.op("redir", 2);
        return this.op("redir", 1);
      case 123: // { as a command group: `{ cmd; }`
        return this.blank(next) || next === 10 ? this.op("group", 1) : null;
      case 92: // a literal "\n" left by a JSON or C-style encoder is a line break to a lenient decoder
        return literalBreak(s, i) ? this.op("sep", 2) : null;
      default:
        return null;
    }
  }

  private op(kind: OpKind, len: number): ShellOp {
    const at = this.pos;
    this.pos = at + len;
    // Common operators are shared constants: no slice, no allocation.
    const c = this.s.charCodeAt(at);
    if (len === 1 && c < 128) {
      const shared = SINGLE_OPS[c];
      if (shared && shared.kind === kind) return shared;
    }
    const key = len === 2 ? c * 128 + this.s.charCodeAt(at + 1) : -1;
    const pair = key >= 0 ? DOUBLE_OPS.get(key) : undefined;
    if (pair && pair.kind === kind) return pair;
    if (len === 3 && kind === "redir") return HERE_STRING; // `<<<`, the only three-character operator
    const text = this.s.slice(at, at + len);
    return OPS.get(text) ?? { kind, text };
  }

  /**
   * At a command position whose word is a plain name that is no command (most prose after a `;`
   * or `&`), skips the command without building a word. Returns false when the word needs the
   * full reading (a command, an assignment, a path, an expansion, a quote...).
   */
  skipPlainNonCommand(isCommand: (s: string, start: number, end: number) => boolean): boolean {
    const s = this.s;
    const start = this.pos;
    let i = start;
    while (i < this.n && i - start <= 32) {
      const c = s.charCodeAt(i);
      if (c < 128 && PLAIN_NAME[c] === 0) break;
      i++;
    }
    if (i === start || i - start > 32) return false;
    const nameEnd = i;
    // Quotes closing the word are transparent (`v'` reads as `v`): strict word ends only after them.
    if (s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34) {
      while (i < this.n && (s.charCodeAt(i) === 39 || s.charCodeAt(i) === 34)) i++;
      if (i < this.n) {
        const c = s.charCodeAt(i);
        const strictEnd = c === 32 || c === 9 || c === 59 || c === 38 || c === 124 || c === 10 || c === 13 || c === 41 || ((c === 60 || c === 62) && s.charCodeAt(i + 1) !== 40);
        if (!strictEnd) return false;
      }
    } else if (i < this.n) {
      const c = s.charCodeAt(i);
      if (!(this.blank(c) || c === 59 || c === 38 || c === 124 || c === 10 || c === 13 || c === 41 || c === 46 || c === 58 || c === 33 || c === 63)) return false;
    }
    if (isCommand(s, start, nameEnd)) return false;
    this.pos = i;
    this.fastSkip();
    return true;
  }

  /** Puts back an operator read by readOp (the caller only peeked at it). */
  unread(at: number, op: ShellOp): void {
    this.pos = at;
    if (op.text === "`") this.inBackticks = !this.inBackticks;
  }

  /** True when the cursor is at a character that may start an operator. */
  atOperator(): boolean {
    const c = this.s.charCodeAt(this.pos);
    return c === 59 || c === 10 || c === 13 || c === 38 || c === 124 || c === 40 || c === 41 || c === 96 || c === 60 || c === 62;
  }

  // The word being read (fields, not closures: readWord runs for every word of every value).
  private text = "";
  private bare = "";
  private obfuscated = false;
  private pendingCall = false;

  private append(chunk: string, fromVariable: boolean): void {
    if (this.text.length < MAX_WORD) this.text += chunk;
    if (!fromVariable && this.bare.length < MAX_WORD) this.bare += chunk;
  }

  /** An invisible construct inside a word (not merely wrapping it) is obfuscation. */
  private hidden(at: number, bothSides: boolean): void {
    const before = this.text.length > 0;
    const after = at < this.n && isWordChar(this.s.charCodeAt(at));
    if (bothSides ? before && after : before || after) this.obfuscated = true;
  }

  /**
   * Reads one word at the cursor (call skipBlanks and readOp first). Always consumes at least one
   * character when not at the end.
   */
  readWord(): ShellWord {
    const s = this.s;
    const start = this.pos;
    let i = start;
    // Fast path: a word of plain characters only (most prose) needs no building.
    while (i < this.n && this.plain(s.charCodeAt(i))) i++;
    if (i > start && (i >= this.n || this.ends(s.charCodeAt(i))) && s.charCodeAt(i) !== 40 && !((s.charCodeAt(i) === 60 || s.charCodeAt(i) === 62) && s.charCodeAt(i + 1) === 40)) {
      this.pos = i;
      const text = i - start > MAX_WORD ? s.slice(start, start + MAX_WORD) : s.slice(start, i);
      return { text, bare: text, start, end: i, obfuscated: false, glob: false, varName: null, call: false, structure: null };
    }
    i = start;
    this.text = "";
    this.bare = "";
    this.obfuscated = false;
    this.pendingCall = false;
    let glob = false;
    let structure: string | null = null;
    let quotes = 0;
    let innerQuote = false; // a quote inside the word that is no contraction (`c'a't`, not `don't`)
    let literal = 0; // characters that did not come from a variable
    let vars = 0;
    let varName: string | null = null;
    let steps = 0; // quotes, escapes and expansions read so far
    while (i < this.n) {
      if (++steps > MAX_STEPS || this.text.length >= MAX_WORD) {
        // Nothing more can change how this word reads (its text is full or it is padding): skip to its end.
        i = this.wordEnd(i);
        break;
      }
      const c = s.charCodeAt(i);
      if (this.plain(c)) {
        let j = i + 1;
        while (j < this.n && this.plain(s.charCodeAt(j))) j++;
        if (this.text.length < MAX_WORD) this.append(s.slice(i, Math.min(j, i + MAX_WORD)), false);
        literal += j - i;
        i = j;
        continue;
      }
      if (this.ends(c)) {
        if ((c === 60 || c === 62) && s.charCodeAt(i + 1) === 40 && s.charCodeAt(i + 2) === 41) {
          i += 3; // empty process substitution `<()` inside a word
          this.hidden(i, false);
          continue;
        }
        if (c === 40 && i > start) this.pendingCall = true;
        break;
      }
      if (c === 39 || c === 34) {
        // ' or "
        if (s.charCodeAt(i + 1) === c) {
          i += 2;
          this.hidden(i, false);
        } else {
          quotes++;
          i++;
          if (this.text.length > 0 && i < this.n && isWordChar(s.charCodeAt(i)) && !isContraction(s, i)) innerQuote = true;
        }
        continue;
      }
      if (c === 92) {
        // backslash
        const next = s.charCodeAt(i + 1);
        if (i > start && literalBreak(s, i)) break; // literal "\n"
        if (Number.isNaN(next) || next === 10) {
          i += 2;
          continue;
        }
        if (this.blank(next)) {
          this.append(" ", false);
          literal++;
          i += 2;
          continue;
        }
        if (next === 39 || next === 34) {
          i += 2; // an escaped quote is as transparent as a bare one
          quotes++;
          continue;
        }
        if (next === 92) {
          if (this.text.length < MAX_WORD) this.text += "\\"; // an escaped backslash is literal; `bare` drops it (`cu$v\\r\l`)
          i += 2;
          continue;
        }
        // `c\at`, `\ls` hide a command; `C:\Windows\System32` and `%SYSTEMROOT%\x` are paths.
        if (isLetter(next) && this.text.indexOf(":") < 0 && this.text.charCodeAt(0) !== 37) this.obfuscated = true;
        this.append(s[i + 1]!, false);
        literal++;
        i += 2;
        continue;
      }
      if (c === 94 /* ^ */) {
        i++;
        this.hidden(i, true);
        continue;
      }
      if (c === 96 /* ` */) {
        if (s.charCodeAt(i + 1) === 96) {
          i += 2;
          this.hidden(i, false);
          continue;
        }
        break;
      }
      if (c === 36 /* $ */) {
        const step = this.expansion(i);
        if (step.kind === "end") {
          if (this.text.length > 0 && ifsLength(s, i) > 0) this.obfuscated = true; // `cat${IFS}/etc/passwd`
          break;
        }
        if (step.kind === "var") {
          vars++;
          varName = step.name;
        } else if (step.kind === "literal") {
          literal++;
        } else if (step.kind === "structure") {
          structure = step.name;
        }
        i = step.next;
        continue;
      }
      if (c === 91 /* [ */) {
        // A one-character class `[r]` is the letter itself: `adduse[r]`, `/bi[n]/bash`.
        const inner = s.charCodeAt(i + 1);
        if (s.charCodeAt(i + 2) === 93 && inner !== 33 && inner !== 94 && !Number.isNaN(inner)) {
          this.append(s[i + 1]!, false);
          literal++;
          this.obfuscated = true;
          i += 3;
          continue;
        }
      }
      if (c === 91 || c === 42 || c === 63) glob = true;
      this.append(s[i]!, false);
      literal++;
      i++;
    }
    if (innerQuote && quotes >= 2) this.obfuscated = true;
    if (i === start) i++; // never stall
    this.pos = i;
    const call = this.pendingCall;
    this.pendingCall = false;
    return {
      text: this.text,
      bare: this.bare,
      start,
      end: i,
      obfuscated: this.obfuscated,
      glob,
      varName: literal === 0 && vars === 1 ? varName : null,
      call,
      structure,
    };
  }

  /** End of the word containing `i`, read cheaply: the next blank, operator, backtick or `$(`. */
  private wordEnd(i: number): number {
    // Only long words get here (padding such as `/*/*/*…`): the end is found natively.
    const re = this.plusIsBlank ? WORD_END_PLUS : WORD_END;
    re.lastIndex = i;
    return re.test(this.s) ? re.lastIndex - 1 : this.n;
  }

  /** One `$` construct at `i`: what it expands to and where reading resumes. */
  private expansion(i: number): { kind: "end" | "var" | "literal" | "structure" | "empty"; next: number; name: string } {
    const s = this.s;
    const next = s.charCodeAt(i + 1);
    if (ifsLength(s, i) > 0) return { kind: "end", next: i, name: "" };
    if (next === 40 /* ( */) {
      if (s.charCodeAt(i + 2) === 41) {
        this.hidden(i + 3, false);
        return { kind: "empty", next: i + 3, name: "" };
      }
      if (s.charCodeAt(i + 2) === 40) {
        const close = this.closer().find(i + 3, 41);
        return { kind: "structure", next: close < 0 ? i + 3 : close + 1, name: "$((" };
      }
      return { kind: "end", next: i, name: "" };
    }
    if (next === 91 /* [ */) {
      const close = this.closer().find(i + 2, 93);
      return { kind: "structure", next: close < 0 ? i + 2 : close + 1, name: "$[" };
    }
    if (next === 39 || next === 34) return { kind: "empty", next: i + 1, name: "" }; // $'..' and $".."
    if (next === 123 /* { */) {
      const close = this.closer().find(i + 2, 125);
      if (close < 0) {
        this.append("$", false);
        return { kind: "literal", next: i + 1, name: "" };
      }
      const inner = s.slice(i + 2, close);
      let plain = inner.length > 0 && isNameStart(inner.charCodeAt(0));
      for (let k = 1; plain && k < inner.length; k++) plain = isNameChar(inner.charCodeAt(k));
      if (!plain) {
        // `${HOME:0:1}` is `/`; anything else (`${x#{}}`, `${:1337:-x$}`, `${`id`}`) is shell-only syntax.
        const colon = inner.indexOf(":0:1");
        if (colon > 0 && colon + 4 === inner.length) {
          this.append("/", true);
          return { kind: "var", next: close + 1, name: inner.slice(0, colon) };
        }
        return { kind: "structure", next: close + 1, name: "${" };
      }
      return this.variable(inner, close + 1);
    }
    if (isNameStart(next) && next !== 95) {
      let j = i + 1;
      while (j < this.n && j - i < 64 && isNameChar(s.charCodeAt(j))) j++;
      return this.variable(s.slice(i + 1, j), j);
    }
    // Special parameters ($@ $* $! $? $- $_ $$ $# $0-$9) expand to nothing useful: spacers. `$_at`
    // is strictly the variable `_at`, but `$_` is how payloads use it (`c$_at`).
    if (next === 95 || next === 64 || next === 42 || next === 33 || next === 63 || next === 45 || next === 36 || next === 35 || (next >= 48 && next <= 57)) {
      this.hidden(i + 2, false);
      return { kind: "var", next: i + 2, name: s[i + 1]! };
    }
    this.append("$", false);
    return { kind: "literal", next: i + 1, name: "" };
  }

  private variable(name: string, next: number): { kind: "var"; next: number; name: string } {
    const value = this.assigned?.get(name) ?? ENVIRONMENT[name] ?? "";
    if (value === "") this.hidden(next, false);
    else this.append(value, true);
    return { kind: "var", next, name };
  }

  /**
   * Skips the rest of a command's arguments without building words: up to the next operator, a
   * `$`, a backtick, a blank-preceded `/` (an absolute path worth a look) or a `{ ` group.
   */
  fastSkip(): void {
    const s = this.s;
    const n = this.n;
    let i = this.pos;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      // One table load per character: most are no stop at all (SKIP_STOP 0).
      const stop = c < 128 ? SKIP_STOP[c]! : 0;
      if (stop === 0) continue;
      if (stop === 1) break;
      if (c === 47) {
        if (i > 0 && this.blank(s.charCodeAt(i - 1))) break;
      } else if (c === 123) {
        if (this.blank(s.charCodeAt(i + 1)) && (i === 0 || this.blank(s.charCodeAt(i - 1)))) break;
      } else if (literalBreak(s, i)) break; // `\`
    }
    this.pos = i;
  }
}

/** `NAME=value` (a shell assignment): the name, or null. */
export function assignmentName(word: ShellWord): string | null {
  const t = word.text;
  const eq = t.indexOf("=");
  if (eq <= 0 || eq > 64 || !isNameStart(t.charCodeAt(0))) return null;
  for (let k = 1; k < eq; k++) if (!isNameChar(t.charCodeAt(k))) return null;
  return t.slice(0, eq);
}
