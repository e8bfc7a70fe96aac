import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { connect, createServer, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { runPython } from "../helpers/cloud-init";
import {
  CLI,
  cleanupTempDirs,
  fixture,
  listFiles,
  requireBuiltCli,
  runCli,
  startCli,
  tempDir,
} from "./cli-harness";
import { ServeProcess, startServe, stopAllServers, waitFor } from "./metadata-harness";

/** Starts `serve DIR --port 0` and resolves once it printed the address it listens on. */
function serve(dir: string): Promise<ServeProcess> {
  return startServe([dir, "--port", "0"]);
}

/** Sends `bytes` as they are and returns the status and body of the answer (read until the server closes). */
function exchange(port: number, bytes: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    socket.on("data", (c) => (data += c.toString("latin1")));
    socket.on("error", reject);
    socket.on("close", () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? "0");
      resolve({ status, body: data.split("\r\n\r\n").slice(1).join("\r\n\r\n") });
    });
    socket.write(bytes);
  });
}

/** Sends a raw HTTP request (no client-side normalization of `target`) and returns status and body. */
function rawRequest(port: number, head: string, body = ""): Promise<{ status: number; body: string }> {
  return exchange(port, `${head}\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n${body}`);
}

const get = (port: number, target: string) => rawRequest(port, `GET ${target} HTTP/1.1`);

/** What `render --format nocloud-dir` writes for a spec: the reference the server must match. */
function renderedSeed(spec: string): Map<string, string> {
  const out = join(tempDir(), "seed");
  expect(runCli(["render", spec, "--format", "nocloud-dir", "--out", out]).status).toBe(0);
  return new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f), "utf8")]));
}

/** cloud-init's NoCloud network datasource, pointed at the server by the kernel command line. */
const READ_WITH_CLOUD_INIT = `
import json, os, sys, tempfile
from cloudinit import distros, helpers, url_helper
from cloudinit.sources.DataSourceNoCloud import DataSourceNoCloudNet
seed = os.environ["SEED_URL"]
tmp = tempfile.mkdtemp()
paths = helpers.Paths({"cloud_dir": tmp, "run_dir": tmp})
distro = distros.fetch("debian")("debian", {}, paths)
ds = DataSourceNoCloudNet({}, distro, paths)
if not ds._get_data():
    sys.exit("DataSourceNoCloudNet did not claim " + seed)
# cloud-init 22.4 fetches network-config only from disk seeds; read it with its own URL reader.
net = url_helper.read_file_or_url(seed + "network-config", timeout=5).contents.decode()
print(json.dumps({
    "seed": ds.seed,
    "metadata": ds.metadata,
    "userdata": ds.userdata_raw.decode(),
    "vendordata": ds.vendordata_raw.decode() if ds.vendordata_raw is not None else None,
    "network": net,
}))
`;

function readWithCloudInit(seedUrl: string) {
  const r = runPython(READ_WITH_CLOUD_INIT, {
    env: { SEED_URL: seedUrl, DEBUG_PROC_CMDLINE: `root=/dev/vda ds=nocloud;s=${seedUrl};dsmode=net` },
  });
  if (r.status !== 0) throw new Error(`cloud-init could not read ${seedUrl}: ${r.stderr}`);
  return JSON.parse(r.stdout) as {
    seed: string;
    metadata: Record<string, unknown>;
    userdata: string;
    vendordata: string | null;
    network: string;
  };
}

beforeAll(() => requireBuiltCli());
afterEach(() => {
  stopAllServers();
});
afterAll(() => cleanupTempDirs());

describe("bootstrapped-vm serve: a NoCloud HTTP seed server", () => {
  it("serves what cloud-init's NoCloud datasource reads from ds=nocloud;s=http://127.0.0.1:P/<name>/;dsmode=net", async () => {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "web-01.yaml"));
    const server = await serve(dir);
    const expected = renderedSeed(join(dir, "web-01.yaml"));
    const seen = readWithCloudInit(`${server.url}web-01/`);
    expect(seen.seed).toContain(`${server.url}web-01/`);
    expect(seen.userdata).toBe(expected.get("user-data"));
    expect(seen.vendordata).toBe(expected.get("vendor-data"));
    expect(seen.metadata).toMatchObject(
      parseYaml(expected.get("meta-data") as string) as Record<string, unknown>,
    );
    expect(seen.network).toBe(expected.get("network-config"));
  });

  it("serves an empty vendor-data and an empty network-config for a spec without them", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    expect(await get(server.port, "/tiny/vendor-data")).toEqual({ status: 200, body: "" });
    // A 404 would cost cloud-init 25.1 ten requests a second apart: test/generations/nocloud-http.test.ts.
    expect(await get(server.port, "/tiny/network-config")).toEqual({ status: 200, body: "" });
    const seen = readWithCloudInit(`${server.url}tiny/`);
    expect(seen.userdata).toBe(renderedSeed(join(dir, "tiny.yaml")).get("user-data"));
    expect(seen.vendordata).toBe("");
    expect(seen.network).toBe("");
  });

  it("answers 404 for unknown names and files and for path traversal attempts", async () => {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "web-01.yaml"));
    writeFileSync(join(dir, "secret.txt"), "do not serve");
    const server = await serve(dir);
    for (const target of [
      "/nobody/user-data",
      "/web-01/user_data",
      "/web-01/",
      "/web-01",
      "/",
      "/web-01/user-data/extra",
      "/../secret.txt",
      "/web-01/../secret.txt",
      "/%2e%2e/web-01/user-data",
      "/%2e%2e%2fsecret.txt/user-data",
      "/..%2f..%2fetc%2fpasswd/user-data",
      "/web-01%2fuser-data",
      "/.web-01/user-data",
      "//etc/passwd",
      "/%2Fetc%2Fpasswd/user-data",
      "/secret.txt/user-data",
      "/web-01.yaml/user-data",
    ]) {
      const r = await get(server.port, target);
      expect({ target, status: r.status }).toEqual({ target, status: 404 });
      expect(r.body).not.toContain("do not serve");
    }
    for (const target of ["http://127.0.0.1/web-01/../secret.txt", "*", "/%zz/user-data"]) {
      expect({ target, status: (await get(server.port, target)).status }).toEqual({ target, status: 400 });
    }
  });

  it("answers only GET and HEAD, and rejects long URLs and request bodies", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    const head = await rawRequest(server.port, "HEAD /tiny/user-data HTTP/1.1");
    expect(head).toEqual({ status: 200, body: "" });
    expect((await rawRequest(server.port, "POST /tiny/user-data HTTP/1.1")).status).toBe(405);
    expect((await rawRequest(server.port, "DELETE /tiny/user-data HTTP/1.1")).status).toBe(405);
    expect((await get(server.port, `/tiny/user-data?${"x".repeat(2000)}`)).status).toBe(414);
    const withBody = await rawRequest(
      server.port,
      "GET /tiny/user-data HTTP/1.1\r\nContent-Length: 5",
      "hello",
    );
    expect(withBody.status).toBe(413);
    const hugeHeader = await rawRequest(
      server.port,
      `GET /tiny/user-data HTTP/1.1\r\nX-Big: ${"y".repeat(20000)}`,
    );
    expect(hugeHeader.status).toBe(431);
  });

  it("logs one line per request", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    await get(server.port, "/tiny/user-data");
    await get(server.port, "/tiny/meta-data");
    await get(server.port, "/nobody/meta-data");
    await rawRequest(server.port, `GET /tiny/user-data HTTP/1.1\r\nX-Big: ${"y".repeat(20000)}`);
    await waitFor(() => server.lines.length >= 8);
    expect(server.lines[1]).toBe(`a guest boots with ds=nocloud;s=${server.url}<name>/;dsmode=net`);
    expect(server.lines[2]).toMatch(/^ {2}127\.0\.0\.1 is this host's loopback: /);
    expect(server.lines.slice(3)).toEqual([
      expect.stringMatching(/^127\.0\.0\.1 GET \/tiny\/user-data 200 \d+$/),
      expect.stringMatching(/^127\.0\.0\.1 GET \/tiny\/meta-data 200 \d+$/),
      expect.stringMatching(/^127\.0\.0\.1 GET \/nobody\/meta-data 404 \d+$/),
      `  404 because no spec nobody.yaml, nobody.yml or nobody.json in ${dir}`,
      expect.stringMatching(/^127\.0\.0\.1 - \(HPE_HEADER_OVERFLOW\) 431 0$/),
    ]);
  });

  it("logs why it answered each error, on the line after the request's, as the openstack mode does", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    await get(server.port, "/nothere/user-data");
    await get(server.port, "/tiny/user_data");
    await get(server.port, "/.tiny/user-data");
    await get(server.port, "/tiny");
    await rawRequest(server.port, "POST /tiny/user-data HTTP/1.1");
    await get(server.port, "/%zz/user-data");
    await waitFor(() => server.lines.length >= 15);
    expect(server.lines.slice(3)).toEqual([
      "127.0.0.1 GET /nothere/user-data 404 13",
      `  404 because no spec nothere.yaml, nothere.yml or nothere.json in ${dir}`,
      "127.0.0.1 GET /tiny/user_data 404 68",
      "  404 because no such file: use user-data, meta-data, network-config, vendor-data",
      "127.0.0.1 GET /.tiny/user-data 404 13",
      '  404 because ".tiny" is not a seed name (letters, digits, _ . -)',
      "127.0.0.1 GET /tiny 404 30",
      "  404 because not found: use /<name>/<file>",
      "127.0.0.1 POST /tiny/user-data 405 18",
      "  405 because only GET and HEAD",
      "127.0.0.1 GET /%zz/user-data 400 27",
      "  400 because malformed percent-encoding",
    ]);
  });

  it("answers 400 to an HTTP/1.1 request without one Host header, and logs it", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    const missing = await exchange(server.port, "GET /tiny/meta-data HTTP/1.1\r\n\r\n");
    const twice = await exchange(
      server.port,
      "GET /tiny/user-data HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
    );
    const old = await exchange(server.port, "GET /tiny/meta-data HTTP/1.0\r\n\r\n");
    const said = { status: 400, body: "a request has one Host header (HTTP/1.1 requires it)\n" };
    expect([missing, twice, old.status]).toEqual([said, said, 200]);
    await waitFor(() => server.lines.length >= 8);
    expect(server.lines.slice(3)).toEqual([
      "127.0.0.1 GET /tiny/meta-data 400 53",
      "  400 because a request has one Host header (HTTP/1.1 requires it)",
      "127.0.0.1 GET /tiny/user-data 400 53",
      "  400 because a request has one Host header (HTTP/1.1 requires it)",
      expect.stringMatching(/^127\.0\.0\.1 GET \/tiny\/meta-data 200 \d+$/),
    ]);
  });

  it("answers 408 to a client that does not finish its headers in 5 s, on time, and logs it once", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    const started = performance.now();
    const socket = connect(server.port, "127.0.0.1");
    let data = "";
    socket.on("data", (c: Buffer) => (data += c.toString("latin1")));
    socket.on("error", () => undefined);
    const closed = new Promise<number>((resolve) =>
      socket.on("close", () => resolve(performance.now() - started)),
    );
    // The header block never ends (no empty line).
    socket.write("GET /tiny/user-data HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    let deadline: NodeJS.Timeout | undefined;
    const elapsed = await Promise.race([
      closed,
      new Promise<never>((_, reject) => {
        deadline = setTimeout(() => reject(new Error("no answer within 7 s of an unfinished header")), 7000);
      }),
    ]).finally(() => {
      clearTimeout(deadline);
      socket.destroy();
    });
    expect(data).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    // docs/cli.md: 5 s to send the headers; Node checks every connectionsCheckingInterval.
    expect(elapsed).toBeGreaterThan(4500);
    expect(elapsed).toBeLessThan(6500);
    // One line for the connection: the request after it is logged next.
    await get(server.port, "/tiny/meta-data");
    await waitFor(() => server.lines.some((l) => l.includes(" /tiny/meta-data ")));
    expect(server.lines.slice(3)).toEqual([
      "127.0.0.1 - (ERR_HTTP_REQUEST_TIMEOUT) 408 0",
      expect.stringMatching(/^127\.0\.0\.1 GET \/tiny\/meta-data 200 \d+$/),
    ]);
  });

  it("answers 413 at once to a request that announces a body, however slowly the body comes, and logs it once", async () => {
    // A seed request has no body: its headers are the whole request. One that announces a body is answered
    // as soon as its headers are in, so no request waits for Node's whole-request limit (docs/cli.md).
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    /** Sends `head` at once, then its announced body a byte a second; resolves with the answer when closed. */
    const slowBody = (head: string) =>
      new Promise<{ data: string; elapsed: number }>((resolve, reject) => {
        const socket = connect(server.port, "127.0.0.1");
        let data = "";
        const started = performance.now();
        const drip = setInterval(() => socket.write("x"), 1000);
        const deadline = setTimeout(() => {
          socket.destroy();
          reject(new Error(`no answer within 12 s of a slow body; got ${JSON.stringify(data)}`));
        }, 12_000);
        socket.on("data", (c: Buffer) => (data += c.toString("latin1")));
        socket.on("error", () => undefined);
        socket.on("close", () => {
          clearInterval(drip);
          clearTimeout(deadline);
          resolve({ data, elapsed: performance.now() - started });
        });
        socket.write(`${head}\r\nHost: 127.0.0.1\r\nContent-Length: 20\r\n\r\n`);
      });
    const plain = await slowBody("GET /tiny/user-data HTTP/1.1");
    // Asked to wait for the body (Expect: 100-continue), the client gets the 413, not a "100 Continue" first.
    const expecting = await slowBody("GET /tiny/meta-data HTTP/1.1\r\nExpect: 100-continue");
    for (const { data, elapsed } of [plain, expecting]) {
      expect(data).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
      expect(data.split("\r\n\r\n")[1]).toBe("a seed request has no body\n");
      // Long before the 10 s whole-request limit, and before the first body byte (1 s).
      expect(elapsed).toBeLessThan(900);
    }
    await get(server.port, "/tiny/vendor-data");
    await waitFor(() => server.lines.some((l) => l.includes(" /tiny/vendor-data ")));
    expect(server.lines.slice(3)).toEqual([
      "127.0.0.1 GET /tiny/user-data 413 27",
      "  413 because a seed request has no body",
      "127.0.0.1 GET /tiny/meta-data 413 27",
      "  413 because a seed request has no body",
      "127.0.0.1 GET /tiny/vendor-data 200 0",
    ]);
  });

  it("answers and logs a request with an expectation it does not know, as any other", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(server.port, "127.0.0.1");
      let data = "";
      socket.on("data", (c: Buffer) => (data += c.toString("latin1")));
      socket.on("error", () => undefined);
      socket.on("close", () => resolve(data));
      socket.write(
        "GET /tiny/vendor-data HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: x-unknown\r\nConnection: close\r\n\r\n",
      );
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    await waitFor(() => server.lines.some((l) => l.includes(" /tiny/vendor-data ")));
    expect(server.lines.slice(3)).toEqual(["127.0.0.1 GET /tiny/vendor-data 200 0"]);
  });

  it("renders a changed spec again at its next request, and answers 500 while it is invalid", async () => {
    const dir = tempDir();
    const spec = join(dir, "web.yaml");
    copyFileSync(fixture("full.yaml"), spec);
    const server = await serve(dir);
    expect((await get(server.port, "/web/user-data")).body).not.toContain("- curl");
    copyFileSync(fixture("full-changed.yaml"), spec);
    expect((await get(server.port, "/web/user-data")).body).toContain("- curl");
    copyFileSync(fixture("invalid.yaml"), spec);
    const broken = await get(server.port, "/web/user-data");
    expect(broken.status).toBe(500);
    expect(broken.body).toContain(`${spec}:2:1: hostname: `);
    copyFileSync(fixture("minimal.yaml"), join(dir, "new.yaml"));
    expect((await get(server.port, "/new/meta-data")).status).toBe(200);
  });

  it("does not start while a spec in the directory is invalid, and lists its problems", () => {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "good.yaml"));
    copyFileSync(fixture("invalid.yaml"), join(dir, "bad.yaml"));
    const r = runCli(["serve", dir, "--port", "0"]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    const bad = join(dir, "bad.yaml");
    for (const line of r.stderr.trimEnd().split("\n")) expect(line.startsWith(`${bad}:`)).toBe(true);
    expect(r.stderr).toContain(`${bad}:2:1: hostname: `);
  });

  it("places the problems a render finds in the spec file, with a fix serve can take (it has no --mac)", () => {
    const dir = tempDir();
    copyFileSync(fixture("by-position.yaml"), join(dir, "db.yaml"));
    writeFileSync(
      join(dir, "br.yaml"),
      'hostname: br-01\nnetwork:\n  interfaces:\n    - name: eth0\n      macAddress: "52:54:00:00:00:01"\n  bridges:\n    - name: br0\n      interfaces: [eth0]\n',
    );
    const db = join(dir, "db.yaml");
    const nocloud = runCli(["serve", dir, "--port", "0"]);
    expect(nocloud.status).toBe(1);
    expect(nocloud.stderr).toBe(
      [0, 1]
        .map(
          (nic) =>
            `${db}:${5 + 2 * nic}:7: network.interfaces[${nic}]: has neither \`name\` nor \`macAddress\`, and the ` +
            `platform assigned no MAC address for NIC ${nic}; set \`macAddress\` (or \`name\`) on the interface; a ` +
            "served spec gets no MAC addresses from a platform\n",
        )
        .join(""),
    );
    // The OpenStack metadata service serves the config-drive tree: a bridge is the config drive's problem.
    const openstack = runCli(["serve", dir, "--port", "0", "--mode", "openstack"]);
    expect(openstack.status).toBe(1);
    expect(openstack.stderr).toMatch(
      new RegExp(
        `^${join(dir, "br.yaml")}:7:7: network\\.bridges\\[0\\]: network_data\\.json has no bridge link`,
        "m",
      ),
    );
    expect(openstack.stderr).toContain(
      "; use serve --mode nocloud (network config v2), or remove the bridge\n",
    );
    expect(openstack.stderr).not.toContain("--mac");
  });

  it("serves .yml and .json specs like .yaml ones, as render reads them", async () => {
    const dir = tempDir();
    copyFileSync(fixture("full.json"), join(dir, "web-json.json"));
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yml"));
    const server = await serve(dir);
    expect(server.lines[0]).toMatch(/^serving 2 specs from .* \(tiny, web-json\)$/);
    const expectedJson = renderedSeed(join(dir, "web-json.json"));
    const expectedYml = renderedSeed(join(dir, "tiny.yml"));
    expect((await get(server.port, "/web-json/user-data")).body).toBe(expectedJson.get("user-data"));
    expect((await get(server.port, "/tiny/meta-data")).body).toBe(expectedYml.get("meta-data"));
    // A .json spec added while the server runs is served from its first request.
    writeFileSync(join(dir, "later.json"), readFileSync(fixture("full.json")));
    expect((await get(server.port, "/later/meta-data")).status).toBe(200);
  });

  it("warns on stderr about every file it does not serve, and serves the rest", async () => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    writeFileSync(join(dir, "README.txt"), "notes\n");
    copyFileSync(fixture("minimal.yaml"), join(dir, "LOUD.YAML"));
    copyFileSync(fixture("minimal.yaml"), join(dir, "web 01.yaml"));
    mkdirSync(join(dir, "old.yaml"));
    symlinkSync(fixture("minimal.yaml"), join(dir, "link.yaml"));
    writeFileSync(join(dir, ".hidden.yaml"), "x: [\n");
    const server = await serve(dir);
    expect(server.lines[0]).toMatch(/^serving 1 spec from .* \(tiny\)$/);
    await waitFor(() => server.stderr().split("\n").length > 5);
    expect(server.stderr().trimEnd().split("\n")).toEqual([
      `warning: ${join(dir, "LOUD.YAML")}: not served: write its extension in lower case (.yaml)`,
      `warning: ${join(dir, "README.txt")}: not served: not a spec file (.yaml, .yml, .json)`,
      `warning: ${join(dir, "link.yaml")}: not served: not a regular file (symbolic links and directories are not read)`,
      `warning: ${join(dir, "old.yaml")}: not served: not a regular file (symbolic links and directories are not read)`,
      `warning: ${join(dir, "web 01.yaml")}: not served: "web 01" is not a usable seed name (letters, digits, _ . -)`,
    ]);
  });

  it("logs why it answered 500, on the lines after the request's line", async () => {
    const dir = tempDir();
    const spec = join(dir, "web.yml");
    copyFileSync(fixture("full.yaml"), spec);
    const server = await serve(dir);
    copyFileSync(fixture("invalid.yaml"), spec);
    expect((await get(server.port, "/web/user-data")).status).toBe(500);
    await waitFor(() => server.lines.some((l) => l.includes("hostname")));
    const at = server.lines.findIndex((l) => / GET \/web\/user-data 500 \d+$/.test(l));
    expect(at).toBeGreaterThan(0);
    const reasons = server.lines.slice(at + 1);
    expect(reasons).toContainEqual(
      expect.stringMatching(/^ {2}500 because \S*web\.yml:\d+:\d+: hostname: "web_01!" is not/),
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(/^ {2}500 because \S*web\.yml:\d+:\d+: network\.interfaces\[0\]/),
    );
  });

  /** The first three lines `serve` prints on stdout when bound to `bind` (a one-spec directory, a free port). */
  async function startupLines(bind: string): Promise<string[]> {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const child = startCli(["serve", dir, "--port", "0", "--bind", bind]);
    let out = "";
    child.stdout?.on("data", (c: Buffer) => (out += c.toString("utf8")));
    try {
      await waitFor(() => out.split("\n").length > 3);
      return out.split("\n").slice(0, 3);
    } finally {
      child.kill("SIGKILL");
    }
  }

  it.each([
    ["127.0.0.1", "10.0.2.2"],
    ["::1", "[fec0::2]"],
  ])(
    "bound to the loopback address %s, says how a guest reaches it: as %s from QEMU's user network (before: only the loopback URL, which a guest takes for itself)",
    async (bind, alias) => {
      const lines = await startupLines(bind);
      const port = /:(\d+)\/ \(tiny\)$/.exec(lines[0] ?? "")?.[1];
      const shown = bind.includes(":") ? `[${bind}]` : bind;
      expect(lines[1]).toBe(`a guest boots with ds=nocloud;s=http://${shown}:${port}/<name>/;dsmode=net`);
      // libslirp's sotranslate_out sends a guest's connection to 10.0.2.2 (fec0::2) to 127.0.0.1 (::1).
      expect(lines[2]).toBe(
        `  ${shown} is this host's loopback: a guest on QEMU's user network (qemu's default, Packer's qemu ` +
          `builder) reaches it as ${alias}: ds=nocloud;s=http://${alias}:${port}/<name>/;dsmode=net; ` +
          "guests on other networks need --bind with an address of this host they reach",
      );
    },
  );

  it("bound to another loopback address, says that guests do not reach it", async () => {
    const lines = await startupLines("127.0.0.2");
    expect(lines[2]).toBe(
      "  127.0.0.2 is a loopback address of this host, which guests do not reach (QEMU's user network " +
        "reaches 127.0.0.1 only); guests need --bind with an address of this host they reach",
    );
  });

  it.each([
    ["0.0.0.0", ["IPv4"]],
    ["::", ["IPv4", "IPv6"]],
  ])(
    "bound to every address (%s), prints the boot argument with a placeholder and this host's addresses",
    async (bind, families) => {
      const lines = await startupLines(bind);
      const port = /:(\d+)\/ \(tiny\)$/.exec(lines[0] ?? "")?.[1];
      expect(port).toMatch(/^\d+$/);
      // No guest can reach 0.0.0.0 or ::; the user fills in an address the guest reaches.
      expect(lines[1]).toBe(
        `a guest boots with ds=nocloud;s=http://<this host's address>:${port}/<name>/;dsmode=net`,
      );
      const addresses = Object.values(networkInterfaces())
        .flatMap((l) => l ?? [])
        .filter((a) => !a.internal && families.includes(a.family) && !a.address.startsWith("fe80:"))
        .map((a) => (a.family === "IPv6" ? `[${a.address}]` : a.address));
      expect(lines[2]).toBe(
        addresses.length > 0
          ? `  replace <this host's address> with an address of this host the guest reaches: ${addresses.join(", ")}`
          : "  replace <this host's address> with an address of this host the guest reaches (it has none but loopback)",
      );
    },
  );

  describe("says what to change when it cannot listen", () => {
    /** Runs `serve` (a server that starts by mistake is killed) and resolves with its exit code and stderr. */
    async function failedServe(args: string[], command = [process.execPath, CLI]) {
      const dir = tempDir();
      copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
      const [program, ...before] = command as [string, ...string[]];
      const child = spawn(program, [...before, "serve", dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      try {
        await waitFor(() => child.exitCode !== null);
        return { status: await exited, stderr };
      } finally {
        child.kill("SIGKILL");
      }
    }

    it("a port another program listens on", async () => {
      const busy = createServer();
      await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
      const { port } = busy.address() as AddressInfo;
      try {
        expect(await failedServe(["--port", String(port)])).toEqual({
          status: 1,
          stderr: `port ${port} on 127.0.0.1 is in use by another program; choose another --port, or 0 for a free one\n`,
        });
      } finally {
        busy.close();
      }
    });

    it("an address this host does not have", async () => {
      // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it.
      expect(await failedServe(["--port", "0", "--bind", "192.0.2.1"])).toEqual({
        status: 1,
        stderr:
          "192.0.2.1 is not an address of this host; --bind one of its addresses, 127.0.0.1 (the default) or 0.0.0.0 for every address\n",
      });
    });

    // A privileged port: root is refused it without CAP_NET_BIND_SERVICE (setpriv drops it from the
    // bounding set, so node never gets it); another user is refused it unless the host lowered
    // net.ipv4.ip_unprivileged_port_start to 80 or below.
    const root = process.getuid?.() === 0;
    const refusesPort80 =
      root || Number(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "utf8")) > 80;
    (refusesPort80 ? it : it.skip)("a privileged port this user may not listen on", async () => {
      const command = root
        ? ["setpriv", "--bounding-set", "-net_bind_service", process.execPath, CLI]
        : [process.execPath, CLI];
      expect(await failedServe(["--port", "80"], command)).toEqual({
        status: 1,
        stderr:
          "port 80 on 127.0.0.1 is a privileged port (below 1024), which this user may not listen on; choose a --port from 1024 up, or 0 for a free one\n",
      });
    });
  });

  it("refuses an empty --bind (Node would listen on every address)", async () => {
    // Started, not run to completion: a server that takes "" listens and never exits.
    const child = startCli(["serve", tempDir(), "--port", "0", "--bind", ""]);
    let stderr = "";
    child.stderr?.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      await waitFor(() => child.exitCode !== null);
      expect(await exited).toBe(2);
      expect(stderr).toBe(
        "bootstrapped-vm serve: --bind must be an address (0.0.0.0 or :: for every address), not empty\nTry 'bootstrapped-vm serve --help'.\n",
      );
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses to start when two spec files share a name", () => {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "web.yaml"));
    copyFileSync(fixture("full.json"), join(dir, "web.json"));
    const r = runCli(["serve", dir, "-p", "0"]);
    expect(r.status).toBe(1);
    // Named as every other problem is: with the directory (DIR/web.yml:1:1: ...).
    expect(r.stderr).toBe(
      `${join(dir, "web.yaml")} and ${join(dir, "web.json")}: two specs for one name; keep one\n`,
    );
  });

  it("answers 500 naming both files when a second spec for a served name appears", async () => {
    const dir = tempDir();
    copyFileSync(fixture("full.yaml"), join(dir, "web.yaml"));
    const server = await serve(dir);
    copyFileSync(fixture("full.json"), join(dir, "web.json"));
    expect(await get(server.port, "/web/user-data")).toEqual({
      status: 500,
      body: "specs web.yaml and web.json are invalid:\ntwo specs for one name; keep one\n",
    });
    await waitFor(() => server.lines.some((l) => l.includes("two specs")));
    const at = server.lines.findIndex((l) => / GET \/web\/user-data 500 \d+$/.test(l));
    expect(server.lines[at + 1]).toBe(
      `  500 because ${join(dir, "web.yaml")} and ${join(dir, "web.json")}: two specs for one name; keep one`,
    );
  });

  it.each(["SIGTERM", "SIGINT"] as const)("closes the server and exits 0 on %s", async (signal) => {
    const dir = tempDir();
    copyFileSync(fixture("minimal.yaml"), join(dir, "tiny.yaml"));
    const server = await serve(dir);
    expect((await get(server.port, "/tiny/meta-data")).status).toBe(200);
    server.child.kill(signal);
    expect(await server.exit).toBe(0);
    expect(server.lines).toContain(`${signal}: shutting down`);
    await expect(get(server.port, "/tiny/meta-data")).rejects.toThrow(/ECONNREFUSED/);
  });
});
