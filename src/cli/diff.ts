/**
 * `bootstrapped-vm diff OLD_SPEC NEW_SPEC`: what a VM would receive differently, for code review.
 * Exit status as diff(1): 0 no differences, 1 differences, 2 trouble (an unreadable or invalid spec,
 * named by its file, or a usage error).
 */
import { createTwoFilesPatch } from "diff";
import type { Command } from "./command";
import { parseCommandLine, stringListOption } from "./args";
import { EXIT_OK, UsageError, inFile } from "./errors";
import { loadSpec } from "./load-spec";
import { parseMacOptions, renderSpecDocuments, toInputError } from "./render-documents";
import { deliveredNetworkDocument, formatDocuments, reviewDocuments } from "./review-documents";
import { formatByName } from "./render-options";
import type { BootstrapSpec } from "../spec/types";

const NAME = "diff";
const EXIT_DIFFERENT = 1;
const EXIT_TROUBLE = 2;

const HELP = `Usage: bootstrapped-vm diff OLD_SPEC NEW_SPEC [--format FORMAT]... [--all] [--mac MAC]...

Renders both spec files and prints a unified diff of the documents a guest receives that differ.
Without --format: every document (user-data, meta-data, vendor-data, network-config v2 and v1, the
config-drive files (meta_data.json, network_data.json, vendor_data.json, content/0000),
guestinfo.metadata decoded (with its network decoded), the guestinfo keys with their encodings and
sizes, and the vApp properties). With --format (repeatable): only the documents of the formats you
deploy, e.g. --format nocloud-iso for user-data, meta-data, vendor-data and network-config.
The last line names the documents that differ; with --all it also counts them ("3 of 13 documents
differ"). A changed document usually changes the instance-id too (contentHash policy): that is what
makes cloud-init run again on the next boot.

Options:
  -f, --format FORMAT   compare only the documents of this render format (repeatable)
      --all             compare every document and count them in the last line
  -m, --mac MAC         MAC the platform assigns to the next NIC (repeatable), for both specs
  -h, --help            show this help

Exit status (as diff(1)): 0 no differences, 1 differences, 2 trouble: an unreadable or invalid
spec (each problem is printed with the file it is in) or a usage error.`;

/** Loads and renders one side; every problem comes back prefixed with the file it is in. */
function reviewSide(
  path: string,
  macs: readonly string[],
): { docs?: [string, string][]; network?: string; problems: string[] } {
  let spec: BootstrapSpec;
  try {
    spec = loadSpec(path);
    const docs = renderSpecDocuments(spec, macs);
    const network = deliveredNetworkDocument(docs);
    return { docs: reviewDocuments(spec, docs, macs), ...(network ? { network } : {}), problems: [] };
  } catch (err) {
    const lines = toInputError(err).lines;
    return { problems: lines.map((l) => inFile(path, l)) };
  }
}

export const diffCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      {
        mac: { type: "string", multiple: true, short: "m" },
        format: { type: "string", multiple: true, short: "f" },
        all: { type: "boolean" },
      },
      ["OLD_SPEC", "NEW_SPEC"],
    );
    if (cl.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const { macs, problems } = parseMacOptions(stringListOption(cl, "mac"));
    if (problems.length > 0) throw new UsageError(problems.join("\n"), NAME);
    const formats = stringListOption(cl, "format").map((name) => formatByName(name, NAME));
    const all = cl.values.all === true;
    if (all && formats.length > 0) throw new UsageError("--all compares every document; drop --format", NAME);
    const selectors = formats.map((f) => {
      const selector = formatDocuments(f.name);
      if (!selector)
        throw new UsageError(`--format ${f.name} is the same for every spec: nothing to diff`, NAME);
      return selector;
    });
    const [oldPath, newPath] = cl.positionals as [string, string];
    const before = reviewSide(oldPath, macs);
    const after = reviewSide(newPath, macs);
    // The network config the guests are given: v2, or v1 for either side (src/render/network-delivery.ts).
    const network = new Set([before.network, after.network].filter((n) => n !== undefined));
    const wanted = (doc: string) => selectors.length === 0 || selectors.some((s) => s(doc, network));
    const trouble = [...before.problems, ...after.problems];
    if (trouble.length > 0 || !before.docs || !after.docs) {
      process.stderr.write(trouble.map((l) => `${l}\n`).join(""));
      return EXIT_TROUBLE;
    }
    const oldDocs = new Map(before.docs);
    const compared = after.docs.filter(([name]) => wanted(name));
    const changed: string[] = [];
    let text = "";
    for (const [name, newText] of compared) {
      const oldText = oldDocs.get(name) ?? "";
      if (oldText === newText) continue;
      changed.push(name);
      text += createTwoFilesPatch(`a/${name}`, `b/${name}`, oldText, newText, oldPath, newPath, {
        context: 3,
      });
    }
    if (changed.length === 0) return EXIT_OK;
    const summary = all
      ? `${changed.length} of ${compared.length} documents differ: ${changed.join(", ")}`
      : `differ: ${changed.join(", ")}`;
    process.stdout.write(`${text}\n${summary}\n`);
    return EXIT_DIFFERENT;
  },
};
