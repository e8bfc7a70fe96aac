/**
 * Standard input and output as the Unix tools the command line replaces use them: `-` as a spec path
 * reads stdin (cat(1), diff(1)), and a stdout that cannot take the output (a full disk, a reader that
 * went away) ends the command with one line and a non-zero status, never Node's stack trace.
 */
import { closeSync, openSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { CLI, fixture, requireBuiltCli } from "./cli-harness";

beforeAll(() => requireBuiltCli());

describe("a stdout that cannot take the output", () => {
  function toDevFull(args: string[]): { status: number | null; stderr: string } {
    const fd = openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [CLI, ...args], {
        stdio: ["ignore", fd, "pipe"],
        encoding: "utf8",
      });
      return { status: r.status, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  }

  it.each([
    [["render", fixture("full.yaml"), "-f", "user-data", "-o", "-"], 1],
    [["render", fixture("full.yaml"), "-f", "nocloud-iso", "-o", "-"], 1],
    [["schema"], 1],
    [["diff", fixture("full.yaml"), fixture("full-changed.yaml")], 2],
  ])("%j to /dev/full: one line on stderr, exit %d", (args, status) => {
    const r = toDevFull(args);
    expect(r.stderr).toBe("bootstrapped-vm: error: standard output: no space left on the device\n");
    expect(r.status).toBe(status);
  });

  it("a reader that stops early (| head -c 10) gets no stack trace", () => {
    const r = spawnSync(
      "bash",
      [
        "-c",
        `"${process.execPath}" "${CLI}" render "${fixture("full.yaml")}" -f configdrive-iso -o - | head -c 10 > /dev/null; echo "status=\${PIPESTATUS[0]}" >&2`,
      ],
      { encoding: "utf8" },
    );
    expect(r.stderr).toBe("status=1\n");
  });
});
