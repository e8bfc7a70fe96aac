/**
 * `render --out FILE` where FILE is a socket. Linux cannot open a socket (ENXIO, through `/proc` too: cp
 * fails), but a FILE that is the command's own open file N (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`)
 * is written to fd N: Node's `child_process.spawn` with stdio "pipe" (its default) gives the child a Unix
 * socketpair, not a pipe, and so does systemd's `StandardOutput=socket`. Any other socket is refused.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { CLI, cleanupTempDirs, fixture, listTree, requireBuiltCli, runCli, tempDir } from "./cli-harness";

const SPEC = fixture("full.yaml");

/** Loaded into the CLI's own process (`node -r`): status 99 unless each of its fds in FDS is a socket. */
const SOCKET_CHECK = `
const { fstatSync, writeSync } = require("node:fs");
for (const fd of process.env.FDS.split(",").map(Number)) {
  if (!fstatSync(fd).isSocket()) { writeSync(2, "fd " + fd + " is not a socket\\n"); process.exit(99); }
}
`;
let socketCheck = "";

beforeAll(() => {
  requireBuiltCli();
  socketCheck = join(tempDir(), "socket-check.js");
  writeFileSync(socketCheck, SOCKET_CHECK);
});
afterAll(() => cleanupTempDirs());

/** Node's arguments for the CLI with `args`, and its environment: its fds `fds` must be sockets (SOCKET_CHECK). */
function cliOnSockets(args: readonly string[], fds: readonly number[]) {
  const env = { ...process.env, BOOTSTRAPPED_VM_DEBUG: "", FDS: fds.join(",") };
  return { argv: ["-r", socketCheck, CLI, ...args], env };
}

/** Runs the CLI with Node's default stdio ("pipe": socketpairs), checked; stdout and stderr as bytes. */
function runOnSockets(args: readonly string[]): { status: number | null; stdout: Buffer; stderr: Buffer } {
  const { argv, env } = cliOnSockets(args, [0, 1, 2]);
  const r = spawnSync(process.execPath, argv, { env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function closed(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on("close", resolve));
}

const formats = ["user-data", "nocloud-iso"];

describe("render --out FILE: a stdout that is a socket (Node's spawn, systemd's StandardOutput=socket)", () => {
  it.each(formats)("writes %s to -o /dev/stdout, /dev/fd/1 and /proc/self/fd/1 as --out - does", (format) => {
    const dash = runOnSockets(["render", SPEC, "-f", format, "-o", "-"]);
    expect(dash.stderr.toString()).toBe("");
    expect(dash.status).toBe(0);
    expect(dash.stdout.length).toBeGreaterThan(100);
    for (const out of ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]) {
      const r = runOnSockets(["render", SPEC, "-f", format, "-o", out]);
      expect({ out, stderr: r.stderr.toString(), status: r.status }).toEqual({ out, stderr: "", status: 0 });
      expect(r.stdout.equals(dash.stdout)).toBe(true);
    }
  });

  it("writes to -o /dev/stderr, its own fd 2, leaving stdout empty", () => {
    const dash = runOnSockets(["render", SPEC, "-f", "nocloud-iso", "-o", "-"]);
    const r = runOnSockets(["render", SPEC, "-f", "nocloud-iso", "-o", "/dev/stderr"]);
    expect(r.status).toBe(0);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr.equals(dash.stdout)).toBe(true);
  });

  it("writes all of a large output to a non-blocking socket fd 3 (-o /dev/fd/3) while its reader catches up", async () => {
    // fd 3 shares the open file of this process's end of cat's stdin, which Node made non-blocking: 1 MiB
    // does not fit in the socket's buffer, so writes say EAGAIN until cat has read.
    const dir = tempDir();
    const spec = join(dir, "big.yaml");
    const big = "x".repeat(1 << 20);
    writeFileSync(spec, readFileSync(SPEC, "utf8").replace('"Managed by bootstrapped-vm\\n"', `"${big}"`));
    const expected = runCli(["render", spec, "-f", "user-data", "-o", "-"]);
    expect(expected.status).toBe(0);
    expect(expected.stdout).toContain(big);

    const cat = spawn("cat", [], { stdio: ["pipe", "pipe", "inherit"] });
    const got: Buffer[] = [];
    cat.stdout?.on("data", (chunk: Buffer) => got.push(chunk));
    const catDone = closed(cat);
    const { argv, env } = cliOnSockets(["render", spec, "-f", "user-data", "-o", "/dev/fd/3"], [1, 2, 3]);
    const cli = spawn(process.execPath, argv, { env, stdio: ["ignore", "pipe", "pipe", cat.stdin] });
    let stderr = "";
    cli.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await closed(cli);
    cat.stdin?.end();
    expect(await catDone).toBe(0);
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(Buffer.concat(got).toString()).toBe(expected.stdout);
  });
});

describe("render --out FILE: any other socket is refused", () => {
  const refusal = (out: string) =>
    `--out ${out}: is a socket, which cannot be opened; give a file path, or --out - for stdout\n`;

  it("refuses a socket file on disk, and a link to one", async () => {
    const dir = tempDir();
    const path = join(dir, "listening.sock");
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      symlinkSync(path, join(dir, "link.sock"));
      for (const out of [path, join(dir, "link.sock")]) {
        const r = runOnSockets(["render", SPEC, "-f", "user-data", "-o", out]);
        expect(r.stderr.toString()).toBe(refusal(out));
        expect(r.status).toBe(1);
        expect(r.stdout.length).toBe(0);
      }
      expect(listTree(dir)).toEqual(["link.sock", "listening.sock"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("refuses another process's socket through /proc/PID/fd/1", async () => {
    const holder = spawn("sleep", ["60"], { stdio: ["ignore", "pipe", "ignore"] });
    try {
      const out = `/proc/${holder.pid}/fd/1`;
      const r = runOnSockets(["render", SPEC, "-f", "user-data", "-o", out]);
      expect(r.stderr.toString()).toBe(refusal(out));
      expect(r.status).toBe(1);
      expect(r.stdout.length).toBe(0);
    } finally {
      holder.kill();
      await closed(holder);
    }
  });
});
