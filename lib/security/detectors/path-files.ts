/**
 * Files and directories worth reaching with a path: OS secrets, server configuration, credentials
 * in dot-directories, AI coding-assistant configuration (rules, MCP servers, API keys), logs and
 * database dumps. Names are matched as whole path segments, never as substrings, so
 * `jquery.history.min.js`, `firstname.dockery@host` and `/test.environment` stay clean.
 */

/** Children of a Unix root that no web request has business naming. */
const PROC_ENTRIES = new Set([
  "self", "thread-self", "cpuinfo", "meminfo", "version", "interrupts", "mounts", "net", "sys", "environ",
  "cmdline", "kcore", "kmsg", "mtrr", "acpi", "partitions", "modules", "stat", "uptime", "loadavg", "devices",
  "filesystems", "iomem", "ioports", "kallsyms", "swaps", "sched_debug", "config.gz", "crypto", "driver",
]);
const SYS_ENTRIES = new Set(["class", "kernel", "devices", "firmware", "fs", "module", "block", "bus", "power", "hypervisor"]);
const VAR_ENTRIES = new Set(["log", "run", "lib", "spool", "mail", "www", "backups", "db", "opt", "secrets"]);
/** `\winnt\repair\sam`, `\Windows\Panther\unattend.xml` (setup credentials), `\Windows\win.ini`. */
const WINDOWS_ENTRIES = new Set(["repair", "panther", "win.ini", "system.ini"]);

/**
 * Is `/<root>/<child>` a system location? `/etc` and `/root` count whatever the child is; a
 * Windows directory only its system subdirectories.
 * `grandchild` spares Klipper's host temperature sensor (`sensor_path: /sys/class/thermal/...`).
 */
export function systemRoot(root: string, child: string, grandchild = ""): boolean {
  switch (root) {
    case "etc":
    case "root":
      return child.length > 0;
    case "proc":
      return PROC_ENTRIES.has(child) || /^\d+$/.test(child);
    case "sys":
      return SYS_ENTRIES.has(child) && !(child === "class" && grandchild === "thermal");
    case "var":
      return VAR_ENTRIES.has(child);
    case "windows":
    case "winnt":
      // `system32\drivers\etc\hosts`, `system32\config\sam`; `System32\ls` alone is just a directory.
      return WINDOWS_ENTRIES.has(child) || ((child === "system32" || child === "syswow64") && (grandchild === "drivers" || grandchild === "config"));
    default:
      return false;
  }
}

/** Sensitive file names, wherever they sit (lower case). */
const FILES = new Set([
  "passwd", "shadow", "master.passwd", "gshadow", "sudoers", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519",
  "authorized_keys", "known_hosts", "win.ini", "boot.ini", "system.ini", "web.config", "php.ini", "httpd.conf",
  "nginx.conf", "my.cnf", "wp-config.php", "global.asa", "global.asax", "environ", ".htaccess", ".htpasswd", ".bash_history", ".zsh_history",
  ".mysql_history", ".psql_history", ".history", ".bashrc", ".zshrc", ".profile", ".bash_profile", ".netrc",
  ".pgpass", ".npmrc", ".pypirc", ".git-credentials", ".gitconfig", ".dockercfg", ".boto", ".s3cfg", ".envrc",
  // AI coding assistants: instructions, rules and ignore files that steer or reveal an agent.
  "claude.md", "claude.local.md", "agents.md", "gemini.md", "copilot-instructions.md", ".cursorrules",
  ".cursorignore", ".aiignore", ".clinerules", ".windsurfrules", ".roomodes", ".mcp.json", ".aiderignore",
  // Server logs that leak paths, queries and secrets.
  "debug.log", "error.log", "errors.log", "error_log", "access.log", "access_log", "php_errors.log",
]);

/** Dot-directories that hold credentials, history or an agent's configuration (lower case, no dot). */
const DIRS = new Set([
  "ssh", "aws", "gnupg", "docker", "kube", "git", "svn", "hg", "bzr", "azure", "gcloud", "vscode", "idea",
  "cursor", "claude", "continue", "aider", "roo", "zed", "cline", "kiro", "windsurf", "rovodev", "codex", "opencode",
  "a0proj", "plandex", "fabric", "n8n", "junie", "gemini", "copilot", "amazonq", "codeium", "tabnine", "augment",
  "goose", "qodo", "trae",
]);

export type FileKind = "os-file" | "credential" | "ai-artifact" | "log" | "backup" | null;

const AI_FILES = new Set(["claude.md", "claude.local.md", "agents.md", "gemini.md", "copilot-instructions.md", ".cursorrules", ".cursorignore", ".aiignore", ".clinerules", ".windsurfrules", ".roomodes", ".mcp.json", ".aiderignore"]);
const AI_DIRS = new Set(["cursor", "claude", "continue", "aider", "roo", "zed", "cline", "kiro", "windsurf", "rovodev", "codex", "opencode", "a0proj", "plandex", "fabric", "n8n", "junie", "gemini", "copilot", "amazonq", "codeium", "tabnine", "augment", "goose", "qodo", "trae"]);

/**
 * `toLowerCase()` without the copy for the usual all-lower-case ASCII segment. Any upper case or
 * non-ASCII character (the Kelvin sign lower-cases to `k`) takes the full `toLowerCase()`.
 */
export function lowerSegment(segment: string): string {
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c >= 128) return segment.toLowerCase();
  }
  return segment;
}

/** What a path segment names. `isDir`: the segment is followed by `/`. */
export function classifySegment(segment: string, isDir: boolean): FileKind {
  const name = lowerSegment(segment);
  if (FILES.has(name)) {
    if (AI_FILES.has(name)) return "ai-artifact";
    return name.endsWith(".log") || name.endsWith("_log") ? "log" : name.charCodeAt(0) === 46 ? "credential" : "os-file";
  }
  if (name.charCodeAt(0) === 46 /* . */ && name.length > 1) {
    const bare = name.slice(1);
    if (bare === "env" || bare.startsWith("env.")) return "credential";
    if (bare.startsWith("aider.")) return "ai-artifact";
    if (isDir && DIRS.has(bare)) return AI_DIRS.has(bare) ? "ai-artifact" : "credential";
    if (!isDir && (bare === "git" || bare === "ssh" || bare === "aws")) return "credential";
  }
  if (name.length > 4 && name.indexOf(".sql") >= 0 && /\.sql(?:\.(?:gz|zip|bz2|xz|7z|tar|tgz|zst))?$/.test(name)) return "backup";
  return null;
}

/** Hidden segments a URL may name: RFC 8615 metadata and Moonraker's G-code thumbnails (`gcodes/.thumbs/`). */
const PUBLIC_HIDDEN = new Set([".well-known", ".thumbs"]);

/** Extra names a URL path must not reach: any other hidden segment, editor swap files, backups. */
export function classifyUrlSegment(segment: string, isDir: boolean): FileKind {
  const known = classifySegment(segment, isDir);
  if (known) return known;
  const name = lowerSegment(segment);
  if (name.charCodeAt(0) === 46 && name.length > 1 && name.charCodeAt(1) !== 46 && !PUBLIC_HIDDEN.has(name)) return "credential";
  if (/\.(?:bak|old|orig|swp|save|backup)$|~$/.test(name)) return "backup";
  return null;
}
