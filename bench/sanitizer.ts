/**
 * Sanitizer cost: µs per typical request (a 2 KB print-job JSON body, all detectors) next to a
 * plain JSON.parse of the same body, then ms for 1 MiB adversarial inputs and a linearity table.
 * A benchmark prints figures and targets; it never fails a build.
 *
 *   npm run bench:sanitizer
 *
 * The script bundles this file with esbuild first and runs the bundle with node: the server runs
 * the sanitizer bundled too (Turbopack), while tsx loads each module on its own and routes every
 * call of an imported function through an export getter, which made the figures ~20 % worse than
 * what production runs (same session, same machine).
 */
import { inspectRequest, type Detector, type RequestParts, type SanitizerPolicy } from "../lib/security/sanitizer";

const POLICY: SanitizerPolicy = { mode: "enforce", familyModes: {}, allowlist: [] };
/** Extraction and normalization alone: the share of the time that is not the detectors'. */
const NO_DETECTION: Detector[] = [{ family: "xss", detect: () => null }];
const HEADERS: Array<[string, string]> = [
  ["host", "printguard.local:3000"],
  ["user-agent", "PrintFrontend/2.3 (+https://example.com/printer; node 20)"],
  ["accept", "application/json"],
  ["authorization", "Bearer pg_live_3f9a1c0e8b7d6a5f4e3d2c1b0a9f8e7d"],
  ["content-type", "application/json"],
  ["x-request-id", "0b9f2c1e-7a4d-4e0f-9c3b-2d1a5e6f7a8b"],
];

function printJob(): string {
  const job = {
    name: "bracket v2 (final).stl",
    prompt:
      "Print a wall bracket for a 20mm shelf, about 3/4\" thick; use PETG if it's loaded, otherwise PLA. " +
      "Keep supports minimal & orient it so the load is across layers — don't exceed 60% infill. " +
      "Select the 0.4 nozzle profile and order the parts by height.",
    printer: { id: "voron-24-01", nozzle_diameter: [0.4], bed: { x: 250, y: 250 } },
    material: { type: "PETG", brand: "O'Brien Filaments", temperature: { nozzle: 240, bed: 80 } },
    settings: {
      layer_height: 0.2, perimeters: 3, fill_density: "35%", fill_pattern: "gyroid", support_material: false,
      start_gcode: "G28 ; home all axes\nG1 Z5 F3000\nM104 S{first_layer_temperature[0]}\nM190 S{first_layer_bed_temperature[0]}",
      end_gcode: "M104 S0 ; turn off hotend\nM140 S0\nG91\nG1 Z10 F600\nG90\nM84",
      before_layer_gcode: "{if layer_z > 10}M106 S255{endif}",
    },
    gcode: [
      "G1 X10 Y20 F3000", "M104 S200 ; set hotend temperature", "G1 X120.5 Y80.25 E0.0523",
      "SET_PRESSURE_ADVANCE ADVANCE=0.045", "{% if printer.toolhead.homed_axes != 'xyz' %}G28{% endif %}",
      "M117 Printing \"%1%\" preset", "G92 E0", "G1 E-0.8 F2100",
    ],
    notes: "Customer asked: can we drop the brim & union the two halves? Use the 'tree' supports only where needed.",
    tags: ["bracket", "shelf", "petg", "functional"],
    copies: 2,
    priority: "normal",
  };
  let body = JSON.stringify(job);
  // Pad with realistic G-code to ~2 KB.
  const extra: string[] = [];
  for (let i = 0; body.length + JSON.stringify(extra).length < 2048; i++) extra.push(`G1 X${(i * 3.7).toFixed(2)} Y${(i * 1.3).toFixed(2)} E${(i * 0.05).toFixed(4)}`);
  job.gcode.push(...extra);
  body = JSON.stringify(job);
  return body;
}

function timeEach(fn: () => void, iterations: number): { median: number; p99: number } {
  for (let i = 0; i < Math.min(iterations, 2000); i++) fn(); // warm up the JIT
  const samples = new Float64Array(iterations);
  for (let i = 0; i < iterations; i++) {
    const start = process.hrtime.bigint();
    fn();
    samples[i] = Number(process.hrtime.bigint() - start) / 1000;
  }
  samples.sort();
  return { median: samples[Math.floor(iterations / 2)]!, p99: samples[Math.floor(iterations * 0.99)]! };
}

function timeOnce(fn: () => void, runs = 7): number {
  fn();
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

const repeat = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

/** Adversarial inputs by shape, each built to `bytes` and delivered where it hurts most. */
const SHAPES: Record<string, (bytes: number) => RequestParts> = {
  "text %%%%": (n) => textBody(repeat("%", n)),
  "text %25%25": (n) => textBody(repeat("%25", n)),
  "text &#&#": (n) => textBody(repeat("&#", n)),
  "text <<<<": (n) => textBody(repeat("<", n)),
  "text quotes": (n) => textBody(repeat("'\"`", n)),
  "text /*/*": (n) => textBody(repeat("/*", n)),
  "text ../../": (n) => textBody(repeat("../", n)),
  "text <a on=": (n) => textBody(repeat("<a onx=", n)),
  "json string": (n) => jsonBody(JSON.stringify({ q: repeat("' OR 1=1 -- <script>", n - 10) })),
  "json nested": (n) => jsonBody(repeat("[", Math.floor(n / 2)) + repeat("]", Math.floor(n / 2))),
  "json many keys": (n) => jsonBody(`{${Array.from({ length: Math.floor(n / 14) }, (_, i) => `"k${i}":"v'<"`).join(",")}}`),
  "form many fields": (n) => ({ ...textBody(repeat("a=%27%3C&", n)), body: { contentType: "application/x-www-form-urlencoded", text: repeat("a=%27%3C&", n) } }),
  "multipart parts": (n) => multipart(n),
  "xml attributes": (n) => ({ ...textBody(""), body: { contentType: "application/xml", text: `<r>${repeat('<a b="&lt;x" c=\'1\'/>', n - 7)}</r>` } }),
};

function textBody(text: string): RequestParts {
  return { method: "POST", path: "/api/print/jobs", search: "", headers: HEADERS, body: { contentType: "text/plain", text } };
}

function jsonBody(text: string): RequestParts {
  return { method: "POST", path: "/api/print/jobs", search: "", headers: HEADERS, body: { contentType: "application/json", text } };
}

function multipart(bytes: number): RequestParts {
  const part = '--b\r\nContent-Disposition: form-data; name="f"\r\n\r\nx\'<\r\n';
  return { ...textBody(""), body: { contentType: "multipart/form-data; boundary=b", text: repeat(part, bytes) + "--b--\r\n" } };
}

function main(): void {
  const body = printJob();
  const parts: RequestParts = { method: "POST", path: "/api/print/jobs", search: "dry_run=false", headers: HEADERS, body: { contentType: "application/json", text: body } };
  const decision = inspectRequest(parts, POLICY);
  console.log(`typical request: ${body.length} B JSON print job → outcome ${decision.outcome}${decision.findings.length ? ` (${decision.findings.map((f) => `${f.rule}@${f.location}`).join(", ")})` : ""}`);
  const inspect = timeEach(() => inspectRequest(parts, POLICY), 50_000);
  // The sanitizer remembers header and path values it found clean (they repeat per client and
  // route); a client never seen before costs this much (4096 user agents, more than it remembers).
  const strangers = Array.from({ length: 4096 }, (_, i): RequestParts => ({ ...parts, headers: HEADERS.map(([n, v]) => [n, n === "user-agent" ? `${v} #${i}` : v]) }));
  let next = 0;
  const fresh = timeEach(() => inspectRequest(strangers[next++ % strangers.length]!, POLICY), 50_000);
  const extract = timeEach(() => inspectRequest(parts, POLICY, NO_DETECTION), 50_000);
  const parse = timeEach(() => JSON.parse(body), 50_000);
  console.log("                         median µs   p99 µs");
  console.log(`inspectRequest           ${inspect.median.toFixed(1).padStart(9)}  ${inspect.p99.toFixed(1).padStart(7)}   target ≤ 30 µs median`);
  console.log(`  new client (user agent) ${fresh.median.toFixed(1).padStart(8)}  ${fresh.p99.toFixed(1).padStart(7)}   (headers not seen before)`);
  console.log(`  of which extract+norm. ${extract.median.toFixed(1).padStart(9)}  ${extract.p99.toFixed(1).padStart(7)}   (no detectors)`);
  console.log(`JSON.parse (same body)   ${parse.median.toFixed(1).padStart(9)}  ${parse.p99.toFixed(1).padStart(7)}`);
  console.log(`ratio inspect/parse      ${(inspect.median / parse.median).toFixed(1).padStart(9)}x`);

  console.log("\n1 MiB adversarial inputs (best of 7), and linearity: time per size, ratio per doubling (≈2 = linear)");
  console.log("shape               1 MiB ms  target      64 KiB ms  256 KiB ms   ×/doubling 64→256  256→1M   1 MiB w/o detectors");
  const KiB = 1024;
  for (const [name, build] of Object.entries(SHAPES)) {
    const sizes = [64 * KiB, 256 * KiB, 1024 * KiB];
    const warm = build(16 * KiB);
    for (let i = 0; i < 5; i++) inspectRequest(warm, POLICY); // the JIT first, so 64 KiB is not a cold start
    const times = sizes.map((size) => {
      const request = build(size);
      return timeOnce(() => inspectRequest(request, POLICY));
    });
    const [t64, t256, t1m] = times as [number, number, number];
    const big = build(1024 * KiB);
    const bare = timeOnce(() => inspectRequest(big, POLICY, NO_DETECTION));
    const perDoubling = (a: number, b: number) => Math.sqrt(b / Math.max(a, 1e-3)).toFixed(2);
    console.log(
      `${name.padEnd(18)} ${t1m.toFixed(2).padStart(9)}  ${t1m <= 20 ? "ok ≤ 20" : "OVER 20"}   ${t64.toFixed(2).padStart(9)}  ${t256.toFixed(2).padStart(10)}   ${perDoubling(t64, t256).padStart(17)}  ${perDoubling(t256, t1m).padStart(6)}   ${bare.toFixed(2).padStart(10)}`,
    );
  }
}

main();
