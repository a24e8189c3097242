/**
 * The command-injection pre-gate: one allocation-free pass that clears values a shell reading
 * cannot flag. A value needs the full reading (cmd-scan.ts) when it holds any character with a
 * meaning to a shell, cmd.exe or PowerShell (operators, quotes, escapes, `$`, globs, `=`, `%`,
 * `^`, `~`, `!`, line breaks, Unicode blanks), a `/dev/` path, or when its first word may name a
 * command. Otherwise the only command position is the value's start, and a first word that is
 * no command ends the reading: the rest are arguments with nothing to expand.
 */
import { lettersOrGcode, lookupCommand, mayBeTableWord } from "./cmd-words";

/** Characters with no meaning to any shell reading: letters, digits, blanks, `. , - _ : / +`. */
const QUIET = new Uint8Array(128);
for (let c = 48; c <= 57; c++) QUIET[c] = 1;
for (let c = 65; c <= 90; c++) QUIET[c] = 1;
for (let c = 97; c <= 122; c++) QUIET[c] = 1;
for (const c of [32, 9, 46, 44, 45, 95, 58, 47, 43]) QUIET[c] = 1;

/** Non-ASCII that a reading may treat as a blank, quote or operator (NBSP, smart quotes, fullwidth forms). */
function loudNonAscii(c: number): boolean {
  return c < 0xc0 || (c >= 0x2000 && c <= 0x206f) || c === 0x1680 || c === 0x3000 || c >= 0xfe00;
}

/** True when `s` needs the full shell reading. */
export function needsShellReading(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9)) i++;
  const lead = i;
  let leadEnd = -1;
  let leadPlus = false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if (QUIET[c] === 0) return true;
      if (c === 32 || c === 9) {
        if (leadEnd < 0) leadEnd = i;
      } else if (c === 43) {
        if (leadEnd < 0) leadPlus = true;
      } else if (c === 47 && s.charCodeAt(i + 1) === 100 && s.startsWith("dev/", i + 1)) {
        return true; // `/dev/tcp/...`
      }
    } else if (loudNonAscii(c)) {
      return true;
    }
  }
  if (leadEnd < 0) leadEnd = n;
  if (leadEnd === lead) return false;
  if (leadPlus) return true; // `cat+/etc/passwd`: read with `+` as a blank
  // Letters only, or a G-code word (`G1`, `M104`): the lookup is exact there, so a hash settles it.
  if (lettersOrGcode(s, lead, leadEnd)) return mayBeTableWord(s, lead, leadEnd);
  return lookupCommand(s.slice(lead, leadEnd)) !== null;
}
