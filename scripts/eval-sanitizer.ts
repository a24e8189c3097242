/**
 * Measures the request sanitizer on the dev corpora (../shared/corpus, relative to the repo root):
 * OWASP CRS regression requests (attack detection by family and paranoia level; must-not-fire
 * lines for information) and benign 3D-printing text (false positives, sent as a query value and
 * as a JSON field).
 *
 *   npm run eval:sanitizer                      # over HTTP against a running app
 *   npx tsx scripts/eval-sanitizer.ts --in-process [--family xss] [--show-misses] [--show-flagged]
 *   npx tsx scripts/eval-sanitizer.ts --in-process --attacks A.jsonl --benign B.jsonl
 *
 * `--attacks` and `--benign` add sets of your own (JSON lines: `{"family", "payload"}` and
 * `{"kind", "text"}`), each line sent as a query value and as a JSON field like benign-dev: the
 * development corpora are what the sanitizer was tuned on, so held-out sets tell how it
 * generalizes. Their figures are reported for information; only the dev corpora have gates.
 *
 * Over HTTP (default `--url` from EVAL_URL, else http://127.0.0.1:3000) the app must run with
 * rate limiting off, or the replay is throttled into 429s:
 *   RATE_LIMIT_MODE=off npm start
 * A 403 problem whose `type` ends with `/malicious-input` counts as detected; any other status as
 * passed (5xx other than that are reported as errors). `--in-process` calls inspectRequest on the
 * same converted requests with an enforce-everything policy; `--family` there also turns the other
 * families off, so the figures are that detector's alone.
 *
 * Exit status 1 when CRS PL1 detection < 90% or PL2 < 75% in a family, or benign-dev flags > 1%.
 */
import { readFileSync, existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";
import { inspectRequest, type RequestParts, type SanitizerPolicy } from "../lib/security/sanitizer";
import { FAMILIES, type Family } from "../lib/security/sanitizer/types";

// ---- corpus ----------------------------------------------------------------------------------

interface CrsLine {
  id: string;
  family: string;
  rule: number;
  expect: "attack" | "benign";
  method: string;
  uri: string;
  headers: Record<string, string>;
  body: string;
  note: string;
  pl: number;
  autocomplete_headers: boolean;
  also_attack: boolean;
}

interface BenignLine {
  text: string;
  kind: string;
  source: string;
}

/** A line of an `--attacks` set: `family` is one of FAMILIES or a corpus name (`sqli`). */
interface AttackLine {
  family: string;
  payload: string;
  source?: string;
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CORPUS_DIR = resolve(REPO_ROOT, "../shared/corpus");
const CORPUS_FAMILY: Record<string, Family> = {
  sqli: "sql_injection",
  xss: "xss",
  command_injection: "command_injection",
  path_traversal: "path_traversal",
};

function readJsonLines<T>(name: string, dir = CORPUS_DIR): T[] {
  const file = resolve(dir, name);
  if (!existsSync(file)) {
    console.error(`eval-sanitizer: corpus file not found: ${file}${dir === CORPUS_DIR ? " (expected ../shared/corpus next to the repo)" : ""}`);
    process.exit(2);
  }
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

// ---- one request, two ways to send it --------------------------------------------------------

/** A request as it goes over the wire: ASCII target, header values without control characters. */
interface WireRequest {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body: string;
}

/**
 * A CRS line as go-ftw sends it: raw uri and headers; a body without Content-Type gets
 * `application/x-www-form-urlencoded` and, when it has no escapes, each key and value
 * URL-encoded; multipart LF becomes CRLF; `Connection: close` and Content-Length are added.
 */
function crsToWire(line: CrsLine): WireRequest {
  const headers: Array<[string, string]> = Object.entries(line.headers ?? {}).map(([k, v]) => [k, wireHeaderValue(v)]);
  let body = line.body ?? "";
  if (line.autocomplete_headers !== false) {
    if (body && !headerOf(headers, "content-type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    if (body && headerOf(headers, "content-type") === "application/x-www-form-urlencoded") body = goFtwFormEncode(body);
  }
  if ((headerOf(headers, "content-type") ?? "").startsWith("multipart/form-data;")) body = body.replaceAll("\n", "\r\n");
  if (line.autocomplete_headers !== false) {
    if (!headerOf(headers, "connection")) headers.push(["Connection", "close"]);
    if (!headerOf(headers, "content-length") && (body || /^(POST|PUT|PATCH|DELETE)$/.test(line.method))) {
      headers.push(["Content-Length", String(Buffer.byteLength(body))]);
    }
  }
  return { method: line.method || "GET", target: wireTarget(line.uri || "/"), headers, body };
}

/** A text as an application would receive it: a query value, or a JSON field. */
function valueToWire(text: string, delivery: "query" | "json"): WireRequest {
  if (delivery === "query") {
    return { method: "GET", target: `/api/health?q=${encodeURIComponent(text)}`, headers: [["Host", "localhost"]], body: "" };
  }
  const body = JSON.stringify({ text });
  return {
    method: "POST",
    target: "/api/health",
    headers: [["Host", "localhost"], ["Content-Type", "application/json"], ["Content-Length", String(Buffer.byteLength(body))]],
    body,
  };
}

function headerOf(headers: Array<[string, string]>, name: string): string | undefined {
  return headers.find(([k]) => k.toLowerCase() === name)?.[1];
}

/** go-ftw's encodeDataParameters: only when unescaping changes nothing (no `%XX`, no `+`). */
function goFtwFormEncode(body: string): string {
  if (/[%+]/.test(body)) return body; // Go's QueryUnescape changes it or fails: sent as written
  return body
    .split("&")
    .map((token) => {
      const eq = token.indexOf("=");
      if (eq < 0) return goQueryEscape(token);
      return `${goQueryEscape(token.slice(0, eq))}=${goQueryEscape(token.slice(eq + 1))}`;
    })
    .join("&");
}

/** Go's url.QueryEscape: space → `+`, everything but `A-Za-z0-9-_.~` percent-encoded (UTF-8). */
function goQueryEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replaceAll("%20", "+");
}

/** The uri as sent, escaping only what Node's client refuses (controls, space) and non-ASCII, as UTF-8. */
function wireTarget(uri: string): string {
  let out = "";
  for (const byte of Buffer.from(uri, "utf8")) {
    out += byte <= 0x20 || byte >= 0x7f ? `%${byte.toString(16).toUpperCase().padStart(2, "0")}` : String.fromCharCode(byte);
  }
  return out;
}

/** Header values keep their text; control characters Node refuses are percent-encoded. */
function wireHeaderValue(value: string): string {
  return value.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/** Methods whose bodies the proxy reads (lib/guard/body.ts); a GET body never reaches a route. */
const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What the proxy sees of a wire request. */
function wireToParts(wire: WireRequest): RequestParts {
  const q = wire.target.indexOf("?");
  const contentType = headerOf(wire.headers, "content-type") ?? "";
  return {
    method: wire.method,
    path: q < 0 ? wire.target : wire.target.slice(0, q),
    search: q < 0 ? "" : wire.target.slice(q + 1),
    headers: wire.headers,
    body: wire.body && BODY_METHODS.has(wire.method) ? { contentType, text: wire.body } : undefined,
  };
}

// ---- senders ---------------------------------------------------------------------------------

interface Verdict {
  detected: boolean;
  families: Family[];
  /** `family/rule@location`, in-process only (over HTTP the rule is not visible). */
  rules: string[];
  status?: number;
  error?: string;
}

type Sender = (wire: WireRequest) => Promise<Verdict>;

function inProcessSender(policy: SanitizerPolicy): Sender {
  return async (wire) => {
    const decision = inspectRequest(wireToParts(wire), policy);
    const enforced = decision.findings.filter((f) => f.mode === "enforce");
    return {
      detected: decision.outcome === "deny",
      families: [...new Set(enforced.map((f) => f.family))],
      rules: enforced.map((f) => `${f.family}/${f.rule}@${f.location} «${f.evidence}»`),
      error: decision.error,
    };
  };
}

function httpSender(base: URL): Sender {
  return (wire) =>
    new Promise((resolveVerdict) => {
      const headers: string[] = [];
      for (const [k, v] of wire.headers) headers.push(k, Buffer.from(v, "utf8").toString("latin1"));
      if (!headerOf(wire.headers, "host")) headers.push("Host", base.host);
      const req = httpRequest(
        { host: base.hostname, port: base.port || 80, method: wire.method, path: wire.target, headers, setHost: false, timeout: 30_000 },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolveVerdict(httpVerdict(res.statusCode ?? 0, decoded(Buffer.concat(chunks), res.headers["content-encoding"]))));
          res.on("error", (error) => resolveVerdict({ detected: false, families: [], rules: [], error: error.message }));
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", (error) => resolveVerdict({ detected: false, families: [], rules: [], error: error.message }));
      req.end(wire.body ? Buffer.from(wire.body, "utf8") : undefined);
    });
}

/** CRS lines send Accept-Encoding, so problem documents may come back compressed. */
function decoded(body: Buffer, encoding: string | undefined): string {
  try {
    if (encoding === "gzip" || encoding === "x-gzip") return gunzipSync(body).toString("utf8");
    if (encoding === "deflate") return inflateSync(body).toString("utf8");
    if (encoding === "br") return brotliDecompressSync(body).toString("utf8");
  } catch {
    return "";
  }
  return body.toString("utf8");
}

function httpVerdict(status: number, body: string): Verdict {
  let type = "";
  try {
    type = String((JSON.parse(body) as { type?: unknown }).type ?? "");
  } catch {
    // not a problem document
  }
  const detected = status === 403 && type.endsWith("/malicious-input");
  return { detected, families: [], rules: [], status, error: !detected && status >= 500 ? `HTTP ${status}` : undefined };
}

async function runAll<T>(items: T[], concurrency: number, send: (item: T) => Promise<Verdict>): Promise<Verdict[]> {
  const results = new Array<Verdict>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await send(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return results;
}

// ---- report ----------------------------------------------------------------------------------

const pct = (n: number, d: number) => (d === 0 ? "   -  " : `${((100 * n) / d).toFixed(1).padStart(5)}%`);

interface Gate {
  failures: string[];
}

function reportCrs(lines: CrsLine[], verdicts: Verdict[], inProcess: boolean, args: Args, gate: Gate): void {
  console.log("\nCRS regression, attack detection (detected / attack lines):");
  console.log(`family             PL  detected        rate${inProcess ? "   by own detector" : ""}`);
  const families = [...new Set(lines.map((l) => l.family))];
  for (const family of families) {
    for (const pl of [1, 2, 3, 4]) {
      const idx = lines.flatMap((l, i) => (l.family === family && l.pl === pl && l.expect === "attack" ? [i] : []));
      if (idx.length === 0) continue;
      const hit = idx.filter((i) => verdicts[i]!.detected).length;
      const own = idx.filter((i) => verdicts[i]!.families.includes(CORPUS_FAMILY[family]!)).length;
      const target = pl === 1 ? 90 : pl === 2 ? 75 : 0;
      const ok = target === 0 || (100 * hit) / idx.length >= target;
      if (!ok) gate.failures.push(`${family} PL${pl} detection ${pct(hit, idx.length).trim()} < ${target}%`);
      const mark = target ? (ok ? `  meets ≥${target}%` : `  BELOW ${target}%`) : "";
      const ownCol = inProcess ? `   ${pct(own, idx.length)}` : "";
      console.log(`${family.padEnd(18)} ${pl}   ${`${hit}/${idx.length}`.padEnd(10)} ${pct(hit, idx.length)}${ownCol}${mark}`);
    }
  }

  console.log("\nCRS regression, must-not-fire lines flagged (information; many are attacks for a sibling rule):");
  console.log("family             PL  flagged     of which also_attack");
  for (const family of families) {
    for (const pl of [1, 2, 3, 4]) {
      const idx = lines.flatMap((l, i) => (l.family === family && l.pl === pl && l.expect === "benign" ? [i] : []));
      if (idx.length === 0) continue;
      const flagged = idx.filter((i) => verdicts[i]!.detected);
      const also = flagged.filter((i) => lines[i]!.also_attack).length;
      console.log(`${family.padEnd(18)} ${pl}   ${`${flagged.length}/${idx.length}`.padEnd(10)}  ${also}`);
    }
  }

  if (args.showMisses) {
    console.log("\nmissed attack lines:");
    lines.forEach((l, i) => {
      const v = verdicts[i]!;
      if (l.expect !== "attack") return;
      const ownFamily = CORPUS_FAMILY[l.family]!;
      if (v.detected && (!inProcess || v.families.includes(ownFamily))) return;
      const by = v.detected ? `  [caught only by ${v.families.join(",")}]` : "";
      console.log(`${l.id} PL${l.pl} ${describeCrs(l)}${by}${v.error ? `  (error: ${v.error})` : ""}`);
    });
  }
  if (args.showFlagged) {
    console.log("\nflagged must-not-fire lines:");
    lines.forEach((l, i) => {
      const v = verdicts[i]!;
      if (l.expect !== "benign" || !v.detected) return;
      console.log(`${l.id} PL${l.pl}${l.also_attack ? " also_attack" : ""} ${describeCrs(l)}`);
      for (const rule of v.rules) console.log(`    ${rule}`);
    });
  }
  const errors = lines.flatMap((l, i) => (verdicts[i]!.error ? [`${l.id} (${verdicts[i]!.error})`] : []));
  if (errors.length) console.log(`\n${errors.length} CRS requests errored, counted as not detected: ${errors.slice(0, 20).join(", ")}${errors.length > 20 ? ", …" : ""}`);
}

function describeCrs(l: CrsLine): string {
  const payload = `${l.method} ${l.uri}${l.body ? ` body=${JSON.stringify(l.body).slice(0, 120)}` : ""}`;
  const headers = Object.entries(l.headers ?? {})
    .filter(([k]) => !/^(host|user-agent|accept|content-type|content-length)$/i.test(k) || (k.toLowerCase() === "user-agent" && l.headers[k] !== "OWASP CRS test agent"))
    .map(([k, v]) => `${k}: ${v.slice(0, 80)}`);
  return `${payload.slice(0, 200)}${headers.length ? ` [${headers.join(" | ")}]` : ""} — ${l.note.replace(/\s+/g, " ").trim()}`;
}

function reportBenign(lines: BenignLine[], query: Verdict[], json: Verdict[], inProcess: boolean, gate: Gate | null, title = "benign-dev"): void {
  console.log(gate ? `\n${title}, flagged lines (target ≤ 1% overall and per kind):` : `\n${title}, flagged lines (information):`);
  console.log("kind          lines   flagged (any)       query       json");
  const kinds = [...new Set(lines.map((l) => l.kind))];
  const width = Math.max(12, ...kinds.map((k) => k.length));
  const row = (label: string, idx: number[]) => {
    const any = idx.filter((i) => query[i]!.detected || json[i]!.detected).length;
    const q = idx.filter((i) => query[i]!.detected).length;
    const j = idx.filter((i) => json[i]!.detected).length;
    console.log(
      `${label.padEnd(width)} ${String(idx.length).padStart(6)}   ${`${any}`.padStart(4)} ${pct(any, idx.length)}   ${`${q}`.padStart(4)} ${pct(q, idx.length)} ${`${j}`.padStart(4)} ${pct(j, idx.length)}`,
    );
    return any;
  };
  for (const kind of kinds) row(kind, lines.flatMap((l, i) => (l.kind === kind ? [i] : [])));
  const all = lines.map((_, i) => i);
  const flagged = row("overall", all);
  const ok = flagged <= lines.length * 0.01;
  console.log(ok ? `  within 1%` : `  OVER 1%`);
  if (!ok) gate?.failures.push(`${title} flagged ${pct(flagged, lines.length).trim()} > 1%`);
  if (flagged) console.log(`\nflagged ${title} lines:`);
  lines.forEach((l, i) => {
    const hits = [...(query[i]!.detected ? ["query"] : []), ...(json[i]!.detected ? ["json"] : [])];
    if (hits.length === 0) return;
    console.log(`[${l.kind}] (${hits.join("+")}) ${JSON.stringify(l.text).slice(0, 200)}`);
    if (inProcess) for (const rule of new Set([...query[i]!.rules, ...json[i]!.rules].map(stripLocation))) console.log(`    ${rule}`);
  });
  const errors = [...query, ...json].filter((v) => v.error).length;
  if (errors) console.log(`\n${errors} ${title} requests errored`);
}

/**
 * A held-out attack set: per family, the lines refused in both deliveries (query value and JSON
 * field), and in-process those refused by their own family's detector.
 */
function reportAttacks(lines: AttackLine[], query: Verdict[], json: Verdict[], inProcess: boolean, showMisses: boolean, title: string): void {
  console.log(`\n${title}, attack detection (information; refused as a query value and as a JSON field):`);
  console.log(`family             lines   detected        rate${inProcess ? "   by own detector" : ""}`);
  const familyOf = (l: AttackLine) => CORPUS_FAMILY[l.family] ?? (FAMILIES.includes(l.family as Family) ? (l.family as Family) : null);
  const families = [...new Set(lines.map(familyOf).filter((f): f is Family => f !== null))];
  const unknown = lines.filter((l) => familyOf(l) === null).length;
  for (const family of families) {
    const idx = lines.flatMap((l, i) => (familyOf(l) === family ? [i] : []));
    const detected = idx.filter((i) => query[i]!.detected && json[i]!.detected).length;
    const own = idx.filter((i) => query[i]!.families.includes(family) && json[i]!.families.includes(family)).length;
    console.log(`${family.padEnd(18)} ${String(idx.length).padStart(5)}   ${`${detected}/${idx.length}`.padStart(9)}  ${pct(detected, idx.length)}${inProcess ? `   ${pct(own, idx.length)}` : ""}`);
  }
  if (unknown) console.log(`(${unknown} lines with an unknown family skipped)`);
  if (!showMisses) return;
  console.log(`\nmissed ${title} lines:`);
  lines.forEach((l, i) => {
    if (familyOf(l) === null || (query[i]!.detected && json[i]!.detected)) return;
    console.log(`[${l.family}] ${JSON.stringify(l.payload).slice(0, 200)}${l.source ? ` (${l.source})` : ""}`);
  });
}

/** Query and JSON deliveries differ only by location; list each rule once. */
const stripLocation = (rule: string) => rule.replace(/@(query\.q|body\.text)\b/, "");

// ---- main ------------------------------------------------------------------------------------

interface Args {
  inProcess: boolean;
  url: URL;
  family?: string;
  showMisses: boolean;
  showFlagged: boolean;
  concurrency: number;
  attacks?: string;
  benign?: string;
}

function parseCli(): Args {
  const { values } = parseArgs({
    options: {
      "in-process": { type: "boolean", default: false },
      url: { type: "string" },
      family: { type: "string" },
      "show-misses": { type: "boolean", default: false },
      "show-flagged": { type: "boolean", default: false },
      concurrency: { type: "string" },
      attacks: { type: "string" },
      benign: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log("usage: tsx scripts/eval-sanitizer.ts [--in-process] [--url URL] [--family F] [--show-misses] [--show-flagged] [--concurrency N] [--attacks FILE] [--benign FILE]");
    process.exit(0);
  }
  let family: string | undefined;
  if (values.family) {
    family = Object.entries(CORPUS_FAMILY).find(([k, v]) => k === values.family || v === values.family)?.[0];
    if (!family) {
      console.error(`eval-sanitizer: unknown --family ${values.family} (one of ${Object.keys(CORPUS_FAMILY).join(", ")}, or ${FAMILIES.join(", ")})`);
      process.exit(2);
    }
  }
  const url = new URL(values.url ?? process.env.EVAL_URL ?? "http://127.0.0.1:3000");
  return {
    inProcess: values["in-process"] ?? false,
    url,
    family,
    showMisses: values["show-misses"] ?? false,
    showFlagged: values["show-flagged"] ?? false,
    concurrency: Number(values.concurrency ?? 16) || 16,
    attacks: values.attacks,
    benign: values.benign,
  };
}

function policyFor(family: string | undefined): SanitizerPolicy {
  if (!family) return { mode: "enforce", familyModes: {}, allowlist: [] };
  const only = CORPUS_FAMILY[family]!;
  const familyModes = Object.fromEntries(FAMILIES.map((f) => [f, f === only ? "enforce" : "off"]));
  return { mode: "enforce", familyModes, allowlist: [] };
}

async function main(): Promise<void> {
  const args = parseCli();
  const crs = readJsonLines<CrsLine>("crs-regression.jsonl").filter((l) => !args.family || l.family === args.family);
  const benign = readJsonLines<BenignLine>("benign-dev.jsonl");
  const send = args.inProcess ? inProcessSender(policyFor(args.family)) : httpSender(args.url);
  const concurrency = args.inProcess ? 1 : args.concurrency;
  console.log(
    args.inProcess
      ? `in-process: inspectRequest, enforce policy${args.family ? ` (${CORPUS_FAMILY[args.family]} only)` : " (all families)"}`
      : `over HTTP: ${args.url.origin} (start the app with RATE_LIMIT_MODE=off), concurrency ${concurrency}`,
  );
  const attacks = args.attacks ? readJsonLines<AttackLine>(args.attacks, process.cwd()) : [];
  const extraBenign = args.benign ? readJsonLines<BenignLine>(args.benign, process.cwd()) : [];
  // Each text both ways: as a query value and as a JSON field.
  const bothWays = async (texts: string[]) => ({
    query: await runAll(texts, concurrency, (text) => send(valueToWire(text, "query"))),
    json: await runAll(texts, concurrency, (text) => send(valueToWire(text, "json"))),
  });
  const started = performance.now();
  const crsVerdicts = await runAll(crs, concurrency, (l) => send(crsToWire(l)));
  const { query: queryVerdicts, json: jsonVerdicts } = await bothWays(benign.map((l) => l.text));
  const attackVerdicts = await bothWays(attacks.map((l) => l.payload));
  const extraBenignVerdicts = await bothWays(extraBenign.map((l) => l.text));
  const elapsed = performance.now() - started;

  if (!args.inProcess && [...crsVerdicts, ...queryVerdicts].every((v) => v.error && v.status === undefined)) {
    console.error(`eval-sanitizer: no response from ${args.url.origin}: is the app running? (${crsVerdicts[0]?.error})`);
    process.exit(2);
  }
  const all = [crsVerdicts, queryVerdicts, jsonVerdicts, attackVerdicts.query, attackVerdicts.json, extraBenignVerdicts.query, extraBenignVerdicts.json].flat();
  const throttled = all.filter((v) => v.status === 429).length;
  if (throttled > 0) {
    console.error(`eval-sanitizer: ${throttled} responses were 429: the app rate-limits the replay; restart it with RATE_LIMIT_MODE=off`);
    process.exit(2);
  }
  const gate: Gate = { failures: [] };
  reportCrs(crs, crsVerdicts, args.inProcess, args, gate);
  reportBenign(benign, queryVerdicts, jsonVerdicts, args.inProcess, gate);
  if (args.attacks) reportAttacks(attacks, attackVerdicts.query, attackVerdicts.json, args.inProcess, args.showMisses, args.attacks);
  if (args.benign) reportBenign(extraBenign, extraBenignVerdicts.query, extraBenignVerdicts.json, args.inProcess, null, args.benign);
  console.log(`\nreplayed ${all.length} requests, taking ${(elapsed / 1000).toFixed(1)} s`);
  if (gate.failures.length) {
    console.log(`\neval-sanitizer: gates missed: ${gate.failures.join("; ")}`);
    process.exit(1);
  }
  // Worded unlike any test runner's closing line: CI reads those, and a bare "PASS" reads as a
  // go test run that executed nothing.
  console.log("\neval-sanitizer: every gate met");
}

await main();
