/**
 * Command vocabulary for the command-injection detector: common Unix, Windows and PowerShell
 * utilities an attacker runs for recon, exfiltration, persistence or a shell. It is vocabulary, not
 * payloads: a word here only matters at a command position, with the evidence its tier asks for.
 *
 * Tiers:
 * - STRONG: never ordinary prose (`whoami`, `wget`, `chmod`): a command once it follows a separator.
 * - WEAK: short non-English names (`ls`, `id`, `ps`, `env`): also initials and field values, so they
 *   need shell-looking arguments, or must stand alone right after a separator (`;id`).
 * - ENGLISH: ordinary words (`cat`, `echo`, `time`, `find`): only with shell-looking arguments.
 */

export const STRONG = 1;
export const WEAK = 2;
export const ENGLISH = 3;
export type Tier = typeof STRONG | typeof WEAK | typeof ENGLISH;

/** Trait bits: how a command's arguments are read. */
export const NET = 1; // a host or URL argument is evidence
export const ASSIGNS = 2; // `NAME=value` arguments are evidence (set, export)
export const PREFIX = 4; // runs the next word as a command (time, nohup, sudo)
export const SHELL = 8; // an interpreter: `-c`, `-e`, `-i` run code
export const ALONE = 16; // a recon tool that is an attack even alone as a whole value (whoami)
export const DELAY = 32; // `sleep 5`: a lone number at the end is a timing probe
export const KEYWORD = 64; // cmd.exe `for` / `if`, shell `alias`: own recognizers
export const INSTALLS = 128; // a package manager: `install` as first argument is evidence

export interface CommandInfo {
  name: string;
  tier: Tier;
  traits: number;
}

const TABLE = new Map<string, CommandInfo>();

function add(tier: Tier, traits: number, words: string): void {
  for (const name of words.split(/\s+/)) {
    if (!name) continue;
    const prior = TABLE.get(name);
    TABLE.set(name, { name, tier: prior ? (Math.min(prior.tier, tier) as Tier) : tier, traits: (prior?.traits ?? 0) | traits });
  }
}

add(STRONG, 0, `
  uname hostnamectl netstat nmap masscan tcpdump tshark traceroute tracert tracepath arping
  chmod chown chgrp chattr lsattr setfacl getfacl crontab sudoedit pkexec runuser
  systemctl journalctl sysctl useradd adduser usermod userdel groupadd groupdel chpasswd getent
  insmod rmmod modprobe lsmod iptables ip6tables strace ltrace gdb lldb xargs awk gawk mawk nawk
  irb luajit tclsh jrunscript jjs jshell gcc g++ c89 c99 tcc base64 base32 basenc xxd hexdump openssl
  gpg uuencode uudecode printenv lsof pkill pgrep killall htop iotop lastlog lastlogin lastb
  zstdcat zcat zless zmore gunzip bunzip2 unxz xzcat bzcat lzcat zstd unzstd 7z 7za 7zr unzip unrar
  bsdtar cpio mkfifo mknod mkfs wipefs fdisk losetup umount apt-cache dpkg zypper pipx npx podman
  kubectl crictl nvim emacs uconv rmt cscli cpulimit printf ssh-keygen ssh-copy-id ssh-keyscan scp
  sftp rsync w3m elinks wevtutil nbtstat qwinsta quser diskpart forfiles bcdedit bcdboot vssadmin
  schtasks tasklist taskkill wmic rundll32 regsvr32 regsvcs regasm regedit cscript wscript msiexec
  netsh systeminfo xcopy robocopy attrib icacls cacls takeown sqlite3 mysql psql mongosh redis-cli
  nsenter capsh setcap getcap ldd objdump readelf md5sum sha1sum sha256sum sha512sum shasum xdg-open
  php perl set-executionpolicy start-process new-object start-bitstransfer get-wmiobject
  set-mppreference add-mppreference iex iwr irm iwmi gwmi
`);
add(STRONG, NET, "wget ncat netcat socat telnet nslookup ssh lwp-download lwp-request lwp-mirror aria2c mshta certutil bitsadmin tftp");
add(STRONG, SHELL, "sh zsh ksh mksh csh tcsh rbash busybox cmd powershell pwsh %comspec%");
add(STRONG, PREFIX, "nohup sudo doas setsid stdbuf unbuffer proxychains torsocks chroot");
add(STRONG, ALONE, "whoami ifconfig ipconfig iwconfig visudo ansible ansible-console chef-shell");
add(STRONG, INSTALLS, "apt-get yum dnf npm pnpm");
add(WEAK, 0, `
  ls ll dir ps id pwd who su df du tac rm mv cp ln dd tr ip arp git svn fuser lsblk blkid perf
  rmdir mkdir gzip bzip2 xz ftp whois rc unset uniq rev sc readonly setx sed nano vim cc rpm apk
  nft unshare icm saps aptitude docker ruby lua
`);
add(WEAK, NET, "nc");
add(WEAK, SHELL, "python python2 python3 nodejs deno");
add(WEAK, 0, "set");
add(WEAK, ASSIGNS | PREFIX, "env");
add(WEAK, INSTALLS, "pip apt composer");
add(ENGLISH, 0, `
  cat echo find more less head tail top sort cut file date kill wait man info test make mount type
  read which last yes join split paste tee touch stat column fold comm bridge script source screen
  expect trap history jobs shutdown reboot halt poweroff zip chef start call goto copy move rename
  exit print tree flock eval cal look at tar strings md rd del erase ren net reg ss bc ed ex vi wc
  od nl cd node java uptime shred parted clang pacman dash
`);
add(ENGLISH, NET, "curl ping dig host lynx");
add(ENGLISH, SHELL, "bash");
add(ENGLISH, ASSIGNS, "export declare typeset");
add(ENGLISH, INSTALLS, "gem brew cargo yarn");
add(ENGLISH, PREFIX, "time nice ionice exec command builtin watch");
add(ENGLISH, DELAY, "sleep timeout");
add(ENGLISH, KEYWORD, "for if alias");

/** Tool families named `<family>-<tool>` (ansible-playbook, chef-client, aa-disable, rmt-tar). */
const FAMILY_PREFIXES = ["ansible-", "chef-", "aa-", "rmt-", "invoke-", "lwp-", "ssh-"];
/** Families whose tools are recon/admin consoles: an attack even as a whole value. */
const ALONE_FAMILIES = ["ansible-", "chef-"];

function lowerAscii(word: string): string {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 65 && c <= 90) return word.toLowerCase();
  }
  return word;
}

/** Drops `.exe`-style suffixes, a leading `@` (cmd.exe echo-off) and trailing punctuation. */
function bareName(lower: string): string {
  let w = lower;
  if (w.charCodeAt(0) === 64 /* @ */) w = w.slice(1);
  const dot = w.lastIndexOf(".");
  if (dot > 0) {
    const ext = w.slice(dot + 1);
    if (ext === "exe" || ext === "bat" || ext === "cmd") w = w.slice(0, dot);
  }
  return w;
}

function direct(name: string): CommandInfo | null {
  const hit = TABLE.get(name);
  if (hit) return hit;
  if (name.indexOf("-") < 0) return null;
  for (const prefix of FAMILY_PREFIXES) {
    if (name.length > prefix.length + 1 && name.startsWith(prefix)) {
      return { name, tier: STRONG, traits: ALONE_FAMILIES.includes(prefix) ? ALONE : 0 };
    }
  }
  return null;
}

/**
 * The command a de-obfuscated word names, if any: exact, by basename (`/usr/bin/perl`,
 * `C:/Windows/System32/cmd.exe`), or with a version suffix (`python3.10`, `gcc7.4`), which promotes
 * a weak interpreter name to strong (prose does not say "python3.10").
 */
export function lookupCommand(word: string): CommandInfo | null {
  if (word.length === 0 || word.length > 64 || !mayName(word.charCodeAt(0))) return null;
  // Letters only, or a G-code word: the lookup is exact, and the hash rules most words out unlowered.
  if (lettersOrGcode(word, 0, word.length)) return tableWord(word, 0, word.length);
  // Paths, versions and hyphenated names take several slices and lookups: remember the answer
  // (a pure function of the word; user agents, paths and file names repeat across requests).
  const known = RESOLVED.get(word);
  if (known !== undefined) return known;
  const found = resolveName(word);
  if (RESOLVED.size >= MAX_RESOLVED) RESOLVED.clear();
  RESOLVED.set(word, found);
  return found;
}

/** Bounded memo of lookupCommand for words beyond letters and G-code (cleared when full). */
const RESOLVED = new Map<string, CommandInfo | null>();
const MAX_RESOLVED = 4096;

function resolveName(word: string): CommandInfo | null {
  const lower = lowerAscii(word);
  const exact = TABLE.get(lower);
  if (exact) return exact;
  if (isLetters(lower)) return null; // no suffix, path or family to strip: the exact lookup was all
  if (isGcodeWord(lower)) return null; // `G28`, `M104`, `S200`: printer words, never commands
  const name = bareName(lower);
  const hit = direct(name);
  if (hit) return hit;
  const slash = Math.max(name.lastIndexOf("/"), name.lastIndexOf("\\"));
  if (slash >= 0) {
    // `if/i`, `bcdboot/r`: a cmd.exe switch glued to a command word.
    const first = name.indexOf("/");
    const head = first > 0 ? direct(name.slice(0, first)) : null;
    if (head && (head.tier === STRONG || head.name === "if" || head.name === "dir") && /^\/[a-z?]{1,3}$/.test(name.slice(first))) return head;
    if (slash < name.length - 1) return lookupCommand(name.slice(slash + 1));
  }
  if (!isDigit(name.charCodeAt(name.length - 1))) return null;
  let end = name.length;
  while (end > 0 && isVersionChar(name.charCodeAt(end - 1))) end--;
  if (end < name.length && end >= 3 && isDigit(name.charCodeAt(end))) {
    let base = name.slice(0, end);
    if (base.endsWith("-")) base = base.slice(0, -1);
    const versioned = direct(base);
    if (versioned && versioned.tier !== ENGLISH) return { ...versioned, tier: STRONG };
  }
  return null;
}

/** A command word starts with a letter, or is a path (`/`, `.`, `~`, a backslash), `%COMSPEC%`, `@echo` or `7z`. */
function mayName(c: number): boolean {
  const l = c | 32;
  return (l >= 97 && l <= 122) || c === 47 || c === 46 || c === 126 || c === 92 || c === 37 || c === 64 || c === 55;
}

/** One letter then digits and dots: a G-code word. */
function isGcodeWord(word: string): boolean {
  if (word.length < 2 || !isDigit(word.charCodeAt(1))) return false;
  for (let i = 2; i < word.length; i++) if (!isVersionChar(word.charCodeAt(i))) return false;
  return true;
}

function isLetters(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isVersionChar(c: number): boolean {
  return isDigit(c) || c === 46 /* . */;
}

/** Directories whose entries are executables: a command named through one is being run. */
export function isExecutableDir(dir: string): boolean {
  const d = lowerAscii(dir);
  return d === "bin" || d === "sbin" || d.endsWith("/bin") || d.endsWith("/sbin") || d.endsWith("system32") || d.endsWith("syswow64");
}

/** The gate's hash of a word's characters, ASCII letters folded to lower case (`c | 32` on letters). */
export function wordHash(s: string, start: number, end: number): number {
  let h = 0x811c9dc5 ^ (end - start);
  for (let i = start; i < end; i++) {
    let c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) c |= 32;
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h & 0x3fffffff; // a small integer (a Smi), never a boxed number: no allocation, a fast Set key
}

const TABLE_HASHES = new Set<number>();
/** Table entries by hash (the first on a collision); a hit is confirmed character by character. */
const BY_HASH = new Map<number, CommandInfo>();
for (const [name, info] of TABLE) {
  const h = wordHash(name, 0, name.length);
  TABLE_HASHES.add(h);
  if (!BY_HASH.has(h)) BY_HASH.set(h, info);
}

/** The table entry spelled `s[start, end)` (ASCII case folded), without slicing; null if none. */
export function tableWord(s: string, start: number, end: number): CommandInfo | null {
  if (end - start > 64) return null;
  const h = wordHash(s, start, end);
  const info = BY_HASH.get(h);
  if (info === undefined) return null;
  const name = info.name;
  if (name.length !== end - start) return TABLE_HASHES.has(h) ? (TABLE.get(lowerAscii(s.slice(start, end))) ?? null) : null;
  for (let k = 0; k < name.length; k++) {
    let c = s.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c |= 32;
    if (c !== name.charCodeAt(k)) return TABLE.get(lowerAscii(s.slice(start, end))) ?? null;
  }
  return info;
}

/** Might `s[start, end)` be a table word (exact, case-folded)? A false answer is certain; a true one may be a collision. */
export function mayBeTableWord(s: string, start: number, end: number): boolean {
  return end - start <= 64 && TABLE_HASHES.has(wordHash(s, start, end));
}

function isAsciiLetter(c: number): boolean {
  const l = c | 32;
  return l >= 97 && l <= 122;
}

/** All ASCII letters, or one letter then digits and dots (a G-code word): words only an exact table entry can name. */
export function lettersOrGcode(s: string, start: number, end: number): boolean {
  if (end <= start || !isAsciiLetter(s.charCodeAt(start))) return false;
  const second = s.charCodeAt(start + 1);
  if (end - start >= 2 && second >= 48 && second <= 57) {
    for (let k = start + 2; k < end; k++) {
      const c = s.charCodeAt(k);
      if (!((c >= 48 && c <= 57) || c === 46)) return false;
    }
    return true;
  }
  for (let k = start + 1; k < end; k++) if (!isAsciiLetter(s.charCodeAt(k))) return false;
  return true;
}
