/**
 * Command injection (OWASP CRS 932 scope): Unix shell, cmd.exe and PowerShell commands chained or
 * substituted into a value, their obfuscated forms, Shellshock, fork bombs, reverse shells, and
 * mail-protocol commands after a line break.
 *
 * Decisive shapes are found first with bounded scans (cmd-structure.ts, cmd-mail.ts); then the
 * value is read as a shell would read it (shell-lexer.ts, cmd-scan.ts): at every command position
 * the command word is resolved through its obfuscation (cmd-resolve.ts), looked up in a vocabulary
 * (cmd-words.ts) and weighed with its arguments (cmd-args.ts). `whoami` after `;` is an attack;
 * `rm the supports` is prose while `rm -rf /` is not; a G-code comment `; set hotend temperature`
 * has no shell-looking argument.
 */
import { LETTER_PAIR, NON_ASCII, SHELL } from "../sanitizer/char-classes";
import type { Detector, DetectorHit, InspectedValue, LocationKind } from "../sanitizer/types";
import * as cmd_mail_ from "./cmd-mail";
import * as cmd_scan_ from "./cmd-scan";
import * as cmd_gate_ from "./cmd-gate";
import * as cmd_structure_ from "./cmd-structure";

// Module-local bindings: a transpiler emitting CommonJS (tsx, ts-node) would route every call
// of an imported helper through a property getter, a measurable share of a short value's cost.
const { mailInjection } = cmd_mail_;
const { CommandScan, hit } = cmd_scan_;
const { leadNeedsReading, needsShellReading } = cmd_gate_;
const { structuralHit } = cmd_structure_;

/** Uploads whose name would plant server configuration or code (CRS 932180's class). */
function restrictedUpload(form: string): DetectorHit | null {
  if (form.length > 255) return null; // no file system keeps longer names
  const name = form.trim().replace(/\s*\.\s*/g, ".").toLowerCase();
  const base = name.slice(Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\")) + 1);
  if (/^(?:\.htaccess|\.htpasswd|web\.config|\.user\.ini|php\.ini|\.boto|\.bashrc|\.bash_profile|\.profile|\.zshrc|\.npmrc|\.env(?:\..*)?|mtrr|acpi|authorized_keys|crontab)$/.test(base)) {
    return hit("high", "cmdi.restricted-upload", base);
  }
  if (/^(?:wp-config|settings|config|configuration|localsettings)[._-]?php/.test(base) || /\.(?:php\d?|phtml|phar|jsp|aspx?|cgi)$/.test(base)) {
    return hit("high", "cmdi.restricted-upload", base);
  }
  return null;
}

function isUpload(location: string): boolean {
  return location.endsWith(".filename") || location === "header.x-filename" || location === "header.x-file-name";
}

/** Shell reading of one form; `plusIsBlank` reads `+` as a space (a value no form decoder saw). */
function scanShell(form: string, kind: LocationKind, plusIsBlank: boolean): DetectorHit | null {
  const found = new CommandScan(form, plusIsBlank).run();
  if (found) return found;
  return kind === "header" || kind === "cookie" ? new CommandScan(form, plusIsBlank).runUrlParameters() : null;
}

/**
 * What any finding of the shell reading needs (cmd-scan.ts): an ASCII letter (every vocabulary
 * word has one, and a word's text comes from the value's own characters), `$` (variables, `${…}`,
 * `$((…))`, `$(`), `/` (globbed system paths such as `/???/??t`), `(` (`<(…)` and `>(…)`
 * substitutions) or non-ASCII (left to the reading). A value without them (`'"\`'"\``, `&#&#`,
 * `<<<<`, numbers and punctuation) holds no command name, expansion, path or substitution: the
 * reading walks it to the end and finds nothing, so it is not walked. The decisive structures and
 * mail commands are still looked for first.
 */
const MAY_NAME_COMMAND = /[A-Za-z$/(\u0080-\uffff]/;

/** The full reading of one form, without the gate (exported for the gate's property test). */
export function scanForm(form: string, kind: LocationKind): DetectorHit | null {
  const structure = structuralHit(form);
  if (structure) return structure;
  if (form.indexOf("\n") >= 0) {
    const mail = mailInjection(form);
    if (mail) return hit("medium", "cmdi.mail-injection", mail);
  }
  return MAY_NAME_COMMAND.test(form) ? shellReadings(form, kind) : null;
}

/** The shell readings of one form, without MAY_NAME_COMMAND (exported for its property test). */
export function shellReadings(form: string, kind: LocationKind): DetectorHit | null {
  return scanShell(form, kind, false) ?? (form.indexOf("+") >= 0 ? scanShell(form, kind, true) : null);
}

export const commandInjectionDetector: Detector = {
  family: "command_injection",
  detect(value: InspectedValue): DetectorHit | null {
    const forms = value.forms;
    // Only letters, digits, blanks and `. , - _ : +` in every form: the gate reads the lead word only.
    const plain = value.chars !== undefined && (value.chars & SHELL) === 0;
    // Every restricted name has two ASCII letters in a row (`mtrr`, `.env`, `x.php`; non-ASCII
    // may lower-case to ASCII): the location is read only when a form may be one.
    let upload: boolean | undefined = value.chars !== undefined && (value.chars & (LETTER_PAIR | NON_ASCII)) === 0 ? false : undefined;
    for (let f = 0; f < forms.length; f++) {
      const form = forms[f]!;
      if (form.length === 0) continue;
      // `+` is a space to a form decoder; values that never went through one (JSON, headers) hide
      // `cat+/etc/passwd`, so a form with `+` is also read with `+` as a blank.
      // The gate clears what no reading could flag; header and cookie values are also read per `name=value`.
      const found = (plain ? leadNeedsReading(form) : needsShellReading(form)) ? scanForm(form, value.kind) : null;
      if (found) return found;
      // Restricted names are 4+ characters with a dot or a letter (`mtrr`, `.htaccess`, `x.php`).
      if (form.length < 4) continue;
      upload ??= isUpload(value.location);
      const named = upload ? restrictedUpload(form) : null;
      if (named) return named;
    }
    return null;
  },
};
