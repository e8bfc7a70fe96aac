/**
 * A rule states its problem once (a fact and its ways out); each front end words the ways in its own terms
 * (src/core/remedy.ts): the library's functions, the vSphere component's arguments, the CLI's options.
 */
import { prefixProblems } from "../../src/core/errors";
import { remedyProblem, rewordProblem } from "../../src/core/problems";
import { libraryWording, wordRemedy, type Remedy } from "../../src/core/remedy";
import { cliWording } from "../../src/cli/wording";
import { vsphereWording } from "../../src/platforms/vsphere/wording";

const noNetwork: Remedy = {
  fact: "the guest would not read the network",
  ways: [
    { kind: "carrier", carriers: ["guestinfo", "nocloud"], note: "network config v2" },
    { kind: "text", text: "remove `network`" },
    { kind: "targetCloudInit", version: "21.4" },
  ],
};

describe("wordRemedy", () => {
  it("writes the fact, then the ways out in their order, the last after `or`", () => {
    expect(wordRemedy(noNetwork, libraryWording)).toBe(
      "the guest would not read the network; use guestinfo or a NoCloud seed (network config v2), remove `network`, " +
        "or set cloudInit.minVersion to 21.4 when every image runs 21.4 or later",
    );
    expect(
      wordRemedy({ fact: "f", ways: [{ kind: "text", text: "a" }, { kind: "seeder" }] }, () => "b"),
    ).toBe("f; a, or b");
  });

  it("leaves out a way the front end does not offer, and writes the fact alone when none is left", () => {
    const offered = wordRemedy(noNetwork, (way) => (way.kind === "carrier" ? "use C" : undefined));
    // The carrier's note is the rule's: added to whatever the front end calls the carrier.
    expect(offered).toBe(
      "the guest would not read the network; use C (network config v2), or remove `network`",
    );
    expect(wordRemedy({ fact: "f", ways: [{ kind: "guestinfoLimit" }] }, () => undefined)).toBe("f");
  });

  it("says why a front end leaves a way out, after the ways it offers, when the front end gives a reason", () => {
    const remedy: Remedy = {
      fact: "f",
      ways: [{ kind: "platformMac", nic: 0 }, { kind: "text", text: "a" }, { kind: "seeder" }],
    };
    const unoffered = (way: { kind: string }) =>
      way.kind === "platformMac" ? { unoffered: "no platform here" } : undefined;
    expect(wordRemedy(remedy, unoffered)).toBe("f; a; no platform here");
    expect(wordRemedy({ fact: "f", ways: [{ kind: "seeder" }] }, () => ({ unoffered: "why" }))).toBe(
      "f; why",
    );
  });

  it("words the same ways in the component's and in each CLI command's terms", () => {
    expect(wordRemedy(noNetwork, vsphereWording)).toBe(
      'the guest would not read the network; use transport "guestinfo" or "nocloudIso" (network config v2), remove ' +
        "`network`, or set bootstrap.cloudInit.minVersion to 21.4 when every image runs 21.4 or later",
    );
    expect(wordRemedy(noNetwork, cliWording("option"))).toBe(
      "the guest would not read the network; render --format guestinfo or nocloud-iso (network config v2), remove " +
        "`network`, or pass --cloud-init 21.4 when every image runs 21.4 or later",
    );
    // serve has no guestinfo and no --cloud-init: its NoCloud mode, and the spec's own field.
    expect(wordRemedy(noNetwork, cliWording("spec"))).toBe(
      "the guest would not read the network; use serve --mode nocloud (network config v2), remove `network`, or set " +
        "cloudInit.minVersion to 21.4 when every image runs 21.4 or later",
    );
    const mac: Remedy = { fact: "no MAC", ways: [{ kind: "platformMac", nic: 2 }] };
    expect(wordRemedy(mac, cliWording("option"))).toBe(
      "no MAC; pass the MAC the platform gives NIC 2 with --mac (one --mac per NIC, in NIC order)",
    );
    expect(wordRemedy(mac, cliWording("fleet"))).toMatch(
      /^no MAC; give each member its own with a placeholder/,
    );
    // serve's guests get no MACs from a platform: the message says so instead of offering --mac.
    expect(wordRemedy(mac, cliWording("spec"))).toBe(
      "no MAC; a served spec gets no MAC addresses from a platform",
    );
  });
});

describe("remedyProblem and rewordProblem", () => {
  it("keep the path and the remedy, through a path prefix too, so a front end can word the problem again", () => {
    const problem = remedyProblem("network", noNetwork);
    expect(problem.message).toBe(wordRemedy(noNetwork, libraryWording));
    const [prefixed] = prefixProblems("bootstrap", [problem]);
    expect(prefixed?.path).toBe("bootstrap.network");
    expect(prefixed && rewordProblem(prefixed, vsphereWording)).toEqual({
      path: "bootstrap.network",
      message: wordRemedy(noNetwork, vsphereWording),
      remedy: noNetwork,
    });
  });

  it("leaves a problem without a remedy as it is", () => {
    const plain = { path: "hostname", message: "is empty" };
    expect(rewordProblem(plain, vsphereWording)).toBe(plain);
  });
});
