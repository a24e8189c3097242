import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractValues, type RequestParts } from "@/lib/security/sanitizer";
import { normalizedForms } from "@/lib/security/sanitizer/normalize";

const request = (over: Partial<RequestParts>): RequestParts => ({ method: "GET", path: "/api/jobs", search: "", headers: [], ...over });
const body = (contentType: string, text: string, over: Partial<RequestParts> = {}) =>
  request({ method: "POST", body: { contentType, text }, ...over });

/** location → the most decoded form of each value there. */
function valuesOf(parts: RequestParts): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const value of extractValues(parts)) (out[value.location] ??= []).push(value.forms[value.forms.length - 1]!);
  return out;
}

describe("extractValues: request line", () => {
  it("inspects the raw path as one value, with its decoded forms", () => {
    const [path] = extractValues(request({ path: "/files/%2e%2e%2fetc%2fpasswd" }));
    expect(path).toMatchObject({ location: "path", kind: "path", raw: "/files/%2e%2e%2fetc%2fpasswd" });
    expect(path!.forms).toContain("/files/../etc/passwd");
  });

  it("inspects query values at query.<name>, form-decoding + before percent escapes", () => {
    const values = valuesOf(request({ search: "q=cat+%2Fetc%2Fpasswd&empty=&n=1%2B1" }));
    expect(values["query.q"]).toEqual(["cat /etc/passwd"]);
    expect(values["query.n"]).toEqual(["1+1"]);
    expect(values["query.empty"]).toBeUndefined();
  });

  it("inspects query names at query.<name>#key unless they are plain identifiers", () => {
    const values = valuesOf(request({ search: "%3Cscript%3E=1&plain_name-2=x&/sys/class" }));
    expect(values["query.<script>#key"]).toEqual(["<script>"]);
    expect(values["query./sys/class#key"]).toEqual(["/sys/class"]);
    expect(values["query.plain_name-2#key"]).toBeUndefined();
  });

  it("tolerates a leading ? and stays linear on & and = runs", () => {
    expect(valuesOf(request({ search: "?a=1" }))["query.a"]).toEqual(["1"]);
    const many = "&".repeat(100_000) + "=".repeat(100_000);
    const start = performance.now();
    extractValues(request({ search: many }));
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe("extractValues: headers and cookies", () => {
  const headers: Array<[string, string]> = [
    ["Host", "printguard.local:3000"],
    ["User-Agent", "curl/8 <script>"],
    ["Referer", "https://x.test/?q=1"],
    ["X-Forwarded-For", "203.0.113.7"],
    ["X-Filename", "../../etc/passwd"],
    ["Accept", "text/html"],
    ["Accept-Language", "de"],
    ["Authorization", "Bearer secret-token"],
    ["X-Api-Key", "pg_live_123"],
    ["Sec-Fetch-Site", "same-origin"],
    ["If-None-Match", '"abc"'],
    ["Content-Type", "application/json"],
    ["X-Request-Id", "abc"],
    ["Cookie", "theme=dark; __Secure-next-auth.session-token=eyJhbGciOi; next-auth.csrf-token=abc%7Cdef; una$$me -a; password=hunter2"],
  ];

  it("inspects user-data headers (Referer, User-Agent, X-Forwarded-*, custom) and skips standard and credential ones", () => {
    const locations = extractValues(request({ headers })).map((v) => v.location);
    expect(locations).toEqual(expect.arrayContaining(["header.user-agent", "header.referer", "header.x-forwarded-for", "header.x-filename"]));
    for (const skipped of ["host", "accept", "accept-language", "authorization", "x-api-key", "sec-fetch-site", "if-none-match", "content-type", "x-request-id", "cookie"]) {
      expect(locations).not.toContain(`header.${skipped}`);
    }
  });

  it("inspects a Host that is not a host name", () => {
    expect(valuesOf(request({ headers: [["host", "x.test<script>"]] }))["header.host"]).toEqual(["x.test<script>"]);
  });

  it("splits cookies into cookie.<name>, skipping next-auth's own tokens and credential-named cookies", () => {
    const values = valuesOf(request({ headers }));
    expect(values["cookie.theme"]).toEqual(["dark"]);
    expect(values["cookie.una$$me -a#key"]).toEqual(["una$$me -a"]);
    expect(Object.keys(values).filter((l) => l.includes("next-auth"))).toEqual([]);
    expect(values["cookie.password"]).toBeUndefined();
  });

  it("restores UTF-8 that arrived as Latin-1 header bytes", () => {
    const latin1 = Buffer.from("＜script＞", "utf8").toString("latin1");
    expect(valuesOf(request({ headers: [["x-note", latin1]] }))["header.x-note"]).toEqual(["<script>"]);
  });
});

describe("extractValues: bodies", () => {
  it("JSON: every key and string value, recursively, at body.a.b[2].c; plain keys are not values", () => {
    const values = valuesOf(
      body("application/json", JSON.stringify({ job: { items: [{ name: "a" }, 2, { name: "b", "() { :; }": "x" }] }, n: 5, ok: true })),
    );
    expect(values["body.job.items[0].name"]).toEqual(["a"]);
    expect(values["body.job.items[2].name"]).toEqual(["b"]);
    expect(values["body.job.items[2].() { :; }#key"]).toEqual(["() { :; }"]);
    expect(values["body.job.items[2].() { :; }"]).toEqual(["x"]);
    expect(values["body.job#key"]).toBeUndefined();
  });

  it("JSON: decodes string escapes as JSON.parse does, keeps duplicate keys, skips credential fields", () => {
    const values = valuesOf(body("application/json", '{"q":"\\u003cscript\\u003e\\n","q":"two","password":"\' OR 1=1","csrfToken":"x"}'));
    expect(values["body.q"]).toEqual(["<script>\n", "two"]);
    expect(values["body.password"]).toBeUndefined();
    expect(values["body.csrfToken"]).toBeUndefined();
  });

  it("JSON: a root array and a root string", () => {
    expect(valuesOf(body("application/json", '["x",["y"]]'))).toMatchObject({ "body[0]": ["x"], "body[1][0]": ["y"] });
    expect(valuesOf(body("application/json", '"just text"'))).toMatchObject({ body: ["just text"] });
  });

  it("JSON: nesting deeper than 64 keeps the depth-64 location, without recursion", () => {
    const deep = "[".repeat(100_000) + '"deep"' + "]".repeat(100_000);
    const values = extractValues(body("application/json", deep));
    const leaf = values.find((v) => v.raw === "deep")!;
    expect(leaf.location).toBe(`body${"[0]".repeat(64)}`);
  });

  it("JSON: malformed JSON, or JSON sent as text/plain, is still inspected", () => {
    expect(valuesOf(body("application/json", '{"q": "<script>", oops'))["body"]).toEqual(['{"q": "<script>", oops']);
    expect(valuesOf(body("text/plain", '{"q":"\\u003cscript\\u003e"}'))["body.q"]).toEqual(["<script>"]);
  });

  it("JSON: past 1024 values the rest is joined into body#overflow, so padding never hides a payload", () => {
    const pad = Array.from({ length: 2000 }, (_, i) => `"k${i}":"v"`).join(",");
    const values = valuesOf(body("application/json", `{${pad},"late":"<script>"}`));
    expect(values["body#overflow"]![0]).toContain("<script>");
  });

  it("urlencoded form: body.<name>, like the query", () => {
    const values = valuesOf(body("application/x-www-form-urlencoded; charset=utf-8", "var=1234+OR+1%3D1&%3Cx%3E=y"));
    expect(values["body.var"]).toEqual(["1234 OR 1=1"]);
    expect(values["body.<x>#key"]).toEqual(["<x>"]);
  });

  const multipart = (eol: string) =>
    [
      "--XyZ",
      'Content-Disposition: form-data; name="title"',
      "",
      "bracket v2",
      "--XyZ",
      'Content-Disposition: form-data; name="model"; filename="../../etc/passwd"',
      "Content-Type: application/octet-stream",
      "",
      "<script>alert(1)</script> ' OR 1=1 -- ; cat /etc/passwd",
      "--XyZ",
      'Content-Disposition: form-data; name="note"',
      "",
      "line one",
      "line two",
      "--XyZ--",
      "",
    ].join(eol);

  for (const [label, eol] of [["CRLF", "\r\n"], ["LF", "\n"]] as const) {
    it(`multipart (${label}): field values and the file name, never the file bytes`, () => {
      const values = valuesOf(body('multipart/form-data; boundary="XyZ"', multipart(eol)));
      expect(values["body.title"]).toEqual(["bracket v2"]);
      expect(values["body.note"]).toEqual([`line one${eol}line two`]);
      expect(values["body.model.filename"]).toEqual(["../../etc/passwd"]);
      expect(values["body.model"]).toBeUndefined();
      expect(JSON.stringify(values)).not.toContain("alert(1)");
    });
  }

  it("multipart: a part without its blank line cannot swallow the next part", () => {
    const text = '--b\r\nContent-Disposition: form-data; name="a"\r\n--b\r\nContent-Disposition: form-data; name="q"\r\n\r\n<script>\r\n--b--\r\n';
    expect(valuesOf(body("multipart/form-data; boundary=b", text))["body.q"]).toEqual(["<script>"]);
  });

  it("multipart: a delimiter in the middle of a line is content, so a field cannot forge a file part", () => {
    const forged = 'x --b\r\nContent-Disposition: form-data; name="f"; filename="a.txt"\r\n\r\n<script>alert(1)</script>';
    const text = `--b\r\nContent-Disposition: form-data; name="q"\r\n\r\n${forged}\r\n--b--\r\n`;
    expect(valuesOf(body("multipart/form-data; boundary=b", text))["body.q"]).toEqual([forged]);
  });

  it("XML: entity-decoded text and attribute values, and the markup for payloads that are markup", () => {
    const xml =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' +
      '<root><a probe="&lt;script&gt;">1234 OR 1=1</a><!-- c --><b><![CDATA[<img src=x>]]></b><script xmlns="http://www.w3.org/1999/xhtml"/></root>';
    const values = valuesOf(body("application/xml", xml));
    expect(values["body.root.a@probe"]).toEqual(["<script>"]);
    expect(values["body.root.a"]).toEqual(["1234 OR 1=1"]);
    expect(values["body.root.b"]).toEqual(["<img src=x>"]);
    const markup = values["body#markup"]![0]!;
    expect(markup).toContain('<!ENTITY x SYSTEM "file:///etc/passwd">');
    expect(markup).toContain("<script xmlns=\"\"/>");
    expect(markup).not.toContain("1234 OR 1=1");
    expect(markup).not.toContain("<?xml");
  });

  it("XML: in other vocabularies (3MF, AMF) tags are data, not markup; declarations still are", () => {
    const model =
      '<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]><model xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">' +
      '<!-- exported by slicer --><resources><object id="1" type="model"/></resources></model>';
    const values = valuesOf(body("application/xml", model));
    expect(values["body#markup"]).toEqual(['<!DOCTYPE m [<!ENTITY e SYSTEM "file:///etc/passwd">]>']);
    expect(values["body.model.resources.object@type"]).toEqual(["model"]);
    expect(values["body.model"]).toEqual([" exported by slicer "]);
  });

  it("XML: SVG bodies keep their tags in the markup", () => {
    const values = valuesOf(body("image/svg+xml", '<svg><rect onload="x"/></svg>'));
    expect(values["body#markup"]).toEqual(['<svg><rect onload=""/></svg>']);
  });

  it("text and unknown types: one value at body", () => {
    expect(valuesOf(body("text/plain", "M104 S200 ; set hotend temperature"))).toMatchObject({ body: ["M104 S200 ; set hotend temperature"] });
    expect(valuesOf(body("", "payload=<a href=x>"))).toMatchObject({ body: ["payload=<a href=x>"] });
  });

  // extract.ts skips normalizedForms for text no decoder would change; this keeps that shortcut honest
  // if normalize.ts learns new decodings.
  it("gives every value forms equal to normalizedForms of its decoded text", () => {
    const formsOfBody = (text: string) => extractValues(body("text/plain", text)).find((v) => v.location === "body")?.forms;
    for (const text of ["plain", "%253Cscript%253E", "a&lt;b", "ｓｅｌｅｃｔ", "a\u0000b", "60% infill & more — ok", "C:\\x /**/ --"]) {
      expect(formsOfBody(text)).toEqual(normalizedForms(text));
    }
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" })), (text) => {
        if (text.length > 0 && !/^\s*[[{]/.test(text)) expect(formsOfBody(text)).toEqual(normalizedForms(text));
      }),
      { numRuns: 2000 },
    );
  });
});
