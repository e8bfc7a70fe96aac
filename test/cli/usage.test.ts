import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fixture, requireBuiltCli, ROOT, runCli } from "./cli-harness";

const COMMANDS = ["render", "validate", "diff", "schema", "serve", "render-sample"];

beforeAll(() => requireBuiltCli());

describe("bootstrapped-vm command line: help and usage errors", () => {
  it("takes an option given twice with the same value, and repeatable options as often as given", () => {
    const r = runCli(["render", fixture("minimal.yaml"), "-f", "user-data", "--format=user-data", "-o", "-"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^#cloud-config\n/);
  });

  it("lists every command in the top-level --help and exits 0", () => {
    const r = runCli(["--help"]);
    expect(r.status).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, "m"));
  });

  it("prints usage on stderr and exits 2 without a command", () => {
    const r = runCli([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("Usage: bootstrapped-vm COMMAND");
  });

  it.each(COMMANDS)("shows help for %s with --help, -h and `help <command>`", (command) => {
    for (const args of [
      [command, "--help"],
      [command, "-h"],
      ["help", command],
    ]) {
      const r = runCli(args);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: bootstrapped-vm ${command}\\b`));
      expect(r.stderr).toBe("");
    }
  });

  it("prints the package version with --version", () => {
    const r = runCli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["render", fixture("minimal.yaml"), "--out", "x.iso"], /missing option --format/],
    [["render", fixture("minimal.yaml"), "--format", "nocloud-iso"], /missing option --out/],
    [["render", "--format", "nocloud-iso", "--out", "x.iso"], /missing argument: SPEC/],
    [
      ["render", fixture("minimal.yaml"), "--format", "floppy", "--out", "x"],
      /unknown --format "floppy"; use one of: nocloud-iso/,
    ],
    [
      ["render", fixture("minimal.yaml"), "--format", "nocloud-iso", "--out", "x", "--colour"],
      /unknown option '--colour'/,
    ],
    [
      [
        "render",
        fixture("minimal.yaml"),
        "--format",
        "network-config",
        "--out",
        "x",
        "--network-version",
        "3",
      ],
      /--network-version must be 1 or 2/,
    ],
    [
      ["render", fixture("minimal.yaml"), "--format", "guestinfo", "--out", "x", "--network-version", "1"],
      /--network-version applies only to --format network-config/,
    ],
    [
      ["render", fixture("minimal.yaml"), "--format", "nocloud-iso", "--out", "x", "--legacy-network-file"],
      /--legacy-network-file applies only to configdrive/,
    ],
    [
      [
        "render",
        fixture("minimal.yaml"),
        "--format",
        "guestinfo",
        "--out",
        "x",
        "--mac",
        "52:54:00:zz:00:01",
      ],
      /--mac #1: "52:54:00:zz:00:01" is not a MAC address/,
    ],
    [["validate"], /missing argument: SPEC/],
    [["diff", "a.yaml", "b.yaml", "c.yaml"], /unexpected argument: c.yaml/],
    [["diff", fixture("minimal.yaml")], /missing argument: NEW_SPEC/],
    [["serve", "."], /missing option --port/],
    [["serve", ".", "--port", "70000"], /--port must be a TCP port number 0-65535, not "70000"/],
    [["render-sample"], /missing option --out/],
    [["schema", "extra"], /unexpected argument: extra/],
    // A mistyped name gets the one it most likely means; a word that begins several names gets them all.
    [["rendr"], /^bootstrapped-vm: unknown command "rendr"; did you mean render\? Commands: render, /],
    [["help", "valdate"], /^bootstrapped-vm: unknown command "valdate"; did you mean validate\?$/],
    [
      ["render", fixture("minimal.yaml"), "--formt", "nocloud-iso", "--out", "x"],
      /^bootstrapped-vm render: unknown option '--formt'; did you mean --format\?$/,
    ],
    [
      ["render", fixture("minimal.yaml"), "-f", "config-drive-iso", "--out", "x"],
      /^bootstrapped-vm render: unknown --format "config-drive-iso"; did you mean configdrive-iso\? Use one of: /,
    ],
    [
      ["render", fixture("minimal.yaml"), "-f", "nocloud", "--out", "x"],
      /^bootstrapped-vm render: unknown --format "nocloud"; did you mean nocloud-iso or nocloud-dir\? Use one of: nocloud-iso, /,
    ],
    // A bad option value is a usage error, --cloud-init's too (checked as cloudInit.minVersion is).
    [
      ["render", fixture("minimal.yaml"), "-f", "user-data", "-o", "-", "--cloud-init", "abc"],
      /^bootstrapped-vm render: --cloud-init abc: "abc" is not a cloud-init release number; write it as YY\.N, /,
    ],
    [
      ["serve", ".", "--port", "0", "--mode", "nocoud"],
      /^bootstrapped-vm serve: --mode must be nocloud or openstack, not "nocoud"; did you mean nocloud\?$/,
    ],
    // An option that takes one value, given twice with different values: not the last one silently.
    [
      ["render", fixture("minimal.yaml"), "-f", "nocloud-iso", "-f", "user-data", "-o", "-"],
      /^bootstrapped-vm render: --format given twice \("nocloud-iso" and "user-data"\); give it once$/,
    ],
    [
      ["render", fixture("minimal.yaml"), "-f", "user-data", "-o", "seed", "--out", "-"],
      /^bootstrapped-vm render: --out given twice \("seed" and "-"\); give it once$/,
    ],
    [["serve", ".", "-p", "0", "--port", "8000"], /^bootstrapped-vm serve: --port given twice /],
  ])("exits 2 with one clear line and a --help hint for %j", (args, message) => {
    const r = runCli(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[0]).toMatch(/^bootstrapped-vm( [a-z-]+)?: /);
    expect(lines[1]).toMatch(/^Try 'bootstrapped-vm( [a-z-]+)? --help'\.$/);
  });
});

describe("the --help texts' layout", () => {
  /** The lines of the block that follows `heading` (e.g. "Options:"), up to the first blank line. */
  function block(help: string, heading: string): string[] {
    const start = help.split("\n").indexOf(heading);
    if (start < 0) return [];
    const lines = help.split("\n").slice(start + 1);
    const end = lines.indexOf("");
    return end < 0 ? lines : lines.slice(0, end);
  }
  /** Where the text after the first run of two or more spaces following `from` begins (-1: none). */
  const descriptionColumn = (line: string, from: number) => {
    const gap = /\S {2,}(?=\S)/.exec(line.slice(from));
    return gap === null ? -1 : from + gap.index + gap[0].length;
  };

  it.each([["(top level)"], ...COMMANDS.map((c) => [c])])(
    "%s: no line is wider than 100 columns, and the options stand in two aligned columns",
    (command) => {
      const help = runCli(command === "(top level)" ? ["--help"] : [command, "--help"]).stdout;
      expect(help.split("\n").filter((line) => line.length > 100)).toEqual([]);
      for (const heading of ["Options:", "Commands:"]) {
        const lines = block(help, heading);
        if (heading === "Options:" && command !== "(top level)") expect(lines.length).toBeGreaterThan(0);
        const entries = lines.filter((line) => /^ {2}\S/.test(line) || /^ {6}--/.test(line));
        // A long option without a short one lines up with the long options that have one (GNU's layout).
        if (entries.some((line) => /^ {2}-\w, /.test(line)))
          expect(entries.filter((line) => /^ {2}--/.test(line))).toEqual([]);
        const column = descriptionColumn(entries[0] ?? "", 2);
        // Every entry's description, and every line continuing one, starts in the same column (an option
        // too long for that column has its description on the next line, as argp prints it).
        const optionAlone = /^ {2}(-\w, | {4})--[a-z-]+( [A-Z0-9|]+)?$/;
        const misaligned = lines.filter((line) =>
          entries.includes(line)
            ? descriptionColumn(line, 2) !== column && !optionAlone.test(line)
            : line.search(/\S/) !== column,
        );
        expect(misaligned).toEqual([]);
      }
    },
  );
});

describe("docs/cli.md and the --help texts", () => {
  const doc = readFileSync(join(ROOT, "docs", "cli.md"), "utf8");
  /** The command's section: from its `## \`COMMAND ...\`` heading to the next `## ` heading. */
  function section(command: string): { heading: string; text: string } {
    const start = doc.search(new RegExp(`^## \`${command}\\b`, "m"));
    expect(start).toBeGreaterThanOrEqual(0);
    const end = doc.indexOf("\n## ", start + 1);
    const text = doc.slice(start, end < 0 ? undefined : end);
    return { heading: text.split("\n")[0] as string, text };
  }
  const longOptions = (text: string) => [...new Set(text.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [])];

  it.each(COMMANDS)("names every option of %s in its Usage line, or says [options]", (command) => {
    const help = runCli([command, "--help"]).stdout;
    const usage = help.split("\n")[0] as string;
    const options = longOptions(help.split("\nOptions:\n")[1] ?? "").filter((o) => o !== "--help");
    if (!usage.includes("[options]"))
      expect(options.filter((o) => !longOptions(usage).includes(o))).toEqual([]);
  });

  it.each(COMMANDS)(
    "documents every option of %s in its section, and its heading names only real ones",
    (command) => {
      const help = runCli([command, "--help"]).stdout;
      const options = longOptions(help.split("\nOptions:\n")[1] ?? "").filter((o) => o !== "--help");
      const { heading, text } = section(command);
      expect(options.filter((o) => !longOptions(text).includes(o))).toEqual([]);
      expect(longOptions(heading).filter((o) => !options.includes(o))).toEqual([]);
    },
  );
});
