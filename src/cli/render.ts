/** `bootstrapped-vm render SPEC --format F --out PATH`: one spec to one platform's artifact. */
import type { Command } from "./command";
import { parseCommandLine, requiredStringOption, stringListOption, stringOption } from "./args";
import { EXIT_OK, UsageError } from "./errors";
import { findFormat, OUTPUT_FORMATS } from "./formats";
import { loadSpec } from "./load-spec";
import { parseMacOptions, renderSpecDocuments, toInputError } from "./render-documents";
import { writeOutput } from "./write-output";

const NAME = "render";

const HELP = `Usage: bootstrapped-vm render SPEC --format FORMAT --out PATH [options]

Renders the spec file SPEC (YAML or JSON) into one platform's artifact and writes it to PATH
atomically (a temporary file or directory renamed into place): the same spec gives the same bytes.

Formats:
${OUTPUT_FORMATS.map((f) => `  ${f.name.padEnd(18)}${f.summary}`).join("\n")}

Options:
  --format FORMAT          one of the formats above (required)
  --out PATH               output file, or directory for *-dir and vmware-seeder (required)
  --mac MAC                MAC the platform assigns to the next NIC (repeat in NIC order); fills in
                           interfaces the spec matches by position
  --network-version 1|2    network config version for --format network-config (default 2)
  --legacy-network-file    add the flat_injected-style openstack/content/0000 network file
                           (configdrive-iso, configdrive-dir)
  --cloud-init VERSION     the oldest cloud-init the image runs (YY.N, e.g. 20.4); overrides the
                           spec's cloudInit.minVersion (default 22.4, docs/cloud-init-versions.md)
  -h, --help               show this help

Exit status: 0 written, 1 invalid spec or render error (nothing written), 2 usage error.`;

export const renderCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      {
        format: { type: "string" },
        out: { type: "string" },
        mac: { type: "string", multiple: true },
        "network-version": { type: "string" },
        "legacy-network-file": { type: "boolean" },
        "cloud-init": { type: "string" },
      },
      ["SPEC"],
    );
    if (cl.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const formatName = requiredStringOption(cl, NAME, "format");
    const out = requiredStringOption(cl, NAME, "out");
    const format = findFormat(formatName);
    if (!format) {
      throw new UsageError(
        `unknown --format "${formatName}"; use one of: ${OUTPUT_FORMATS.map((f) => f.name).join(", ")}`,
        NAME,
      );
    }
    const versionText = stringOption(cl, "network-version");
    if (versionText !== undefined && format.name !== "network-config") {
      throw new UsageError("--network-version applies only to --format network-config", NAME);
    }
    if (versionText !== undefined && versionText !== "1" && versionText !== "2") {
      throw new UsageError(`--network-version must be 1 or 2, not "${versionText}"`, NAME);
    }
    const legacyNetworkFile = cl.values["legacy-network-file"] === true;
    if (legacyNetworkFile && !format.name.startsWith("configdrive-")) {
      throw new UsageError("--legacy-network-file applies only to configdrive-iso and configdrive-dir", NAME);
    }
    const { macs, problems } = parseMacOptions(stringListOption(cl, "mac"));
    if (problems.length > 0) throw new UsageError(problems.join("\n"), NAME);

    const loaded = loadSpec(cl.positionals[0] as string);
    const cloudInit = stringOption(cl, "cloud-init");
    // The flag overrides the spec's target; validation (with the path cloudInit.minVersion) checks it.
    const spec =
      cloudInit === undefined
        ? loaded
        : { ...loaded, cloudInit: { ...loaded.cloudInit, minVersion: cloudInit } };
    const docs = renderSpecDocuments(spec, macs);
    let output;
    try {
      output = format.render(spec, docs, {
        networkVersion: versionText === "1" ? 1 : 2,
        legacyNetworkFile,
        macs,
      });
    } catch (err) {
      throw toInputError(err);
    }
    writeOutput(out, output, format.ownedEntries);
    return EXIT_OK;
  },
};
