/**
 * Where the problems a render finds (after the spec's validation accepted it) are placed: in the spec
 * file, as the validation's own problems are, also for a spec a worker thread loaded and posted to the
 * main thread (a structured clone, which carries no link to the file it was read from).
 */
import { findFormat } from "../../src/cli/formats";
import { loadOne, renderLoaded, type Loaded } from "../../src/cli/render-jobs";
import { receivedLoaded } from "../../src/cli/render-parallel";
import type { RenderChoice } from "../../src/cli/render-options";
import { fixture } from "./cli-harness";

const choice: RenderChoice = {
  format: findFormat("nocloud-iso"),
  flags: { legacyNetworkFile: false, macs: [] },
};

/** The outcome's problem lines up to each message, e.g. `FILE:5:7: network.interfaces[0]`. */
function placesOf(path: string, loaded: Loaded): string[] {
  const outcome = renderLoaded(path, loaded, choice);
  if (!("lines" in outcome)) throw new Error("the render did not fail");
  return outcome.lines.map((line) => line.replace(/: has neither .*/, ""));
}

describe("render-stage problems", () => {
  const path = fixture("by-position.yaml");
  const expected = [`${path}:5:7: network.interfaces[0]`, `${path}:7:7: network.interfaces[1]`];

  it("are placed in the file for a spec loaded on the main thread", () => {
    expect(placesOf(path, loadOne(path))).toEqual(expected);
  });

  it("are placed in the file for a spec a worker thread loaded and posted", () => {
    // postMessage sends a structured clone; receivedLoaded is what the main thread does with it.
    const posted = structuredClone(loadOne(path));
    expect(placesOf(path, receivedLoaded(posted))).toEqual(expected);
  });
});
