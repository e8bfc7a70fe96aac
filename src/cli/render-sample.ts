/** `bootstrapped-vm render-sample --out DIR`: the package's sample spec as NoCloud and config-drive seed images. */
import { join } from "node:path";
import type { Command } from "./command";
import { parseCommandLine, requiredStringOption, stringOption } from "./args";
import { EXIT_OK, InputError, UsageError } from "./errors";
import { findFormat } from "./formats";
import { loadSpec } from "./load-spec";
import { sampleSpecPath } from "./package-root";
import { renderSpecDocuments, toInputError } from "./render-documents";
import { FILE_MODE_HELP, makeOutputDir, parseFileMode, writeOutput } from "./write-output";
import { writeStdout } from "./stdout";

const NAME = "render-sample";

const HELP = `Usage: bootstrapped-vm render-sample --out DIR [--file-mode OCTAL]

Renders the package's sample spec (examples/sample-spec.yaml) into
  DIR/nocloud.iso       NoCloud seed image (label cidata)
  DIR/config-drive.iso  config-drive v2 image (label config-2)
Both images are rendered in memory before either is written; each is written atomically. The
sample spec has a password: the images hold its hash, so they are written readable by their owner
only (mode 0600, less what the umask removes) unless --file-mode says otherwise.
Attach one to a VM as a CD-ROM, e.g.
  qemu-system-x86_64 ... -drive file=DIR/nocloud.iso,media=cdrom

Options:
  -o, --out DIR            output directory (required; created when missing)
${FILE_MODE_HELP}
  -h, --help               show this help`;

export const renderSampleCommand: Command = {
  name: NAME,
  help: HELP,
  async run(argv) {
    const cl = parseCommandLine(
      NAME,
      argv,
      { out: { type: "string", short: "o" }, "file-mode": { type: "string" } },
      [],
    );
    if (cl.help) {
      writeStdout(`${HELP}\n`);
      return EXIT_OK;
    }
    const dir = requiredStringOption(cl, NAME, "out");
    if (dir === "-")
      throw new UsageError("--out -: - is stdout, but --out names a directory; give one", NAME);
    const fileMode = parseFileMode(stringOption(cl, "file-mode"), NAME);
    const spec = loadSpec(sampleSpecPath());
    const docs = renderSpecDocuments(spec);
    // The same images as the root Pulumi program (index.ts): the config drive also carries the
    // flat_injected-style legacy network file.
    const images: [string, string, boolean][] = [
      ["nocloud.iso", "nocloud-iso", false],
      ["config-drive.iso", "configdrive-iso", true],
    ];
    const outputs = images.map(([file, formatName, legacyNetworkFile]) => {
      const flags = { legacyNetworkFile, macs: [] };
      const format = findFormat(formatName);
      if (!format) throw new InputError([`internal: format ${formatName} is not registered`]);
      try {
        return [join(dir, file), format.render(spec, docs, flags)] as const;
      } catch (err) {
        throw toInputError(err);
      }
    });
    makeOutputDir(dir, "--out");
    for (const [path, output] of outputs) {
      await writeOutput(path, output, { fileMode });
      writeStdout(`wrote ${path} (instance-id ${docs.instanceId})\n`);
    }
    return EXIT_OK;
  },
};
