/**
 * `serve --mode openstack --leases FILE` reads its lease table as a spec file is read, through the built
 * command line: a lease table named `.json` must be JSON (a comment or a trailing comma, which the YAML
 * reader took, stops the server from starting at its place, exit 1, and answers 500 once it runs), a
 * repeated key is refused at its place as in a spec, and a valid `leases.json` answers guests as its YAML
 * twin does.
 */
import { spawnSync } from "node:child_process";
import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CLI, cleanupTempDirs, requireBuiltCli, tempDir } from "./cli-harness";
import { getFrom, startServe, stopAllServers, waitFor, writeFleet } from "./metadata-harness";

beforeAll(() => requireBuiltCli());
afterEach(() => stopAllServers());
afterAll(() => cleanupTempDirs());

const RENAME = ", or rename the file to .yaml or .yml to write YAML";
const KEEP_ONE = "a mapping holds each key once (keep one)";

/** A fleet member's MAC (writeFleet's first member); its spec's address is no loopback address. */
const MAC = "52:54:00:00:00:00";

/** A directory with one fleet member (10.9.0.10: only a lease identifies it) and `name` holding `table`. */
function withTable(name: string, table: string): { dir: string; leases: string } {
  const dir = tempDir();
  writeFleet(dir, 1, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
  const leases = join(tempDir(), name);
  writeFileSync(leases, table);
  return { dir, leases };
}

/** `serve DIR --mode openstack --leases FILE` run to its end: bounded, as a server that took FILE runs on. */
function serveOnce(dir: string, leases: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, "serve", dir, "-m", "openstack", "-p", "0", "-l", leases], {
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("a lease table named .json", () => {
  it.each([
    [
      "a comment",
      `{\n  "leases": [ # the lab\n    {"mac": "${MAC}", "address": "127.0.0.5"}\n  ]\n}\n`,
      "2:15",
      `not valid JSON: a comment (JSON has none); remove it${RENAME}`,
    ],
    [
      "a trailing comma",
      `{"leases": [{"mac": "${MAC}", "address": "127.0.0.5"},]}`,
      "1:65",
      `not valid JSON: a comma before ] (JSON has no trailing commas); remove it${RENAME}`,
    ],
  ])(
    "with %s stops serve from starting at its place (exit 1); named .yaml it is YAML",
    async (_, table, at, message) => {
      const { dir, leases } = withTable("leases.json", table);
      const r = serveOnce(dir, leases);
      expect([r.status, r.stdout, r.stderr]).toEqual([1, "", `${leases}:${at}: ${message}\n`]);

      const yaml = withTable("leases.yaml", table);
      const server = await startServe([yaml.dir, "-m", "openstack", "-p", "0", "-l", yaml.leases]);
      expect(server.stderr()).toBe("");
      const answer = await getFrom(server.port, "127.0.0.5", "/openstack/latest/meta_data.json");
      expect(answer.status).toBe(200);
    },
  );

  it("answers 500, and logs the line, when it stops being JSON while serving", async () => {
    const table = `{"leases": [{"mac": "${MAC}", "address": "127.0.0.5"}]}`;
    const { dir, leases } = withTable("leases.json", table);
    const server = await startServe([dir, "-m", "openstack", "-p", "0", "-l", leases]);
    const path = "/openstack/latest/meta_data.json";
    expect((await getFrom(server.port, "127.0.0.5", path)).status).toBe(200);
    writeFileSync(leases, table.replace("}]", "},]"));
    expect((await getFrom(server.port, "127.0.0.5", path)).status).toBe(500);
    const why = `  500 because ${leases}:1:65: not valid JSON: a comma before ] (JSON has no trailing commas); remove it${RENAME}`;
    await waitFor(() => server.lines.includes(why));
  });

  it("answers guests as its YAML twin does", async () => {
    const dir = tempDir();
    const [a, b] = writeFleet(dir, 2, { cidr: "10.9.0.0/24", start: "10.9.0.10" });
    if (a === undefined || b === undefined) throw new Error("no fleet");
    const json = join(tempDir(), "leases.json");
    writeFileSync(
      json,
      JSON.stringify(
        {
          leases: [
            { mac: a.mac.toUpperCase(), address: "127.0.0.5" },
            { mac: b.mac, address: "127.0.0.6" },
          ],
        },
        null,
        2,
      ),
    );
    const yaml = join(tempDir(), "leases.yaml");
    writeFileSync(
      yaml,
      `# the lab's DHCP reservations\nleases:\n  - mac: ${a.mac.toUpperCase()}\n    address: 127.0.0.5\n  - mac: ${b.mac}\n    address: 127.0.0.6\n`,
    );
    const answers = async (leases: string) => {
      const server = await startServe([dir, "-m", "openstack", "-p", "0", "-l", leases]);
      expect(server.stderr()).toBe("");
      const seen: [string, string, number, string][] = [];
      for (const source of ["127.0.0.5", "127.0.0.6", "127.0.0.7"])
        for (const path of ["/openstack/latest/meta_data.json", "/openstack/latest/user_data"]) {
          const r = await getFrom(server.port, source, path);
          seen.push([source, path, r.status, r.body]);
        }
      return seen;
    };
    const fromJson = await answers(json);
    expect(fromJson.map(([source, path, status]) => [source, path, status])).toEqual([
      ["127.0.0.5", "/openstack/latest/meta_data.json", 200],
      ["127.0.0.5", "/openstack/latest/user_data", 200],
      ["127.0.0.6", "/openstack/latest/meta_data.json", 200],
      ["127.0.0.6", "/openstack/latest/user_data", 200],
      ["127.0.0.7", "/openstack/latest/meta_data.json", 404],
      ["127.0.0.7", "/openstack/latest/user_data", 404],
    ]);
    expect((JSON.parse(fromJson[0]?.[3] ?? "") as { name: string }).name).toBe(a.hostname);
    expect((JSON.parse(fromJson[2]?.[3] ?? "") as { name: string }).name).toBe(b.hostname);
    expect(await answers(yaml)).toEqual(fromJson);
  });
});

describe("a repeated key in a lease table", () => {
  it.each([
    [
      "a lease's address, in YAML",
      "leases.yaml",
      `leases:\n  - mac: "${MAC}"\n    address: 127.0.0.5\n    address: 127.0.0.6\n`,
      [`4:5: duplicate key "address"; ${KEEP_ONE}`],
    ],
    [
      "the top-level leases, in YAML",
      "leases.yml",
      `leases: []\nleases:\n  - mac: "${MAC}"\n    address: 127.0.0.5\n`,
      [`2:1: duplicate key "leases"; ${KEEP_ONE}`],
    ],
    [
      "a lease's mac and address, in JSON",
      "leases.json",
      `{"leases": [\n  {"mac": "${MAC}", "address": "127.0.0.5",\n   "mac": "${MAC}", "address": "127.0.0.6"}\n]}\n`,
      [`3:4: duplicate key "mac"; ${KEEP_ONE}`, `3:32: duplicate key "address"; ${KEEP_ONE}`],
    ],
  ])("is refused at its place: %s (exit 1)", (_, name, table, lines) => {
    const { dir, leases } = withTable(name, table);
    const r = serveOnce(dir, leases);
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", lines.map((l) => `${leases}:${l}\n`).join("")]);
  });
});

describe("a lease table that cannot be read", () => {
  it.each([
    ["is missing", (dir: string) => join(dir, "leases.yaml"), "no such file"],
    ["is a directory", (dir: string) => dir, "is a directory"],
  ])("%s: serve says so in a spec's words (exit 1), not Node's", (_, where, words) => {
    const { dir } = withTable("unused.yaml", "leases: []\n");
    const leases = where(tempDir());
    const r = serveOnce(dir, leases);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      `${leases}: cannot read the lease table: ${words}\n`,
    ]);
  });
});

describe("a lease table read as a spec file's bytes are", () => {
  it("is refused at a byte that is not UTF-8 (exit 1), not read as U+FFFD", () => {
    const { dir, leases } = withTable("unused.yaml", "leases: []\n");
    writeFileSync(
      leases,
      Buffer.concat([
        Buffer.from("# caf"),
        Buffer.from([0xe9]),
        Buffer.from(`'s lab\nleases:\n  - mac: "${MAC}"\n    address: 127.0.0.5\n`),
      ]),
    );
    const r = serveOnce(dir, leases);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      `${leases}:1:6: byte 0xE9 is not UTF-8 text (a Latin-1 or Windows-1252 character?); save the file as UTF-8 (e.g. iconv -f LATIN1 -t UTF-8)\n`,
    ]);
  });

  it("is read no further than 128 MiB (exit 1): a larger file is no lease table", () => {
    const { dir, leases } = withTable("unused.yaml", "leases: []\n");
    // Sparse: 128 MiB + 1 bytes at no cost to the disk.
    truncateSync(leases, 128 * 2 ** 20 + 1);
    const r = serveOnce(dir, leases);
    expect([r.status, r.stdout, r.stderr]).toEqual([
      1,
      "",
      `${leases}: cannot read lease table: it goes on past 128 MiB, more than a lease table file holds (a device such as /dev/zero, or a pipe that does not end?); give the lease table file itself\n`,
    ]);
  });
});

describe("a lease table on standard input", () => {
  it("is a usage error (exit 2): the table is read again when it changes, so it must be a file", () => {
    const { dir } = withTable("unused.yaml", "leases: []\n");
    const r = serveOnce(dir, "-");
    expect([r.status, r.stdout]).toEqual([2, ""]);
    expect(r.stderr).toContain(
      "--leases must name a file, not standard input (-): the lease table is read again whenever it changes",
    );
  });
});
