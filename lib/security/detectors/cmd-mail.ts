/**
 * SMTP, POP3 and IMAP command injection: a line break followed by a protocol command, which a
 * mail library that writes the value into its session turns into a command of its own
 * (`\r\nRCPT TO:<victim>`). Only lines after a break count, and each verb needs the shape of its
 * arguments, so prose that says "mail from" or "store" stays clean. Bare verbs (`DATA`, `QUIT`)
 * count only in upper case after a CRLF: a Klipper macro can send `HELP` after a plain `\n`.
 */

const SMTP_ONE_ARG = new Set(["EHLO", "HELO", "VRFY", "EXPN", "USER", "PASS"]);
const BARE = new Set(["DATA", "QUIT", "RSET", "NOOP", "STARTTLS", "STAT", "CAPA", "UIDL", "TURN", "HELP"]);
const POP_NUMERIC = new Set(["RETR", "DELE", "LIST", "TOP", "UIDL"]);
const IMAP = new Set([
  "APPEND", "AUTHENTICATE", "STATUS", "UID", "EXAMINE", "SELECT", "CREATE", "DELETE", "RENAME", "SUBSCRIBE",
  "UNSUBSCRIBE", "LIST", "LSUB", "COPY", "MOVE", "STORE", "SEARCH", "FETCH", "LOGIN", "LOGOUT", "CAPABILITY",
  "EXPUNGE", "CLOSE", "CHECK", "IDLE", "NOOP", "QUIT",
]);

function isDigits(s: string | undefined): boolean {
  return s !== undefined && /^\d{1,10}$/.test(s);
}

/**
 * One line after a break: the protocol command it is, or null. A verb counts when written in upper
 * case or after a CRLF (the protocols' own line ending): "Mail from: Bob" in an LF-separated note
 * is prose, and so is a numbered "1 select the model" (an IMAP tag has letters then digits).
 */
function lineCommand(line: string, afterCrlf: boolean): string | null {
  const words = line.trim().split(/\s+/, 8);
  const first = words[0] ?? "";
  const verb = first.toUpperCase();
  const second = words[1];
  const upper = first === verb || (second !== undefined && /^[A-Z]+$/.test(second));
  if (!afterCrlf && !upper) return null;
  const angle = line.indexOf("<") > 0;
  if (verb === "MAIL" && second && second.toUpperCase().startsWith("FROM:") && (first === verb || angle)) return "SMTP MAIL FROM";
  if (verb === "RCPT" && second && second.toUpperCase().startsWith("TO:") && (first === verb || angle)) return "SMTP RCPT TO";
  if (SMTP_ONE_ARG.has(verb) && words.length === 2 && first === verb) return verb;
  if (verb === "AUTH" && first === verb && second && words.length <= 3 && (afterCrlf || /^[A-Z0-9-]{3,20}$/.test(second))) return "AUTH";
  if (verb === "APOP" && words.length === 3 && /^[0-9a-f]{32}$/i.test(words[2]!)) return "POP3 APOP";
  if (POP_NUMERIC.has(verb) && isDigits(second) && (words.length === 2 || (verb === "TOP" && words.length === 3 && isDigits(words[2])))) {
    return verb;
  }
  if (BARE.has(verb) && words.length === 1 && first === verb && afterCrlf) return verb;
  if (BARE.has(verb) && verb === "HELP" && words.length === 2 && first === verb && afterCrlf) return verb;
  // IMAP: `<tag> <COMMAND> ...`, the tag with a digit or the arguments in IMAP syntax.
  const command = (second ?? "").toUpperCase();
  if (second && IMAP.has(command) && /^[A-Za-z0-9]{1,10}$/.test(first)) {
    const rest = words.slice(2).join(" ");
    // Arguments in IMAP syntax: a sequence set `2:4`, a quoted or parenthesized list, INBOX, an atom in capitals.
    const imapArgs = /\d+:\d+|["(\\{]|\+FLAGS|INBOX|\b[A-Z]{3,}\b/.test(rest);
    const tagged = /^[A-Za-z]{1,4}\d{1,6}$/.test(first);
    const flags = /\+FLAGS|\\(?:Seen|Deleted|Flagged|Answered|Draft)\b/.test(rest); // unmistakably IMAP
    if ((tagged && (second === command || imapArgs)) || (second === command && imapArgs) || flags) return `IMAP ${command}`;
  }
  return null;
}

/** The first mail-protocol command on a line after a line break, or null. */
function isLetterCode(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/**
 * Allocation-free look at a line before it is split: a protocol line starts with a verb (3-8
 * letters: TOP, MAIL, STARTTLS) or a tag then an IMAP command (3-12 letters). Anything unusual
 * (non-ASCII, control characters) is passed on to the full reading.
 */
function mayBeProtocolLine(s: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const w1 = i;
  let letters = true;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) break;
    if (c < 32 || c >= 127) return true;
    if (!isLetterCode(c)) letters = false;
  }
  const len1 = i - w1;
  if (letters && len1 >= 3 && len1 <= 8) return true;
  if (len1 < 1 || len1 > 10) return false;
  while (i < to && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const w2 = i;
  for (; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9) break;
    if (c < 32 || c >= 127) return true;
    if (!isLetterCode(c)) return false;
  }
  return i - w2 >= 3 && i - w2 <= 12;
}

/**
 * A line break before a letter or digit, one space allowed between: every protocol line starts
 * with a verb or an IMAP tag. Found natively, so the many lines that cannot be one (`'<` lines of
 * an overflow value, indented G-code) cost no step of their own.
 */
const PROTOCOL_LINE_START = /\n ?[0-9A-Za-z]/g;

export function mailInjection(s: string): string | null {
  const starts = PROTOCOL_LINE_START;
  starts.lastIndex = 0; // a shared /g pattern: every call starts it from the beginning
  while (starts.test(s)) {
    const line = protocolLineAt(s, s.lastIndexOf("\n", starts.lastIndex - 1));
    if (line.command) return line.command;
    if (line.end >= s.length) break;
    starts.lastIndex = line.end;
  }
  return null;
}

/**
 * The line after the break at `at`: the protocol command it is (or null), and where it ends (the
 * next break, or the end of `s`). Exported for the property test that holds mailInjection's
 * native search to a look at every line.
 */
export function protocolLineAt(s: string, at: number): { command: string | null; end: number } {
  const afterCrlf = at > 0 && s.charCodeAt(at - 1) === 13;
  let end = s.indexOf("\n", at + 1);
  if (end < 0) end = s.length;
  const lineEnd = s.charCodeAt(end - 1) === 13 ? end - 1 : end;
  const possible = lineEnd - at > 2 && lineEnd - at < 200 && mayBeProtocolLine(s, at + 1, lineEnd);
  return { command: possible ? lineCommand(s.slice(at + 1, lineEnd), afterCrlf) : null, end };
}
