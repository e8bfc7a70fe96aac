/** `bootstrapped-vm diff OLD_SPEC NEW_SPEC`: what a VM would receive differently, for code review. */
import { createTwoFilesPatch } from "diff";
import type { Command } from "./command";
import { parseCommandLine, stringListOption } from "./args";
import { EXIT_INPUT, EXIT_OK, UsageError } from "./errors";
import { loadSpec } from "./load-spec";
import { parseMacOptions, renderSpecDocuments, toInputError } from "./render-documents";
import { reviewDocuments } from "./review-documents";

const NAME = "diff";

const HELP = `Usage: bootstrapped-vm diff OLD_SPEC NEW_SPEC [--mac MAC]...

Renders both spec files and prints a unified diff of every document a guest can receive:
user-data, meta-data, vendor-data, network-config v2 and v1, the config-drive files
(meta_data.json, network_data.json, vendor_data.json, content/0000), guestinfo.metadata decoded
(with its network decoded), the guestinfo keys with their encodings and sizes, and the vApp
properties. Documents that are equal are not printed; a last line names the ones that differ.
A changed document usually changes the instance-id too (contentHash policy): that is what makes
cloud-init run again on the next boot.

Options:
  --mac MAC     MAC the platform assigns to the next NIC (repeatable), for both specs
  -h, --help    show this help

Exit status: 0 no differences, 1 differences (or an invalid spec), 2 usage error.`;

export const diffCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(NAME, argv, { mac: { type: "string", multiple: true } }, [
      "OLD_SPEC",
      "NEW_SPEC",
    ]);
    if (cl.help) {
      process.stdout.write(`${HELP}\n`);
      return EXIT_OK;
    }
    const { macs, problems } = parseMacOptions(stringListOption(cl, "mac"));
    if (problems.length > 0) throw new UsageError(problems.join("\n"), NAME);
    const [oldPath, newPath] = cl.positionals as [string, string];
    const oldSpec = loadSpec(oldPath);
    const newSpec = loadSpec(newPath);
    let before: [string, string][];
    let after: [string, string][];
    try {
      before = reviewDocuments(oldSpec, renderSpecDocuments(oldSpec, macs), macs);
      after = reviewDocuments(newSpec, renderSpecDocuments(newSpec, macs), macs);
    } catch (err) {
      throw toInputError(err);
    }
    const changed: string[] = [];
    let text = "";
    after.forEach(([name, newText], i) => {
      const oldText = before[i]?.[1] ?? "";
      if (oldText === newText) return;
      changed.push(name);
      text += createTwoFilesPatch(`a/${name}`, `b/${name}`, oldText, newText, oldPath, newPath, {
        context: 3,
      });
    });
    if (changed.length === 0) return EXIT_OK;
    text += `\n${changed.length} of ${after.length} documents differ: ${changed.join(", ")}\n`;
    process.stdout.write(text);
    return EXIT_INPUT;
  },
};
