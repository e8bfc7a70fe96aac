/**
 * `diff --format F` renders each transport once per side (its review documents and the check that `render
 * --format F` would take the spec come from one rendering), and prints what the built CLI prints. Counted
 * in-process, with each transport's renderer wrapped in a jest.fn: the other diff tests run the built CLI,
 * whose calls no test can see.
 */
import type * as ConfigDrive from "../../src/render/config-drive";
import type * as Guestinfo from "../../src/render/guestinfo";
import type * as Vapp from "../../src/render/vapp";

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

import { diffCommand } from "../../src/cli/diff";
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

describe("bootstrapped-vm diff --format: one rendering of a transport per side", () => {
  it.each(Object.keys(RENDERER))("-f %s renders the transport once per side", async (format) => {
    const renderer = RENDERER[format] as jest.Mock;
    renderer.mockClear();
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
    const args = ["diff", "-f", format, fixture("full.yaml"), fixture("full-changed.yaml")];
    const code = await diffCommand.run(args.slice(1));
    jest.restoreAllMocks();
    // Two sides, each rendered once (before: once for the check, once for the review).
    expect(renderer).toHaveBeenCalledTimes(2);
    const cli = runCli(args);
    expect({ code, stdout, stderr }).toEqual({ code: cli.status, stdout: cli.stdout, stderr: cli.stderr });
    expect(code).toBe(1);
  });
});
