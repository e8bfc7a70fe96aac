/**
 * A spec or fleet plan file named `.json` must be JSON, through the built command line: comments, trailing
 * commas and bare keys, which the YAML reader took (and jq, Terraform's `jsondecode` or Python's `json`
 * do not), are refused at their place with exit 1 (2 for diff); the same text named `.yaml`, or on
 * standard input, is still YAML.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { CLI, cleanupTempDirs, fixture, requireBuiltCli, runCli, tempDir } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterAll(() => cleanupTempDirs());

const RENAME = ", or rename the file to .yaml or .yml to write YAML";

/** YAML that reads as a valid spec, and its first mistake as JSON: the place and the message. */
const RELAXED: [string, string, string, string][] = [
  [
    "a comment",
    '{\n  "hostname": "web1", # c\n  users: [],\n}\n',
    "2:23",
    `not valid JSON: a comment (JSON has none); remove it${RENAME}`,
  ],
  [
    "a key without quotes",
    '{\n  "hostname": "web1",\n  users: []\n}\n',
    "3:3",
    `not valid JSON: the key \`users\` without double quotes; write it as "users"${RENAME}`,
  ],
  [
    "a trailing comma",
    '{"hostname": "web1",}',
    "1:20",
    `not valid JSON: a comma before } (JSON has no trailing commas); remove it${RENAME}`,
  ],
];

/** A directory holding `contents` (file name to text). */
function files(contents: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(contents)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("a .json spec file that is not JSON", () => {
  it.each(RELAXED)(
    "with %s is refused by validate and render at its place, exit 1 (before: valid)",
    (_name, text, at, message) => {
      const spec = join(files({ "web.json": text }), "web.json");
      for (const args of [["validate"], ["render", "-f", "user-data", "-o", "-"]]) {
        const [command, ...rest] = args as [string, ...string[]];
        const r = runCli([command, spec, ...rest]);
        expect({ args, status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
          args,
          status: 1,
          stdout: "",
          stderr: `${spec}:${at}: ${message}\n`,
        });
      }
    },
  );

  it.each(RELAXED)("with %s is trouble for diff, exit 2", (_name, text, at, message) => {
    const spec = join(files({ "web.json": text }), "web.json");
    const r = runCli(["diff", fixture("full.json"), spec]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${spec}:${at}: ${message}\n`);
    expect(r.status).toBe(2);
  });

  it.each(RELAXED)("with %s is still a valid spec named .yaml or read from stdin", (_name, text) => {
    const spec = join(files({ "web.yaml": text }), "web.yaml");
    const named = runCli(["validate", spec]);
    expect(named.stderr).toBe("");
    expect(named.stdout).toBe(`${spec}: valid\n`);
    expect(named.status).toBe(0);
    const piped = runCli(["validate", "-"], { input: text });
    expect(piped.stderr).toBe("");
    expect(piped.stdout).toBe("<stdin>: valid\n");
    expect(piped.status).toBe(0);
  });

  it("is named .json in any case", () => {
    const spec = join(files({ "WEB.JSON": '{"hostname": "web1",}' }), "WEB.JSON");
    const r = runCli(["validate", spec]);
    expect(r.stderr).toBe(
      `${spec}:1:20: not valid JSON: a comma before } (JSON has no trailing commas); remove it${RENAME}\n`,
    );
    expect(r.status).toBe(1);
  });

  it("is refused as a fleet plan by validate and render --fleet, exit 1", () => {
    const dir = files({
      "base.yaml": "hostname: base\n",
      "plan.json": '{"count": 2, "hostname": "web-%{n}", // two\n}',
    });
    const plan = join(dir, "plan.json");
    const line = `${plan}:1:38: not valid JSON: a comment (JSON has none); remove it${RENAME}\n`;
    const validate = runCli(["validate", join(dir, "base.yaml"), "--fleet", plan]);
    expect([validate.status, validate.stderr]).toEqual([1, line]);
    const render = runCli([
      "render",
      join(dir, "base.yaml"),
      "--fleet",
      plan,
      "-f",
      "user-data",
      "--out-dir",
      join(dir, "out"),
    ]);
    expect([render.status, render.stderr]).toEqual([1, line]);
  });

  it("stops serve from starting, as an invalid spec does, naming its place", () => {
    const dir = files({ "web.json": '{"hostname": "web1",}' });
    // A bound, not a wait: serve that took the spec would serve it until stopped.
    const r = spawnSync(process.execPath, [CLI, "serve", dir, "--port", "0"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      `${join(dir, "web.json")}:1:20: not valid JSON: a comma before } (JSON has no trailing commas); remove it${RENAME}\n`,
    );
    expect(r.status).toBe(1);
  });
});

describe("a .json spec file that is JSON", () => {
  const json = readFileSync(fixture("full.json"), "utf8");
  /** The same spec as YAML, and as JSON with tabs and CRLF (not the fast path: the YAML reader read it). */
  const dir = files({
    "web.json": json,
    "web.yaml": stringify(JSON.parse(json)),
    "tabs.json": JSON.stringify(JSON.parse(json), null, "\t").replace(/\n/g, "\r\n"),
  });

  it.each(["web.json", "tabs.json"])("%s validates and renders the bytes its .yaml twin renders", (name) => {
    const spec = join(dir, name);
    expect(runCli(["validate", spec]).stdout).toBe(`${spec}: valid\n`);
    for (const format of ["user-data", "network-config", "nocloud-iso"]) {
      const outs = [name, "web.yaml"].map((from) => {
        const out = join(dir, `${from}.${format}`);
        const r = runCli(["render", join(dir, from), "-f", format, "-o", out]);
        expect([r.status, r.stderr]).toEqual([0, ""]);
        return readFileSync(out);
      });
      expect(outs[0]?.equals(outs[1] as Buffer)).toBe(true);
    }
  });

  it("places its problems at their keys and refuses a repeated key there, as before", () => {
    const spec = join(
      files({ "bad.json": '{\n  "hostname": "web_1",\n  "timezone": "UTC",\n\t"timezone": "UTC"\n}\n' }),
      "bad.json",
    );
    const r = runCli(["validate", spec]);
    expect(r.stderr).toBe(
      `${spec}:4:2: duplicate key "timezone"; a mapping holds each key once (keep one)\n`,
    );
    expect(r.status).toBe(1);
    writeFileSync(spec, '{\n  "hostname": "web_1",\n  "timezone": "UTC"\n}\n');
    const invalid = runCli(["validate", spec]);
    expect(invalid.stderr).toMatch(new RegExp(`^${spec.replace(/[.]/g, "\\.")}:2:3: hostname: "web_1" `));
    expect(invalid.status).toBe(1);
  });

  it("counts a lone carriage return (JSON whitespace) as a line end, as editors show the file", () => {
    const spec = join(
      files({ "mac.json": '{\r  "timezone": "UTC",\r  "hostname": "web_1"\r}\r' }),
      "mac.json",
    );
    const invalid = runCli(["validate", spec]);
    expect(invalid.stderr).toMatch(new RegExp(`^${spec.replace(/[.]/g, "\\.")}:3:3: hostname: "web_1" `));
    expect(invalid.status).toBe(1);
    writeFileSync(spec, '{\r  "timezone": "UTC",\r  "hostname": "web1",\r}\r');
    const syntax = runCli(["validate", spec]);
    expect(syntax.stderr).toBe(
      `${spec}:3:21: not valid JSON: a comma before } (JSON has no trailing commas); remove it${RENAME}\n`,
    );
    writeFileSync(spec, '{\r  "timezone": "UTC",\r\t"timezone": "UTC"\r}\r');
    expect(runCli(["validate", spec]).stderr).toBe(
      `${spec}:3:2: duplicate key "timezone"; a mapping holds each key once (keep one)\n`,
    );
  });
});
