import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { appendVary, isCompressibleType, negotiateEncoding } from "@/lib/http/compression";
import { compressResponse } from "@/lib/http/compression-response";
import { compressionStats } from "@/lib/http/compression-stats";
import { json } from "@/lib/http/handler";
import { etagOf } from "@/lib/http/http-cache";

describe("Accept-Encoding negotiation", () => {
  const cases: Array<[string | null, "br" | "gzip" | null]> = [
    [null, null],
    ["", null],
    ["identity", null],
    ["gzip", "gzip"],
    ["br", "br"],
    ["gzip, deflate, br", "br"], // a tie goes to br
    ["gzip;q=1.0, br;q=0.5", "gzip"],
    ["br;q=0.8, gzip;q=0.9", "gzip"],
    ["br;q=0, gzip", "gzip"],
    ["br;q=0, gzip;q=0", null],
    ["*", "br"],
    ["*;q=0.5, gzip;q=0.6", "gzip"],
    ["*;q=0", null],
    ["GZIP", "gzip"],
    ["x-gzip", "gzip"],
    ["deflate", null],
    ["br;q=bogus, gzip;q=0.1", "gzip"], // an unreadable q counts as 0
    ["br;q=1.5", null],
  ];
  for (const [header, expected] of cases) {
    it(`${JSON.stringify(header)} → ${expected}`, () => expect(negotiateEncoding(header)).toBe(expected));
  }

  it("only JSON types are compressible", () => {
    expect(isCompressibleType("application/json; charset=utf-8")).toBe(true);
    expect(isCompressibleType("application/problem+json")).toBe(true);
    expect(isCompressibleType("text/html; charset=utf-8")).toBe(false);
    expect(isCompressibleType("image/png")).toBe(false);
    expect(isCompressibleType(null)).toBe(false);
  });

  it("Vary gains Accept-Encoding once", () => {
    expect(appendVary(null, "Accept-Encoding")).toBe("Accept-Encoding");
    expect(appendVary("Authorization, Cookie", "Accept-Encoding")).toBe("Authorization, Cookie, Accept-Encoding");
    expect(appendVary("accept-encoding", "Accept-Encoding")).toBe("accept-encoding");
  });
});

describe("compressing responses", () => {
  const big = { jobs: Array.from({ length: 200 }, (_, i) => ({ id: `job-${i}`, status: i % 3 ? "printing" : "queued", progress: i / 200 })) };
  const bigText = JSON.stringify(big);
  const get = (acceptEncoding?: string, method = "GET") =>
    new Request("http://localhost/api/x", { method, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });
  const jsonResponse = (text: string, type = "application/json; charset=utf-8") => new Response(text, { headers: { "content-type": type } });

  it("br when preferred: the decompressed body equals the original, and the saved bytes are counted", async () => {
    const before = compressionStats();
    const response = await compressResponse(get("gzip;q=0.5, br"), jsonResponse(bigText), { minBytes: 1024 });
    expect(response.headers.get("content-encoding")).toBe("br");
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.byteLength).toBeLessThan(bigText.length / 3);
    expect(brotliDecompressSync(bytes).toString("utf8")).toBe(bigText);
    const after = compressionStats();
    expect(after.byEncoding.br.responses - before.byEncoding.br.responses).toBe(1);
    expect(after.bytesSaved - before.bytesSaved).toBe(Buffer.byteLength(bigText) - bytes.byteLength);
  });

  it("gzip when preferred by q-value: the decompressed body equals the original", async () => {
    const response = await compressResponse(get("br;q=0.2, gzip;q=0.9"), jsonResponse(bigText, "application/problem+json"), { minBytes: 1024 });
    expect(response.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await response.arrayBuffer())).toString("utf8")).toBe(bigText);
  });

  it("compresses a body once per ETag and encoding (our ETags are content hashes), and counts every response", async () => {
    const etag = etagOf(bigText);
    const withTag = (text: string) => new Response(text, { headers: { "content-type": "application/json", etag } });
    const first = Buffer.from(await (await compressResponse(get("br"), withTag(bigText), { minBytes: 1024 })).arrayBuffer());
    const before = compressionStats();
    // A different text under the same tag can only come back as the first one if its compression was remembered.
    const second = Buffer.from(await (await compressResponse(get("br"), withTag(bigText.replace("job-1", "job-X")), { minBytes: 1024 })).arrayBuffer());
    expect(brotliDecompressSync(second).toString("utf8")).toBe(bigText);
    expect(second.equals(first)).toBe(true);
    expect(compressionStats().byEncoding.br.responses - before.byEncoding.br.responses).toBe(1);
    // gzip is remembered apart from br; a response without an ETag is always compressed afresh.
    const gz = await compressResponse(get("gzip"), withTag(bigText), { minBytes: 1024 });
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString("utf8")).toBe(bigText);
    const untagged = await compressResponse(get("br"), jsonResponse(bigText.replace("job-1", "job-Y")), { minBytes: 1024 });
    expect(brotliDecompressSync(Buffer.from(await untagged.arrayBuffer())).toString("utf8")).toContain("job-Y");
  });

  it("keeps status and headers", async () => {
    const original = new Response(bigText, { status: 201, headers: { "content-type": "application/json", "x-request-id": "r1", etag: 'W/"abc"' } });
    const response = await compressResponse(get("gzip"), original, { minBytes: 1024 });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("r1");
    expect(response.headers.get("etag")).toBe('W/"abc"');
  });

  it("leaves a body below the threshold as it is (but says Vary)", async () => {
    const small = JSON.stringify({ ok: true });
    const response = await compressResponse(get("br, gzip"), jsonResponse(small), { minBytes: 1024 });
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    expect(await response.text()).toBe(small);
  });

  it("leaves non-JSON, already-encoded, HEAD and body-less responses untouched", async () => {
    const html = new Response("<p>" + "x".repeat(5000) + "</p>", { headers: { "content-type": "text/html" } });
    const htmlOut = await compressResponse(get("br"), html, { minBytes: 1024 });
    expect(htmlOut.headers.get("content-encoding")).toBeNull();
    expect(htmlOut.headers.get("vary")).toBeNull();
    expect((await htmlOut.text()).length).toBe(5007);

    const encoded = new Response("already", { headers: { "content-type": "application/json", "content-encoding": "gzip" } });
    expect(await compressResponse(get("br"), encoded, { minBytes: 0 })).toBe(encoded); // never compressed twice

    const head = jsonResponse(bigText);
    expect(await compressResponse(get("br", "HEAD"), head, { minBytes: 0 })).toBe(head);
    const notModified = new Response(null, { status: 304, headers: { "content-type": "application/json" } });
    expect(await compressResponse(get("br"), notModified, { minBytes: 0 })).toBe(notModified);
  });

  it("sends the body as it is when the client accepts neither br nor gzip", async () => {
    const response = await compressResponse(get("identity"), jsonResponse(bigText), { minBytes: 1024 });
    expect(response.headers.get("content-encoding")).toBeNull();
    expect(await response.text()).toBe(bigText);
  });

  it("passes on, unread, a body it will not compress: no encoding accepted, or a declared length under the threshold", async () => {
    const none = jsonResponse(bigText);
    const passed = await compressResponse(get(), none, { minBytes: 1024 });
    expect(passed).toBe(none);
    expect(passed.bodyUsed).toBe(false);
    expect(passed.headers.get("vary")).toBe("Accept-Encoding");

    const declared = json({ ok: true });
    const small = await compressResponse(get("br"), declared, { minBytes: 1024 });
    expect(small).toBe(declared);
    expect(small.bodyUsed).toBe(false);
    expect(await small.json()).toEqual({ ok: true });

    // A declared length at or over the threshold is compressed as before.
    const large = await compressResponse(get("br"), json(big), { minBytes: 1024 });
    expect(large.headers.get("content-encoding")).toBe("br");
    expect(large.headers.get("content-length")).toBeNull();
  });

  it("passes a body on in a copy when the response's headers cannot change", async () => {
    const locked = jsonResponse(bigText);
    // As a fetched response's headers are: set() throws.
    locked.headers.set = () => {
      throw new TypeError("immutable");
    };
    const response = await compressResponse(get(), locked, { minBytes: 1024 });
    expect(response).not.toBe(locked);
    expect(response.headers.get("vary")).toBe("Accept-Encoding");
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.text()).toBe(bigText);
  });
});

describe("json()", () => {
  it("declares the body's length in bytes, not characters", async () => {
    const response = json({ name: "naïve – ✓" });
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(response.headers.get("content-length")).toBe(String(bytes.byteLength));
    expect(bytes.byteLength).toBeGreaterThan(JSON.stringify({ name: "naïve – ✓" }).length);
  });
});
