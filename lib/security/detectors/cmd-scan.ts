/**
 * The shell reading of one value: walks its command positions (the start, after `;` `|` `&`
 * `&&` `||` or a line break, inside `$(...)`, backticks and `(...)`), resolves each command word
 * (cmd-resolve.ts) and weighs it with its arguments (cmd-args.ts) by where it stands: `whoami`
 * after `;` is an attack; `rm the supports` is prose while `rm -rf /` is not.
 */
import type { DetectorHit, ThreatLevel } from "../sanitizer/types";
import { type Redirect } from "./cmd-args";
import * as cmd_args_ from "./cmd-args";
import * as cmd_glob_ from "./cmd-glob";
import { type Found } from "./cmd-resolve";
import * as cmd_resolve_ from "./cmd-resolve";
import * as cmd_windows_ from "./cmd-windows";
import * as cmd_words_ from "./cmd-words";
import { ShellLexer, type ShellOp, type ShellWord } from "./shell-lexer";
import * as shell_lexer_ from "./shell-lexer";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { argumentEvidence, criticalArguments, isFlag, isPathArg, rawPath } = cmd_args_;
const { systemPath } = cmd_glob_;
const { MAX_ARGS, commandOf } = cmd_resolve_;
const { isBatchFor, isBatchIf } = cmd_windows_;
const { ALONE, ENGLISH, KEYWORD, PREFIX, SHELL, STRONG, WEAK, lettersOrGcode, lookupCommand, tableWord } = cmd_words_;
const { assignmentName } = shell_lexer_;

/** Where a command word stands; decides how much argument evidence it needs. */
type Position = "lead" | "param" | "sep" | "pipe" | "subst" | "proc" | "tick" | "group";

const NO_REDIRECTS: Redirect[] = [];
const MAX_VARS = 32;
const SQLITE_DOT = /^\.(?:shell|system|sh|databases|tables|dump|import|load|output|once)$/i;

export function hit(level: ThreatLevel, rule: string, match: string): DetectorHit {
  return { level, rule, match: match.length > 160 ? match.slice(0, 160) : match };
}

function positionAfter(op: ShellOp): Position | null {
  switch (op.kind) {
    case "sep":
      return "sep";
    case "pipe":
      return "pipe";
    case "subst":
      return op.text === "`" ? "tick" : op.text === "$(" ? "subst" : "proc";
    case "group":
      return "group";
    default:
      return null; // `)`, a closing backtick, function-call parentheses
  }
}

/** `alias name=value` (also `alias -p`, zsh `+g` flags, quoted names). */
function aliasDefinition(args: readonly ShellWord[]): boolean {
  for (const arg of args.slice(0, 4)) {
    const t = arg.text;
    if ((t.charCodeAt(0) === 45 || t.charCodeAt(0) === 43) && t.indexOf("=") < 0) continue;
    const eq = t.indexOf("=");
    return eq > 0 && eq < t.length - 1 && t.indexOf(" ") < 0;
  }
  return false;
}

/** Does `s[start, end)` name a command? lookupCommand's answer; letters and G-code words are hashed in place, unsliced. */
function isCommandName(s: string, start: number, end: number): boolean {
  return lettersOrGcode(s, start, end) ? tableWord(s, start, end) !== null : lookupCommand(s.slice(start, end)) !== null;
}

/** `$ / \ ' " [ * ? ^ { ~`: a word starting so may expand or glob; any other argument cannot. */
function mayHoldStructure(c: number): boolean {
  return c === 36 || c === 47 || c === 92 || c === 39 || c === 34 || c === 91 || c === 42 || c === 63 || c === 94 || c === 123 || c === 126;
}

function isBlankChar(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Globbed paths resolved per scan: each costs a few dozen tiny matches; a payload needs one or two. */
const GLOB_BUDGET = 256;

/**
 * `CMD='cat /etc/passwd'`, `CMD=$'ping -c 3 x'`, `CMD="…"`: the whole quoted value, as the shell
 * assigns it, so that a later `$CMD` runs the command with its arguments. (The lexer's quotes are
 * transparent, which is right for an injected quote, but would keep only the value's first word.)
 */
function quotedAssignment(s: string, at: number): string | null {
  if (s.charCodeAt(at) === 36 /* $'…' */) at++;
  const quote = s.charCodeAt(at);
  if (quote !== 39 && quote !== 34) return null;
  const close = s.indexOf(quote === 39 ? "'" : '"', at + 1);
  return close < 0 || close - at > 65 ? null : s.slice(at + 1, close);
}

export class CommandScan {
  readonly lx: ShellLexer;
  private globBudget = GLOB_BUDGET;
  private tickGlued = false;

  constructor(
    readonly s: string,
    plusIsBlank = false,
  ) {
    this.lx = new ShellLexer(s, plusIsBlank);
  }

  /** Shell-only syntax inside any word: `${x#{}}`, `$((...))`, `$[...]`, `/???/c?t`, `/etc/pa[s]swd`. */
  private wordStructure(w: ShellWord): DetectorHit | null {
    if (w.structure === "${") return hit("high", "cmdi.parameter-expansion", w.text || "${");
    if (w.structure) return hit("medium", "cmdi.arithmetic-expansion", w.structure);
    if ((w.glob || w.obfuscated) && w.text.charCodeAt(0) === 47 && this.globBudget-- > 0) {
      const path = systemPath(w.text);
      if (path && (path.globbed || w.obfuscated)) return hit("high", "cmdi.glob-path", w.text);
    }
    return null;
  }

  /** Scans the whole value from its start. */
  run(): DetectorHit | null {
    const lx = this.lx;
    const s = this.s;
    let position: Position | null = "lead";
    while (lx.pos < lx.n) {
      lx.skipBlanks();
      if (lx.pos >= lx.n) break;
      const op = lx.readOp();
      if (op) {
        if (op.kind !== "redir") {
          position = positionAfter(op);
          // A backtick glued to a word (`x`id``) or opening the value substitutes; one after a blank
          // may be a Markdown code span.
          if (position === "tick") this.tickGlued = lx.pos < 2 || !isBlankChar(s.charCodeAt(lx.pos - 2));
        }
        continue;
      }
      if (position !== "subst") {
        // A word that reads as nothing (`''`, a lone `#` or `:`): no command, no structure. Repeated
        // triggers (`&#&#...`, `'"\`'"\`...`) cost a few comparisons each instead of a word read.
        const inert = this.inertWordEnd();
        if (inert >= 0) {
          lx.pos = inert;
          lx.fastSkip();
          position = null;
          continue;
        }
      }
      if (position === null) {
        // An argument: only a word that may hold shell-only syntax (`$`, a path, quotes, globs) is read.
        if (mayHoldStructure(s.charCodeAt(lx.pos))) {
          const found = this.wordStructure(lx.readWord());
          if (found) return found;
        }
        lx.fastSkip();
        continue;
      }
      // An operator right away (`;;`, `$($(`, a closing backtick): nothing stands at this position.
      if (lx.atOperator() || (s.charCodeAt(lx.pos) === 36 && s.charCodeAt(lx.pos + 1) === 40 && s.charCodeAt(lx.pos + 2) !== 40 && s.charCodeAt(lx.pos + 2) !== 41)) continue;
      if (position !== "subst" && lx.skipPlainNonCommand(isCommandName)) {
        position = null;
        continue;
      }
      const found = this.command(position);
      if (found) return found;
      position = null;
    }
    return null;
  }

  /**
   * The end of the word at the cursor when it is inert: quotes only (it reads as the empty word) or
   * one character that starts no command name and no expansion (`#`, `:`, `=`), directly followed
   * by the end, a blank or an operator that is no `(`, `<(` or `>(`; otherwise -1. Reading such a
   * word, at a command position or as an argument, finds nothing but the skip to its arguments' end.
   */
  private inertWordEnd(): number {
    const s = this.s;
    const n = this.lx.n;
    let j = this.lx.pos;
    const c = s.charCodeAt(j);
    if (c === 39 || c === 34) {
      while (j < n && (s.charCodeAt(j) === 39 || s.charCodeAt(j) === 34)) j++;
    } else if (c === 35 || c === 58 || c === 61 || c === 44 || c === 33 || c === 45 || c === 95 || c === 43) {
      j++; // `# : = , ! - _ +`: plain to the lexer, no command name starts so
    } else {
      return -1;
    }
    if (j >= n) return j;
    const d = s.charCodeAt(j);
    if (d === 32 || d === 9 || d === 59 || d === 38 || d === 124 || d === 10 || d === 13 || d === 41) return j;
    if (d === 60 || d === 62) return s.charCodeAt(j + 1) !== 40 ? j : -1; // a redirection, not `<(`
    return d === 96 && s.charCodeAt(j + 1) !== 96 ? j : -1;
  }

  /** Each `name=value` in a header (a Referer's query, `code=...` in a User-Agent) is a value of its own. */
  runUrlParameters(): DetectorHit | null {
    const s = this.s;
    let at = s.indexOf("=");
    while (at >= 0) {
      this.lx.pos = at + 1;
      const found = this.command("param");
      if (found) return found;
      at = s.indexOf("=", Math.max(at + 1, this.lx.pos));
    }
    return null;
  }

  private redirectTarget(): ShellWord | null {
    this.lx.skipBlanks();
    if (this.lx.pos >= this.lx.n || this.lx.atOperator()) return null;
    return this.lx.readWord();
  }

  /** Reads one simple command at a command position and judges it. */
  private command(position: Position): DetectorHit | null {
    const lx = this.lx;
    const s = this.s;
    let prefix: Found | null = null;
    let cmd: Found | null = null;
    let spacer: ShellWord | null = null;
    let prefixed = false;
    const args: ShellWord[] = [];
    let redirects: Redirect[] | null = null;
    let nextOp: ShellOp["kind"] | "end" = "end";
    for (let guard = 0; guard < 64; guard++) {
      lx.skipBlanks();
      if (lx.pos >= lx.n) break;
      if (lx.atOperator() || s.charCodeAt(lx.pos) === 36 || s.charCodeAt(lx.pos) === 92 || s.charCodeAt(lx.pos) === 123) {
        const save = lx.pos;
        const op = lx.readOp();
        if (op && op.kind === "redir") {
          (redirects ??= []).push({ op: op.text, target: this.redirectTarget() });
          continue;
        }
        if (op) {
          lx.unread(save, op);
          nextOp = op.kind;
          break;
        }
      }
      const w = lx.readWord();
      const structure = this.wordStructure(w);
      if (structure) return structure;
      if (cmd !== null && s.charCodeAt(w.start) === 35 /* # */) {
        nextOp = "sep"; // a comment ends the command's arguments (`;id #`)
        break;
      }
      if (cmd !== null) {
        // An English command word shows its shell arguments early; prose after it is not worth reading.
        if (args.length < (cmd.info.tier === ENGLISH ? 4 : MAX_ARGS)) args.push(w);
        else lx.fastSkip();
        continue;
      }
      const name = assignmentName(w);
      if (name !== null) {
        this.assign(name, quotedAssignment(s, w.start + name.length + 1) ?? w.text.slice(name.length + 1));
        continue;
      }
      if (w.varName !== null && w.text === "") {
        spacer = w;
        continue;
      }
      const found = commandOf(s, w, w.glob ? this.globBudget-- > 0 : true);
      if (found === null) {
        if (prefix !== null) {
          cmd = prefix;
          args.push(w);
          continue;
        }
        return this.notACommand(w, position, spacer);
      }
      if (found.info.traits & PREFIX && prefix === null && found.via === null && !w.obfuscated && found.extra.length === 0) {
        prefix = found;
        continue;
      }
      cmd = found;
      prefixed = prefix !== null;
      // `;$a cat file`: an empty variable in front of a command is a spacer trick.
      if (spacer?.varName && /^[A-Za-z_]/.test(spacer.varName)) cmd = { ...found, word: { ...w, obfuscated: true } };
    }
    if (cmd === null) {
      if (prefix === null) return null;
      cmd = prefix;
    }
    return this.judge(cmd, cmd.extra.length > 0 ? [...cmd.extra, ...args] : args, redirects ?? NO_REDIRECTS, position, prefixed, nextOp);
  }

  /** Records `name=value` (and `a=b=c`'s inner `b=c`, as in `cmd=garb=adduse[r]`). */
  private assign(name: string, value: string): void {
    this.lx.assign(name, value.slice(0, 64), MAX_VARS);
    const eq = value.indexOf("=");
    if (eq > 0 && eq < 64 && /^[A-Za-z_]\w*$/.test(value.slice(0, eq))) this.lx.assign(value.slice(0, eq), value.slice(eq + 1, eq + 65), MAX_VARS);
  }

  /** A command position whose word is no command: a variable run as one, a SQLite dot command, or prose. */
  private notACommand(w: ShellWord, position: Position, spacer: ShellWord | null): DetectorHit | null {
    const s = this.s;
    if (spacer?.varName && /^[A-Za-z_]/.test(spacer.varName) && (isFlag(w.text, null) || isPathArg(w.text, () => rawPath(s, w)))) {
      return hit("high", "cmdi.variable-command", s.slice(spacer.start, w.end));
    }
    if (position === "sep" && w.text.charCodeAt(0) === 46) {
      // `.shell whoami` (SQLite CLI) and `. shell` with the dot apart.
      let dotted = w.text;
      if (dotted === ".") {
        this.lx.skipBlanks();
        if (this.lx.pos < this.lx.n && !this.lx.atOperator()) dotted += this.lx.readWord().text;
      }
      if (SQLITE_DOT.test(dotted)) return hit("high", "cmdi.sqlite-dot-command", dotted);
    }
    if (position === "subst") return hit("medium", "cmdi.substitution", s.slice(Math.max(0, w.start - 2), w.end + 1));
    this.lx.fastSkip();
    return null;
  }

  private judge(
    cmd: Found,
    args: ShellWord[],
    redirects: Redirect[],
    position: Position,
    prefixed: boolean,
    nextOp: ShellOp["kind"] | "end",
  ): DetectorHit | null {
    const { info, word } = cmd;
    const s = this.s;
    const match = s.slice(word.start, Math.max(word.end, Math.min(this.lx.pos, word.start + 120)));
    if (info.traits & KEYWORD) {
      if (info.name === "for") return isBatchFor(s, word.start) ? hit("high", "cmdi.windows-batch", match) : null;
      if (info.name === "if") return isBatchIf(s, word.start) ? hit("high", "cmdi.windows-batch", match) : null;
      if (info.name === "alias") return aliasDefinition(args) ? hit("high", "cmdi.alias", match) : null;
    }
    if (word.obfuscated || cmd.via === "brace" || cmd.via === "glob" || cmd.via === "bin-path") {
      const critical = criticalArguments(info, args);
      if (critical) return hit("critical", `cmdi.${critical}`, match);
      return hit("high", cmd.via === "bin-path" ? "cmdi.exec-path" : "cmdi.obfuscated-command", match);
    }
    if (word.call) return info.tier === STRONG ? hit("high", "cmdi.command", match) : null; // `iex(...)`, not a Jinja `|sort(...)`
    const atEnd = nextOp !== "redir" && nextOp !== "subst" && nextOp !== "group" && nextOp !== "call";
    const evidence = argumentEvidence(info, args, redirects, s, atEnd);
    const alone = args.length === 0 && redirects.length === 0 && atEnd;
    // "Wi-Fi & SSH", "Name & ID": a short all-capitals word is an acronym in prose; a Unix shell
    // would not even run it. It counts only with shell-looking arguments.
    const acronym = word.text.length <= 4 && /^[A-Z0-9]+$/.test(word.text);
    const strong = info.tier === STRONG && !acronym;
    const weakAlone = !acronym && ((info.tier === WEAK && info.name.length > 1) || (info.traits & SHELL) !== 0) ? alone : false;
    // A bare host after an English word at the start is prose ("ping 192.168.1.5 fails"); flags are not.
    const leadEvidence = evidence === "host" && info.tier === ENGLISH && !prefixed ? null : evidence;
    let attack: boolean;
    switch (position) {
      case "subst":
      case "proc":
        attack = true;
        break;
      case "sep":
      case "pipe":
        attack = strong || evidence !== null || weakAlone;
        break;
      case "tick":
        // "What does `set` do?": a lone short word in a code span is prose unless the backtick is glued on.
        attack = strong || evidence !== null || (weakAlone && this.tickGlued);
        break;
      case "group":
        attack = strong || evidence !== null;
        break;
      default:
        attack = leadEvidence !== null || (strong && (args.length > 0 || prefixed || ((info.traits & ALONE) !== 0 && alone)));
    }
    if (!attack) return null;
    const critical = criticalArguments(info, args);
    if (critical) return hit("critical", `cmdi.${critical}`, match);
    const rule = position === "lead" || position === "param" ? "cmdi.command" : position === "subst" || position === "proc" || position === "tick" ? "cmdi.substitution" : "cmdi.chained-command";
    return hit("high", rule, match);
  }
}
