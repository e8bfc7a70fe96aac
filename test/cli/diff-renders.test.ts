/**
 * `diff --format F` renders each transport once per side (its review documents and the check that `render
 * --format F` would take the spec come from one rendering), and prints what the built CLI prints. Counted
 * in-process, with each transport's renderer wrapped in a jest.fn: the other diff tests run the built CLI,
 * whose calls no test can see. `diff -q` hides no secret and makes no patch: it prints neither.
 */
import type * as ConfigDrive from "../../src/render/config-drive";
import type * as Guestinfo from "../../src/render/guestinfo";
import type * as Vapp from "../../src/render/vapp";
import type * as DiffSecrets from "../../src/cli/diff-secrets";
import type * as Diff from "diff";

jest.mock("../../src/render/guestinfo", () => {
  const actual = jest.requireActual<typeof Guestinfo>("../../src/render/guestinfo");
  return { ...actual, renderGuestinfo: jest.fn(actual.renderGuestinfo) };
});
jest.mock("../../src/render/vapp", () => {
  const actual = jest.requireActual<typeof Vapp>("../../src/render/vapp");
  return { ...actual, renderVappProperties: jest.fn(actual.renderVappProperties) };
});
jest.mock("../../src/render/config-drive", () => {
  const actual = jest.requireActual<typeof ConfigDrive>("../../src/render/config-drive");
  return { ...actual, renderConfigDriveTree: jest.fn(actual.renderConfigDriveTree) };
});

jest.mock("../../src/cli/diff-secrets", () => {
  const actual = jest.requireActual<typeof DiffSecrets>("../../src/cli/diff-secrets");
  return { ...actual, hideSecrets: jest.fn(actual.hideSecrets) };
});
jest.mock("diff", () => {
  const actual = jest.requireActual<typeof Diff>("diff");
  return { ...actual, structuredPatch: jest.fn(actual.structuredPatch) };
});

import { structuredPatch } from "diff";
import { diffCommand } from "../../src/cli/diff";
import { hideSecrets } from "../../src/cli/diff-secrets";
import { renderConfigDriveTree } from "../../src/render/config-drive";
import { renderGuestinfo } from "../../src/render/guestinfo";
import { renderVappProperties } from "../../src/render/vapp";
import { fixture, requireBuiltCli, runCli } from "./cli-harness";

beforeAll(() => requireBuiltCli());
afterEach(() => jest.restoreAllMocks());

const RENDERER: Record<string, unknown> = {
  guestinfo: renderGuestinfo,
  vapp: renderVappProperties,
  "configdrive-dir": renderConfigDriveTree,
};

/** Runs the diff command in-process; returns its exit status and what it wrote. */
async function diffInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const code = await diffCommand.run(args.slice(1));
  jest.restoreAllMocks();
  return { code, stdout, stderr };
}

describe("bootstrapped-vm diff --format: one rendering of a transport per side", () => {
  it.each(Object.keys(RENDERER))("-f %s renders the transport once per side", async (format) => {
    const renderer = RENDERER[format] as jest.Mock;
    renderer.mockClear();
    const args = ["diff", "-f", format, fixture("full.yaml"), fixture("full-changed.yaml")];
    const result = await diffInProcess(args);
    // Two sides, each rendered once (before: once for the check, once for the review).
    expect(renderer).toHaveBeenCalledTimes(2);
    const cli = runCli(args);
    expect(result).toEqual({ code: cli.status, stdout: cli.stdout, stderr: cli.stderr });
    expect(result.code).toBe(1);
  });
});

describe("bootstrapped-vm diff -q: only the summary is made", () => {
  it.each(["-q", "--brief", "-q --all", "-q -f nocloud-dir"])(
    "diff %s hides no secret and makes no patch, and prints what the built CLI prints",
    async (options) => {
      const flags = options.split(" ");
      (hideSecrets as jest.Mock).mockClear();
      (structuredPatch as jest.Mock).mockClear();
      const args = ["diff", ...flags, fixture("full.yaml"), fixture("full-changed.yaml")];
      const result = await diffInProcess(args);
      expect(hideSecrets).not.toHaveBeenCalled();
      expect(structuredPatch).not.toHaveBeenCalled();
      expect(result.code).toBe(1);
      const cli = runCli(args);
      expect(result).toEqual({ code: cli.status, stdout: cli.stdout, stderr: cli.stderr });
    },
  );

  it("without -q the same diff hides secrets and makes the patches it prints", async () => {
    (hideSecrets as jest.Mock).mockClear();
    (structuredPatch as jest.Mock).mockClear();
    const result = await diffInProcess(["diff", fixture("full.yaml"), fixture("full-changed.yaml")]);
    expect(result.code).toBe(1);
    expect(hideSecrets).toHaveBeenCalledTimes(1);
    const patches = (structuredPatch as jest.Mock).mock.calls.length;
    expect(patches).toBeGreaterThan(0);
    expect(result.stdout.match(/^--- a\//gm)).toHaveLength(patches);
  });
});
