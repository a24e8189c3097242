/**
 * Does what follows a command word look like shell arguments? Prose says "rm the supports";
 * an injection says `rm -rf /`, `cat /etc/passwd`, `wget http://…`, `sleep 5`, `>/tmp/x`.
 * Also recognizes the arguments that make a command critical (reverse shell, destruction).
 */
import { type CommandInfo } from "./cmd-words";
import * as cmd_words_ from "./cmd-words";
import { type ShellWord } from "./shell-lexer";
import * as shell_lexer_ from "./shell-lexer";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { ASSIGNS, DELAY, ENGLISH, INSTALLS, NET, SHELL, lookupCommand } = cmd_words_;
const { assignmentName } = shell_lexer_;

export interface Redirect {
  op: string;
  target: ShellWord | null;
}

/** Extensions that name code or loot: an argument ending so is a file an attacker wants. */
const CODE_EXT = new Set("sh bash php php5 php7 phtml py pl rb ps1 psm1 bat cmd exe dll so jsp asp aspx cgi elf".split(" "));
const DATA_EXT = new Set("txt log gz tgz bz2 xz zst zip tar 7z conf ini key pem sql db bak reg".split(" "));
const SENSITIVE = ["passwd", "shadow", "/etc/", "/proc/", "/dev/tcp", "/dev/udp", ".ssh", "id_rsa", "authorized_keys", ".bash_history", ".aws/", "win.ini", "boot.ini", "system32", "hkey_", "hklm", "hkcu"];

function isSensitive(lower: string): boolean {
  if (lower.length < 4) return false;
  for (const needle of SENSITIVE) if (lower.indexOf(needle) >= 0) return true;
  return false;
}

function extension(lower: string): string {
  const dot = lower.lastIndexOf(".");
  return dot > 0 ? lower.slice(dot + 1) : "";
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `-x`, `--long`, `-9` (kill), `+x` (chmod), `/c` `/E` (cmd.exe switches). */
export function isFlag(text: string, info: CommandInfo | null): boolean {
  const n = text.length;
  if (n < 2 || n > 48) return false;
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  if (c0 === 45 /* - */) {
    if (isLetter(c1)) return true;
    if (c1 === 45 && isLetter(text.charCodeAt(2))) return true;
    return info !== null && info.name === "kill" && /^-\d{1,2}$/.test(text);
  }
  if (c0 === 43 /* + */) return info !== null && info.name === "chmod" && /^\+[rwxXst]+$/.test(text);
  if (c0 === 47 /* / */) return n <= 4 && /^\/[A-Za-z?]{1,3}$/.test(text) && info !== null && info.tier !== ENGLISH;
  return false;
}

/** An absolute or home-relative path, a `./` script, a Windows drive or UNC path, `%SYSTEMROOT%\...`. */
export function isPathArg(text: string, rawOf: () => string, rootAlone = true): boolean {
  const c0 = text.charCodeAt(0);
  const c1 = text.charCodeAt(1);
  if (c0 === 47 /* / */) return (text.length === 1 && rootAlone) || isLetter(c1) || c1 === 46 || c1 === 63 || c1 === 42 || c1 === 91 || c1 === 95 || c1 === 126;
  if (c0 === 126 /* ~ */) return text.length === 1 || c1 === 47;
  if (c0 === 46 /* . */) return (c1 === 47 && text.length > 2) || text.startsWith("../");
  // Drive, UNC and %VAR% paths: the backslashes are gone from `text`, so look at the word as written.
  if (!(c1 === 58 || c0 === 37 || text.length === 0 || c0 === 92)) return false;
  const raw = rawOf();
  return /^[A-Za-z]:\//.test(raw) || raw.startsWith("//") || /^%[A-Za-z_]+%\//.test(raw);
}

function isHostLike(text: string): boolean {
  if (text.indexOf("://") > 0) return true;
  if (/^\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?(?:\/|$)/.test(text)) return true;
  if (/^[\w.-]+@[\w-]+(?:\.[\w-]+)*$/.test(text)) return true;
  return /^(?:[a-z0-9-]{1,63}\.)+[a-z]{2,12}(?::\d+)?(?:\/.*)?$/i.test(text);
}

/** The word as written, quotes dropped and backslashes as slashes (Windows paths survive). */
export function rawPath(s: string, w: ShellWord): string {
  return s.slice(w.start, w.end).replace(/["'^]/g, "").replaceAll("\\", "/");
}

/**
 * Why the arguments look like shell, or null. `s` is the scanned text (for words as written).
 * An English command word must show it in its first two arguments: "Print a sign that says
 * rm -rf" is prose whose flag belongs to a later phrase.
 */
export function argumentEvidence(
  info: CommandInfo,
  args: readonly ShellWord[],
  redirects: readonly Redirect[],
  s: string,
  atEnd: boolean,
): string | null {
  for (const redirect of redirects) {
    if (redirect.op === "<<<" || redirect.op === "&>" || redirect.op.endsWith("&")) return "redirect";
    const target = redirect.target;
    if (target && (/[/.$&]/.test(target.text) || target.text === "nul" || isPathArg(target.text, () => rawPath(s, target)))) return "redirect";
  }
  if (info.name === "at" && isSchedule(args, s)) return "schedule";
  const reach = Math.min(args.length, info.tier === ENGLISH ? 2 : 8);
  for (let k = 0; k < reach; k++) {
    const arg = args[k]!;
    const text = arg.text;
    if (!text) continue;
    const found = isPlainWord(text) ? wordEvidence(info, args, k, s, atEnd) : shapeEvidence(info, arg, s);
    if (found) return found;
  }
  // vi/ex/gdb/less run `!whoami` in a shell, wherever it sits among the arguments.
  for (const arg of args) {
    const t = arg.text;
    if (t.charCodeAt(0) === 33 /* ! */ && t.length > 2) {
      const escaped = lookupCommand(t.slice(1));
      if (escaped && escaped.tier !== ENGLISH) return "shell-escape";
    }
  }
  return null;
}

/** Letters, digits, `-` and `,` only: prose and plain operands, which only a few commands care about. */
function isPlainWord(text: string): boolean {
  const c0 = text.charCodeAt(0);
  if (c0 === 45 || c0 === 43) return false; // flags
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 44 || c >= 128)) return false;
  }
  return true;
}

/** Evidence from a plain word: package-manager, `net`, `trap`, `sleep` operands, `passwd`/`shadow`. */
function wordEvidence(info: CommandInfo, args: readonly ShellWord[], k: number, s: string, atEnd: boolean): string | null {
  const text = args[k]!.text;
  const traits = info.traits;
  // `cd /etc; comm passwd passwd`. ("shadow" is too common a word to count alone: "cat shadow box".)
  if (text.length === 6 && text.toLowerCase() === "passwd") return "sensitive-file";
  if (traits & INSTALLS && k === 0 && /^(?:install|uninstall|download|add|remove)$/i.test(text)) return "package";
  if (traits & DELAY && k === 0 && args.length === 1 && atEnd && /^\d{1,4}[smhd]?$/.test(text)) return "delay";
  if (info.name === "net" && k === 0 && args.length > 1 && /^(?:user|localgroup|group|share|use|session|accounts|view)$/i.test(text)) return "subcommand";
  // `reg add "HKLM\Software\…" /v … /f`: a registry verb and a hive, never prose.
  if (info.name === "reg" && k === 0 && /^(?:add|delete|query|save|export|import|load|unload|copy|restore)$/i.test(text) && /^"?hk(?:lm|cu|cr|u|cc|ey_)/i.test(args[1]?.text ?? "")) return "subcommand";
  if (info.name === "trap" && /^(?:sig)?(?:exit|int|term|hup|err|debug|return|kill|usr1)$/i.test(text)) return "signal";
  return null;
}

/** Evidence from a word with shell-looking characters: flags, paths, hosts, files, expansions. */
function shapeEvidence(info: CommandInfo, arg: ShellWord, s: string): string | null {
  const text = arg.text;
  if (isFlag(text, info)) return "flag";
  if (isPathArg(text, () => rawPath(s, arg), info.tier !== ENGLISH)) return "path";
  const lower = text.toLowerCase();
  if (isSensitive(lower)) return "sensitive-file";
  if (arg.structure || (arg.varName !== null && isLetter(arg.varName.charCodeAt(0)))) return "expansion";
  const ext = extension(lower);
  if (ext && CODE_EXT.has(ext)) return "script";
  if (ext && info.tier !== ENGLISH && DATA_EXT.has(ext)) return "file";
  if (lower.indexOf("://") > 0) return "url";
  if (info.traits & NET && isHostLike(text)) return "host";
  if (info.traits & ASSIGNS && assignmentName(arg) !== null) return "assignment";
  return null;
}

/** `at 2:00 "echo test"`: a time, then a quoted command. */
function isSchedule(args: readonly ShellWord[], s: string): boolean {
  const next = args[1];
  return /^\d{1,2}:\d{2}$/.test(args[0]?.text ?? "") && next !== undefined && lookupCommand(next.text) !== null && /["']/.test(s.slice(Math.max(0, next.start - 1), next.start + 1));
}

/** Arguments that make the command critical: a reverse shell or wholesale destruction. */
export function criticalArguments(info: CommandInfo, args: readonly ShellWord[]): string | null {
  let recursive = false;
  let target = false;
  let interactive = false;
  let exec = false;
  for (const arg of args) {
    const t = arg.text.toLowerCase();
    if (t.indexOf("/dev/tcp/") >= 0 || t.indexOf("/dev/udp/") >= 0) return "reverse-shell";
    if (t.charCodeAt(0) === 45 && t.charCodeAt(1) !== 45) {
      if (/[rf]/.test(t)) recursive = true;
      if (t.indexOf("i") > 0) interactive = true;
      if (t.indexOf("e") > 0 || t === "-c") exec = true;
    }
    if (t === "--recursive" || t === "--no-preserve-root" || t === "/s" || t === "/q") recursive = true;
    if (t === "--exec" || t.startsWith("exec:") || t.startsWith("system:")) exec = true;
    if (t === "/" || t === "/*" || t === "~" || t === "*" || t.startsWith("/") || /^[a-z]:[\\/]?$/.test(t)) target = true;
    if (info.name === "dd" && t.startsWith("of=/dev/")) return "destructive";
  }
  const name = info.name;
  if ((name === "rm" || name === "del" || name === "rd" || name === "rmdir" || name === "erase") && recursive && target) return "destructive";
  if (name === "mkfs" || name === "wipefs" || (name === "shred" && target)) return "destructive";
  if ((name === "nc" || name === "ncat" || name === "netcat" || name === "socat") && exec) return "reverse-shell";
  if (info.traits & SHELL && interactive && (name === "bash" || name === "sh" || name === "zsh" || name === "ksh")) return "reverse-shell";
  return null;
}
