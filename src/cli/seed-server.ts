/**
 * A NoCloud HTTP seed server: `GET /<name>/<file>` answers the rendered `user-data`, `meta-data`,
 * `network-config` or `vendor-data` of `DIR/<name>.yaml` (or `.yml`, `.json`) — what cloud-init fetches for
 * `ds=nocloud;s=http://host:port/<name>/;dsmode=net` (`noCloudHttpSource`).
 *
 * Defensive by construction: only GET and HEAD; the request target must be `/<name>/<file>` exactly,
 * where `<name>` matches `SEED_NAME` after percent-decoding (so `..`, `%2e%2e`, `/`, `%2f`, `\` and
 * absolute-form targets never reach the file system); URLs, headers and bodies are size-bounded;
 * slow clients are timed out. One log line per request, and the reason of an error answer on the lines after it.
 */
import { createServer, IncomingMessage, Server, ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { SEED_FILES, SEED_NAME, SeedStore, SPEC_EXTENSIONS } from "./seed-store";

/**
 * What points a guest's cloud-init at `/<name>/` of the server at `url` (its kernel command line or
 * SMBIOS system serial number). `dsmode=net` is needed: cloud-init before 24.1 takes `ds=nocloud` for its
 * local stage (DataSourceNoCloud.py `load_cmdline_data`: 20.4.1 lines 258-268, 22.4.2 lines 274-284), only
 * the network datasource reads an http seed, and its network stage then stops ("[net] Exiting. datasource
 * ... in local mode", cmd/main.py 22.4.2 lines 388-393) before users, keys and files are made. 25.1.4 takes
 * the mode from the URL's scheme and keeps the one given (lines 309-334). `ds=nocloud-net` works too, but
 * 25.1.4 logs it as DEPRECATED. Checked with each release's own code (test/generations/nocloud-http.test.ts).
 */
export function noCloudHttpSource(url: string, name: string): string {
  return `ds=nocloud;s=${url}${name}/;dsmode=net`;
}

/** Longest request target accepted (414 above). */
export const MAX_URL_BYTES = 1024;
/** Largest request body accepted (413 above); a seed request has none. */
export const MAX_BODY_BYTES = 0;
/** Largest request header block (Node answers 431 above). */
export const MAX_HEADER_BYTES = 8192;

export interface SeedServerOptions {
  store: SeedStore;
  port: number;
  bind: string;
  /** Receives one line per request and per server event. */
  log: (line: string) => void;
}

export interface RunningSeedServer {
  server: Server;
  /** `http://host:port/` as bound (the real port when 0 was asked for). */
  url: string;
  close(): Promise<void>;
}

export type Answer = {
  status: number;
  body: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * Why the answer is an error, for the server's log (the guest sees only the body); an error answer
   * without one is logged with its body, what the guest was told (`reasonLines`).
   */
  reason?: readonly string[];
  /** The VM the answer is for (metadata service), appended to the log line. */
  vm?: string;
};

/**
 * The checks every request of every `serve` mode passes first: GET or HEAD only, a bounded target that is a
 * path, no body. Returns the error answer, or the path (the target without its query).
 */
export function checkRequest(req: IncomingMessage): Answer | string {
  const target = req.url ?? "";
  // HTTP/1.1 requires exactly one Host header (RFC 9112 section 3.2). Node answers a missing one itself,
  // before any handler could log it, so the server checks it here (requireHostHeader: false).
  const hosts = req.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === "host").length;
  if (req.httpVersion === "1.1" ? hosts !== 1 : hosts > 1) {
    return {
      status: 400,
      body: "a request has one Host header (HTTP/1.1 requires it)\n",
      headers: { Connection: "close" },
    };
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    return { status: 405, body: "only GET and HEAD\n", headers: { Allow: "GET, HEAD" } };
  }
  if (Buffer.byteLength(target) > MAX_URL_BYTES) return { status: 414, body: "request target too long\n" };
  const length = Number(req.headers["content-length"] ?? "0");
  if (req.headers["transfer-encoding"] !== undefined || !(length <= MAX_BODY_BYTES)) {
    return { status: 413, body: "a seed request has no body\n" };
  }
  if (!target.startsWith("/")) return { status: 400, body: "request target must be a path\n" };
  return target.split("?")[0] as string;
}

function route(req: IncomingMessage, store: SeedStore): Answer {
  const path = checkRequest(req);
  if (typeof path !== "string") return path;
  const raw = path.split("/");
  if (raw.length !== 3) return { status: 404, body: "not found: use /<name>/<file>\n" };
  let name: string;
  let file: string;
  try {
    name = decodeURIComponent(raw[1] as string);
    file = decodeURIComponent(raw[2] as string);
  } catch {
    return { status: 400, body: "malformed percent-encoding\n" };
  }
  if (!SEED_NAME.test(name) || name.includes("..")) {
    return {
      status: 404,
      body: "no such seed\n",
      reason: [`${JSON.stringify(name)} is not a seed name (letters, digits, _ . -)`],
    };
  }
  if (!(SEED_FILES as readonly string[]).includes(file)) {
    return { status: 404, body: `no such file: use ${SEED_FILES.join(", ")}\n` };
  }
  const found = store.lookup(name);
  if (found.kind === "missing") {
    const specs = SPEC_EXTENSIONS.map((ext) => `${name}${ext}`);
    return {
      status: 404,
      body: "no such seed\n",
      reason: [`no spec ${specs.slice(0, -1).join(", ")} or ${specs.at(-1)} in ${store.dir}`],
    };
  }
  if (found.kind === "invalid") {
    const which = found.file.includes(" and ") ? `specs ${found.file} are` : `spec ${found.file} is`;
    return { status: 500, body: `${which} invalid:\n${found.lines.join("\n")}\n`, reason: found.problems };
  }
  const body = found.files.get(file);
  if (body === undefined) return { status: 404, body: `${name} has no ${file}\n` };
  return { status: 200, body, contentType: "application/octet-stream" };
}

/** Starts the NoCloud seed server; resolves once it listens. */
export function startSeedServer(opts: SeedServerOptions): Promise<RunningSeedServer> {
  return startHttpServer({ ...opts, route: (req) => route(req, opts.store) });
}

export interface HttpServerOptions {
  port: number;
  bind: string;
  log: (line: string) => void;
  /** The answer to a request (after `checkRequest`, which the route calls itself). */
  route: (req: IncomingMessage) => Answer;
}

/**
 * Why `answer` is an error, as the log says it on the lines after the request's (`  404 because ...`): its
 * reasons, or for an error answer without any, the text of its body. Nothing for a success.
 */
export function reasonLines(answer: Answer): readonly string[] {
  if (answer.reason !== undefined) return answer.reason;
  if (answer.status < 400 || typeof answer.body !== "string") return [];
  return answer.body.split("\n").filter((line) => line.trim() !== "");
}

/**
 * The HTTP side every `serve` mode shares: bounded headers, timeouts for slow clients, one log line per
 * request (`address method target status bytes`) and the answer's reasons on the lines after it.
 */
export function startHttpServer(opts: HttpServerOptions): Promise<RunningSeedServer> {
  const respond = (req: IncomingMessage, res: ServerResponse) => {
    const answer = opts.route(req);
    const bytes = typeof answer.body === "string" ? Buffer.from(answer.body, "utf8") : answer.body;
    res.writeHead(answer.status, {
      "Content-Type": answer.contentType ?? "text/plain; charset=utf-8",
      "Content-Length": String(bytes.length),
      "Cache-Control": "no-store",
      ...(answer.status === 413 ? { Connection: "close" } : {}),
      ...answer.headers,
    });
    res.end(req.method === "HEAD" ? undefined : bytes);
    // Do not read an announced body; the response above closes such connections.
    if (answer.status === 413) req.socket.destroySoon();
    const target = JSON.stringify(req.url ?? "")
      .slice(1, -1)
      .slice(0, 200);
    opts.log(
      `${req.socket.remoteAddress ?? "-"} ${req.method ?? "-"} ${target} ${answer.status} ${bytes.length}${answer.vm === undefined ? "" : ` ${answer.vm}`}`,
    );
    for (const line of reasonLines(answer)) opts.log(`  ${answer.status} because ${line}`);
  };
  const server = createServer(
    // Node checks the header and request timeouts only this often (30 s by default, so a client that
    // never finishes its headers got its 408 after up to 35 s, not 5 s): twice a second keeps them.
    { maxHeaderSize: MAX_HEADER_BYTES, connectionsCheckingInterval: 500, requireHostHeader: false },
    respond,
  );
  // A request with "Expect: 100-continue" is answered as any other, without the "100 Continue" Node would
  // send first by itself (which asks for a body the server then refuses with 413).
  server.on("checkContinue", respond);
  // Any other expectation is ignored (RFC 9110 10.1.1 allows it; a seed request needs none): answered and
  // logged as any request, where Node would send a 417 itself, unlogged.
  server.on("checkExpectation", respond);
  // Requests Node rejects before they reach the handler (oversized headers, malformed HTTP, timeouts) get
  // an answer and a log line too. A connection that can no longer be answered (closed by the client, or
  // already answered: after a 408 the client's close comes back as HPE_INVALID_EOF_STATE) is closed and
  // not logged: the log has the answers sent.
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === "HPE_HEADER_OVERFLOW" ? 431 : err.code === "ERR_HTTP_REQUEST_TIMEOUT" ? 408 : 400;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
    );
    opts.log(`${socket.remoteAddress ?? "-"} - (${err.code ?? "malformed request"}) ${status} 0`);
  });
  // A request is whole once its headers are: one that announces a body gets its 413 then, and the
  // connection is closed. So the 5 s for the headers is the limit a client meets; Node's whole-request
  // limit (300 s by default) is set to 10 s only in case a route ever waited for a body.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 5_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.bind, () => {
      server.off("error", reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === "IPv6" ? `[${addr.address}]` : addr.address;
      resolve({
        server,
        url: `http://${host}:${addr.port}/`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
