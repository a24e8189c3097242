import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answerDispatchFailure } from "@/lib/http/dispatch-failure";

/** A real HTTP server whose handler fails as Next's request handler could: `fail` runs, then rejects. */
async function serverFailingWith(fail: (res: ServerResponse) => void, logs: string[]): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader("x-content-type-options", "nosniff");
    const handle = async () => {
      fail(res);
      throw new Error("handler exploded: secret=hunter2 at /srv/app/route.js:12");
    };
    void handle().catch((error: unknown) => answerDispatchFailure(res, "req-42", { "x-content-type-options": "nosniff" }, error, (line) => logs.push(line)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** The raw answer, or the socket error when the server cut the connection. */
function get(server: Server): Promise<{ status: number; headers: IncomingMessage["headers"]; body: string } | { error: string }> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/api/anything" }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on("error", (error) => resolve({ error: error.message }));
    });
    req.on("error", (error) => resolve({ error: error.message }));
    req.end();
  });
}

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe("a rejection from Next's request handler", () => {
  it("answers 500 problem+json with the request id, no error detail, and drops what the handler had set", async () => {
    const logs: string[] = [];
    server = await serverFailingWith((res) => {
      res.setHeader("set-cookie", "half=written");
      res.setHeader("content-type", "text/html");
      res.setHeader("cache-control", "public, max-age=600");
    }, logs);
    const answer = await get(server);
    if ("error" in answer) throw new Error(answer.error);
    expect(answer.status).toBe(500);
    expect(answer.headers["content-type"]).toBe("application/problem+json");
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.headers["x-request-id"]).toBe("req-42");
    expect(answer.headers["x-content-type-options"]).toBe("nosniff");
    expect(answer.headers["set-cookie"]).toBeUndefined();
    expect(JSON.parse(answer.body)).toEqual({
      type: "/problems/internal",
      title: expect.any(String),
      status: 500,
      detail: expect.any(String),
      requestId: "req-42",
    });
    expect(answer.body).not.toContain("hunter2");
    expect(answer.body).not.toContain("route.js");
    // The operator's log has the error, with the request id to find it by.
    expect(logs).toHaveLength(1);
    expect(logs[0]).toContain("req-42");
    expect(logs[0]).toContain("handler exploded");
  });

  it("cuts the connection when the response had already started, rather than end a truncated body as if whole", async () => {
    const logs: string[] = [];
    server = await serverFailingWith((res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"partial":');
    }, logs);
    const answer = await get(server);
    expect("error" in answer ? answer.error : `status ${answer.status}, body ${answer.body}`).toMatch(/aborted|socket hang up|ECONNRESET/);
    expect(logs).toHaveLength(1);
  });
});
