/**
 * `recordingSecretTexts` (the component's view of its platform args: each secret input records its texts
 * before anything reads its value) and the lower-case forms `redactSecretTexts` looks for.
 */
import * as pulumi from "@pulumi/pulumi";
import { installMocks, valueOf } from "../component/mock-harness";
import { inputPropertiesError, redactSecretTexts } from "../../src/core/errors";
import { recordingSecretTexts } from "../../src/core/secrets";

installMocks();

describe("recordingSecretTexts", () => {
  it("records a secret input's texts before anything reads its value, and keeps values and secretness", async () => {
    const recorded: string[] = [];
    const fixed = { networkId: "n", tags: ["a"] };
    const args = recordingSecretTexts(
      {
        fixed,
        macs: [pulumi.secret("52:54:00:AA:BB:CC")],
        later: Promise.resolve(pulumi.secret(7)),
        open: pulumi.output("not-a-secret"),
      },
      (texts) => recorded.push(...texts),
    );
    // What a late check sees, and the texts known when it runs.
    const seen = await valueOf(
      pulumi.all([args.macs, args.later, args.open]).apply((values) => ({ values, known: [...recorded] })),
    );
    expect(seen.values).toEqual([["52:54:00:AA:BB:CC"], 7, "not-a-secret"]);
    expect(seen.known.sort()).toEqual(["52:54:00:AA:BB:CC", "7"]);
    expect(args.fixed).toBe(fixed);
    expect(await pulumi.isSecret(args.macs[0] as pulumi.Output<string>)).toBe(true);
    expect(await pulumi.isSecret(pulumi.output(args.later))).toBe(true);
    expect(await pulumi.isSecret(args.open)).toBe(false);
  });
});

describe("redactSecretTexts", () => {
  it("redacts a secret in the lower case a message prints it in (a MAC)", () => {
    const err = inputPropertiesError([
      {
        path: "vsphere.networkInterfaces[0].macAddress",
        message: "00:50:56:0a:0b:0c is also the MAC of web: vsphere.networkInterfaces[1].macAddress",
      },
    ]);
    const redacted = redactSecretTexts(err, ["00:50:56:0A:0B:0C"]);
    expect(redacted.message).toContain("<secret> is also the MAC of web");
    expect(JSON.stringify(redacted.errors)).not.toContain("0b:0c");
  });
});
